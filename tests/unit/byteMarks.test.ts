import { describe, expect, it } from 'vitest'
import { byteMarks, joinMarks, mixedLineEnds, noMarks, scanBytes, type ByteMarks } from '../../src/csv/byteMarks'
import { byteMarksAsync, normalizeMixedNewlines } from '../../src/csv/decode'
import { lcg } from '../helpers/lcg'

/** The same facts, byte by byte. */
function naive(b: Uint8Array): ByteMarks {
  const m = noMarks()
  b.forEach((x, i) => {
    if (x === 0x22) m.quote = true
    if (x === 0x0d) {
      m.cr = true
      if (b[i + 1] !== 0x0a) m.lone = true
    }
    if (x === 0x0a) {
      m.lf = true
      if (b[i - 1] !== 0x0d) m.lone = true
    }
  })
  return m
}

/** The rule as first written: mixed when some CR or LF is not part of a CRLF pair and there is an LF. */
function mixedReference(b: Uint8Array): boolean {
  if (!b.includes(0x0d)) return false
  let crlf = false
  let lone = false
  b.forEach((x, i) => {
    if (x === 0x0d) {
      if (b[i + 1] === 0x0a) crlf = true
      else lone = true
    }
    if (x === 0x0a && b[i - 1] !== 0x0d) lone = true
  })
  return lone && (crlf || b.includes(0x0a))
}

/** Random bytes in one line-end style (LF, CRLF, CR or any), at a random alignment. */
function sample(rnd: () => number, k: number): Uint8Array {
  const n = 1 + Math.floor(rnd() * 60)
  const offset = Math.floor(rnd() * 4)
  const b = new Uint8Array(n + 4).subarray(offset, offset + n)
  const style = k % 4
  for (let i = 0; i < n; i++) {
    const r = rnd()
    if (r < 0.8) b[i] = [0x41, 0x2c, 0x31, 0x22, 0xe5, 0x8d, 0x0c, 0x0e][Math.floor(rnd() * 8)] as number
    else if (style === 0) b[i] = 0x0a
    else if (style === 2) b[i] = 0x0d
    else if (style === 3) b[i] = rnd() < 0.5 ? 0x0d : 0x0a
    else {
      b[i] = 0x0d
      if (i + 1 < n) b[++i] = 0x0a
    }
  }
  // Now and then one stray line end of the other kind.
  if (rnd() < 0.3) b[Math.floor(rnd() * n)] = rnd() < 0.5 ? 0x0d : 0x0a
  return b
}

describe('byteMarks', () => {
  it('finds each of CR, LF and quote at every position, at every alignment, and nothing in their neighbours', () => {
    // Bytes one away from them, and the same with the high bit set, must not count.
    const near = [0x0c, 0x0e, 0x09, 0x0b, 0x21, 0x23, 0x8d, 0x8a, 0xa2, 0x00, 0xff]
    for (let offset = 0; offset < 4; offset++) {
      for (let len = 0; len <= 19; len++) {
        const view = new Uint8Array(len + 8).subarray(offset, offset + len)
        view.fill(near[len % near.length] as number)
        expect(byteMarks(view), `offset ${offset} len ${len}`).toEqual(noMarks())
        for (let at = 0; at < len; at++) {
          for (const b of [0x0d, 0x0a, 0x22]) {
            view.fill(near[(at + len) % near.length] as number)
            view[at] = b
            expect(byteMarks(view), `offset ${offset} len ${len} at ${at} byte ${b}`).toEqual(naive(view))
            // A CRLF pair at every position, across word boundaries too.
            if (b === 0x0d && at + 1 < len) {
              view[at + 1] = 0x0a
              expect(byteMarks(view), `CRLF offset ${offset} len ${len} at ${at}`).toEqual({ cr: true, lf: true, lone: false, quote: false })
            }
          }
        }
      }
    }
  })

  it('agrees with a byte-by-byte look on random buffers, whole, in windows, and cut anywhere', async () => {
    const rnd = lcg(11)
    for (let k = 0; k < 800; k++) {
      const b = sample(rnd, k)
      const want = naive(b)
      expect(byteMarks(b), `case ${k}: ${Array.from(b).join(' ')}`).toEqual(want)
      expect(await byteMarksAsync(b)).toEqual(want)
      const cut = Math.floor(rnd() * (b.length + 1))
      const parts = noMarks()
      scanBytes(b, 0, cut, parts)
      scanBytes(b, cut, b.length, parts)
      expect(parts, `case ${k} cut ${cut}`).toEqual(want)
    }
    expect(joinMarks({ cr: true, lf: false, lone: false, quote: false }, { cr: false, lf: true, lone: true, quote: true })).toEqual({ cr: true, lf: true, lone: true, quote: true })
  })

  it('normalizeMixedNewlines rewrites exactly the files the first rule called mixed, with or without marks given', async () => {
    const rnd = lcg(5)
    const kinds = { mixed: 0, kept: 0 }
    for (let k = 0; k < 800; k++) {
      const b = sample(rnd, k)
      const want = mixedReference(b)
      expect(mixedLineEnds(byteMarks(b)), `case ${k}: ${Array.from(b).join(' ')}`).toBe(want)
      for (const got of [await normalizeMixedNewlines(b), await normalizeMixedNewlines(b, byteMarks(b))]) {
        expect(got !== null).toBe(want)
        if (got) expect(new TextDecoder().decode(got)).toBe(new TextDecoder().decode(b).replace(/\r\n?/g, '\n'))
      }
      kinds[want ? 'mixed' : 'kept']++
    }
    expect(kinds.mixed).toBeGreaterThan(50)
    expect(kinds.kept).toBeGreaterThan(50)
  })
})

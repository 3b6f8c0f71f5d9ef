import { describe, expect, it } from 'vitest'
import { toUtf8 } from '../../src/csv/decode'
import { byteMarks } from '../../src/csv/byteMarks'
import { convertPart, gb18030ToUtf8, gb18030ToUtf8Sync, type PartJob } from '../../src/csv/gb18030'
import { gb18030ToUtf8Parallel } from '../../src/csv/gb18030Parallel'
import { lcg } from '../helpers/lcg'

/** Deterministic bytes shaped like GBK text with every kind of trouble mixed in. */
function fuzz(seed: number, n: number): Uint8Array {
  const rnd = lcg(seed)
  const out: number[] = []
  while (out.length < n) {
    const r = rnd()
    if (r < 0.45) out.push(0x20 + Math.floor(rnd() * 0x5f)) // ASCII
    else if (r < 0.8) out.push(0x81 + Math.floor(rnd() * 126), 0x40 + Math.floor(rnd() * 0xbf)) // two-byte, some invalid
    else if (r < 0.85) out.push(0x81 + Math.floor(rnd() * 126), 0x30 + Math.floor(rnd() * 10), 0x81 + Math.floor(rnd() * 126), 0x30 + Math.floor(rnd() * 10)) // four-byte
    else if (r < 0.87) out.push(0x81 + Math.floor(rnd() * 126), 0x30 + Math.floor(rnd() * 10), Math.floor(rnd() * 256)) // broken four-byte
    else if (r < 0.89) out.push([0x80, 0xff, 0x7f][Math.floor(rnd() * 3)] as number)
    else if (r < 0.9) out.push(0x81 + Math.floor(rnd() * 126)) // lone lead
    else if (r < 0.97) out.push(0x0a)
    else out.push(0x0d, 0x0a)
  }
  return new Uint8Array(out)
}

const reference = (b: Uint8Array) => new TextEncoder().encode(new TextDecoder('gb18030').decode(b))

describe('gb18030ToUtf8', () => {
  it('gives the same bytes as TextDecoder on 30 fuzzed inputs, with slices cut anywhere', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const bytes = fuzz(seed, 20_000)
      const got = await gb18030ToUtf8(bytes, 97 + seed * 13)
      expect(Buffer.from(got.utf8).equals(Buffer.from(reference(bytes))), `seed ${seed}`).toBe(true)
    }
  })

  it('copies long ASCII runs four bytes at a time, at every alignment of the input, as TextDecoder decodes', async () => {
    const rnd = lcg(42)
    const line = () => {
      const out: number[] = []
      for (let k = 0; k < 40 + Math.floor(rnd() * 80); k++) out.push(0x30 + Math.floor(rnd() * 10))
      if (rnd() < 0.6) out.push(0xb3, 0xc7, 0xc7, 0xf8) // 城区
      if (rnd() < 0.1) out.push(0x81, 0x30, 0x81, 0x30) // four-byte
      out.push(0x2c, 0x31, 0x0a)
      return out
    }
    const text: number[] = []
    while (text.length < 50_000) text.push(...line())
    for (let offset = 0; offset < 4; offset++) {
      const padded = new Uint8Array(text.length + 4)
      padded.set(text, offset)
      const bytes = padded.subarray(offset, offset + text.length)
      const got = await gb18030ToUtf8(bytes, 4096 + offset)
      expect(Buffer.from(got.utf8).equals(Buffer.from(reference(bytes))), `offset ${offset}`).toBe(true)
    }
  })

  it('converts every two-byte character, in runs of them between ASCII, at every alignment, as TextDecoder does', async () => {
    const decoder = new TextDecoder('gb18030')
    const valid: number[] = []
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const s = decoder.decode(new Uint8Array([lead, trail]))
        if (trail !== 0x7f && s.length === 1 && s !== '\ufffd') valid.push(lead, trail)
      }
    }
    expect(valid.length / 2).toBeGreaterThan(21_000)
    // Runs of 1 to 40 characters, then one to five ASCII bytes (a delimiter, digits, a line end).
    const rnd = lcg(7)
    const text: number[] = []
    for (let k = 0; k < valid.length; ) {
      const run = 1 + Math.floor(rnd() * 40)
      text.push(...valid.slice(k, k + 2 * run))
      k += 2 * run
      for (let a = Math.floor(rnd() * 5); a >= 0; a--) text.push([0x2c, 0x31, 0x0a][Math.floor(rnd() * 3)] as number)
    }
    for (let offset = 0; offset < 4; offset++) {
      const padded = new Uint8Array(text.length + 4)
      padded.set(text, offset)
      const bytes = padded.subarray(offset, offset + text.length)
      const want = Buffer.from(reference(bytes))
      expect(Buffer.from(gb18030ToUtf8Sync(bytes).utf8).equals(want), `offset ${offset}`).toBe(true)
      expect(Buffer.from((await gb18030ToUtf8(bytes, 1000 + offset)).utf8).equals(want), `offset ${offset}, slices`).toBe(true)
    }
    // A run that ends the input, and a lone lead byte after it.
    const tail = new Uint8Array([0x31, 0xb3, 0xc7, 0xc7, 0xf8])
    expect(new TextDecoder().decode(gb18030ToUtf8Sync(tail).utf8)).toBe('1城区')
    expect(new TextDecoder().decode(gb18030ToUtf8Sync(new Uint8Array([...tail, 0xb3])).utf8)).toBe('1城区\ufffd')
  })

  it('reports undecodable bytes like the one-shot decoder: first line, its text, count', async () => {
    const good = new Uint8Array([0xb3, 0xc7, 0xc7, 0xf8, 0x2c, 0x31, 0x0a]) // 城区,1
    const broken = new Uint8Array([0x41, 0xff, 0x42, 0x2c, 0x32, 0x0d, 0x0a, 0x43, 0x80, 0x81, 0x0a, 0x44, 0xb3])
    const bytes = new Uint8Array([...good, ...good, ...broken])
    const got = await gb18030ToUtf8(bytes, 5)
    const once = toUtf8(bytes, 'x.csv', 'gb18030')
    expect(got.undecodable).toEqual({ line: 3, text: 'A\ufffdB,2', count: 3 })
    expect(got.undecodable).toEqual(once.undecodable)
    expect(Buffer.from(got.utf8).equals(Buffer.from(once.utf8))).toBe(true)
  })

  it('drops a GB18030 byte-order mark as the one-shot decoder does, and decodes an empty input', async () => {
    const bytes = new Uint8Array([0x84, 0x31, 0x95, 0x33, 0xb3, 0xc7, 0x0a, 0x41])
    expect(new TextDecoder().decode((await gb18030ToUtf8(bytes)).utf8)).toBe('城\nA')
    expect(new TextDecoder().decode(toUtf8(bytes, 'x.csv', 'gb18030').utf8)).toBe('城\nA')
    expect((await gb18030ToUtf8(new Uint8Array(0))).utf8.length).toBe(0)
  })
})

describe('gb18030ToUtf8Parallel', () => {
  it('joins the first part (converted here) and the workers\u2019 parts into TextDecoder\u2019s bytes, with the first undecodable line of the whole file', async () => {
    // Workers run the real transcoder, on a later turn, as a browser's would.
    const jobs: PartJob[] = []
    class FakeWorker {
      onmessage: ((e: { data: unknown }) => void) | null = null
      onerror: ((e: { message: string }) => void) | null = null
      postMessage(msg: PartJob) {
        jobs.push(msg)
        setTimeout(() => this.onmessage?.({ data: convertPart(msg) }), 5)
      }
      terminate() {}
    }
    const g = globalThis as unknown as { Worker?: unknown }
    const saved = g.Worker
    g.Worker = FakeWorker
    try {
      // Valid text only (digits, 城区, line feeds), then one bad byte late in the file.
      const line = new Uint8Array([0x31, 0x32, 0x2c, 0xb3, 0xc7, 0xc7, 0xf8, 0x2c, 0x33, 0x34, 0x2e, 0x35, 0x0a])
      const bytes = new Uint8Array(17 * 1024 * 1024)
      for (let at = 0; at < bytes.length; at += line.length) bytes.set(line.subarray(0, Math.min(line.length, bytes.length - at)), at)
      // Its line must be counted from the top of the whole file, not of the worker's part.
      const late = bytes.indexOf(0x0a, 16 * 1024 * 1024) + 1
      bytes[late] = 0xff
      // A quote in the second part only: the parts' findings are joined.
      bytes[bytes.length - 3] = 0x22
      const once = toUtf8(bytes, 'x.csv', 'gb18030')
      const input = bytes.slice()
      const got = await gb18030ToUtf8Parallel(input)
      // The last part's worker was handed the file's own buffer, not a copy of its part.
      expect(jobs.length).toBe(2)
      expect(jobs[1]?.bytes).toBe(input)
      expect(jobs[1]?.range?.[1]).toBe(input.length)
      expect(jobs[0]?.bytes.length).toBe(jobs[1]?.range?.[0])
      expect(Buffer.from(got.utf8).equals(Buffer.from(once.utf8))).toBe(true)
      expect(once.undecodable?.line).toBe(Math.floor(late / line.length) + 1)
      expect(got.undecodable?.line).toBe(once.undecodable?.line)
      expect(got.undecodable?.text).toBe(once.undecodable?.text)
      expect(got.marks).toEqual({ cr: false, lf: true, lone: true, quote: true })
      expect(got.marks).toEqual(byteMarks(got.utf8))
      // The first part's working buffer holds the whole result: only the later parts were copied.
      expect(got.utf8.buffer.byteLength).toBeGreaterThanOrEqual(Math.ceil(bytes.length * 1.5))
    } finally {
      g.Worker = saved
    }
  })
})

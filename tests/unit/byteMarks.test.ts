import { describe, expect, it } from 'vitest'
import { byteMarks, joinMarks } from '../../src/csv/byteMarks'
import { byteMarksAsync } from '../../src/csv/decode'
import { lcg } from '../helpers/lcg'

const naive = (b: Uint8Array) => ({ cr: b.includes(0x0d), quote: b.includes(0x22) })

describe('byteMarks', () => {
  it('finds a CR or a quote at every position, at every alignment, and nothing in their neighbours', () => {
    // Bytes one away from CR and quote, and the same with the high bit set, must not count.
    const near = [0x0c, 0x0e, 0x21, 0x23, 0x8d, 0xa2, 0x0a, 0x00, 0xff]
    for (let offset = 0; offset < 4; offset++) {
      for (let len = 0; len <= 19; len++) {
        const buf = new Uint8Array(len + 8)
        const view = buf.subarray(offset, offset + len)
        view.fill(near[len % near.length] as number)
        expect(byteMarks(view), `offset ${offset} len ${len}`).toEqual({ cr: false, quote: false })
        for (let at = 0; at < len; at++) {
          for (const b of [0x0d, 0x22]) {
            const fill = near[(at + len) % near.length] as number
            view.fill(fill)
            view[at] = b
            expect(byteMarks(view), `offset ${offset} len ${len} at ${at} byte ${b}`).toEqual(naive(view))
          }
        }
      }
    }
  })

  it('agrees with a byte-by-byte search on random buffers, whole and in windows', async () => {
    const rnd = lcg(11)
    for (let k = 0; k < 200; k++) {
      const b = new Uint8Array(1 + Math.floor(rnd() * 300))
      for (let i = 0; i < b.length; i++) b[i] = rnd() < 0.995 ? 0x23 + Math.floor(rnd() * 0xdc) : Math.floor(rnd() * 256)
      expect(byteMarks(b)).toEqual(naive(b))
      expect(await byteMarksAsync(b)).toEqual(naive(b))
    }
    expect(joinMarks({ cr: true, quote: false }, { cr: false, quote: true })).toEqual({ cr: true, quote: true })
  })
})

import { describe, expect, it } from 'vitest'
import { multilineRecords } from '../../src/db/load'
import { lcg } from '../helpers/lcg'

/** Cut a file into pieces that each end just after a line feed (the last piece: wherever the file ends). */
function pieces(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = []
  let a = 0
  for (const c of cuts) {
    const lf = bytes.indexOf(0x0a, Math.max(a, c))
    if (lf < 0) break
    out.push(bytes.subarray(a, lf + 1))
    a = lf + 1
  }
  out.push(bytes.subarray(a))
  return out
}

describe('multilineRecords over pieces of a file', () => {
  it('finds the same records with quoted line breaks as over the whole file, wherever it is cut', async () => {
    const rnd = lcg(99)
    let withBreaks = 0
    for (let k = 0; k < 200; k++) {
      const rows: string[] = ['a,b,c']
      for (let r = 0; r < 30; r++) {
        const cell = rnd() < 0.15 ? `"x${rnd() < 0.5 ? '\n' : '\r\n'}y${rnd() < 0.3 ? '\n\nz' : ''}"` : String(r)
        rows.push(`${r},${cell},${rnd() < 0.1 ? '"q,"' : 'w'}`)
      }
      const bytes = new TextEncoder().encode(rows.join(rnd() < 0.3 ? '\r\n' : '\n'))
      const whole = await multilineRecords(bytes)
      if (whole.length > 0) withBreaks++
      const cuts = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * bytes.length)).sort((x, y) => x - y)
      expect(await multilineRecords(pieces(bytes, cuts)), `file ${k}`).toEqual(whole)
    }
    expect(withBreaks).toBeGreaterThan(100)
  })

  it('returns nothing for a file without quotes, in one piece or several', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n3,4\n')
    expect(await multilineRecords(bytes)).toEqual([])
    expect(await multilineRecords(pieces(bytes, [3, 7]))).toEqual([])
  })
})

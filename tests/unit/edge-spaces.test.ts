import { describe, expect, it } from 'vitest'
import { mayHaveEdgeSpaces } from '../../src/csv/decode'
import { TRIMMED_CODE_POINTS } from '../../src/db/load'
import { lcg } from '../helpers/lcg'

const enc = (s: string) => new TextEncoder().encode(s)
/** At every alignment: the scan reads four bytes at a time from the buffer's 4-byte boundaries. */
async function check(s: string, delimiter = ','): Promise<boolean> {
  const results = new Set<boolean>()
  for (let offset = 0; offset < 4; offset++) {
    const bytes = enc(s)
    const padded = new Uint8Array(bytes.length + 8).fill(0x61)
    padded.set(bytes, offset)
    results.add(await mayHaveEdgeSpaces(padded.subarray(offset, offset + bytes.length), delimiter))
  }
  expect(results.size, `same answer at every alignment for ${JSON.stringify(s)}`).toBe(1)
  return [...results][0] as boolean
}

describe('mayHaveEdgeSpaces', () => {
  it('finds spaces at the edges of cells, not inside them', async () => {
    expect(await check('a,b\n1,x\n')).toBe(false)
    expect(await check('时间,站点\n2018-01-01 00:00:00,城关 镇\n')).toBe(false)
    expect(await check('a,b\n1, x\n')).toBe(true)
    expect(await check('a,b\n1,x \n')).toBe(true)
    expect(await check('a,b\r\n1,x \r\n')).toBe(true)
    expect(await check('a,b\n x,1\n')).toBe(true)
    expect(await check(' a,b\n')).toBe(true)
    expect(await check('a,b\n1,x ')).toBe(true)
    expect(await check('a,b\n1,"x "\n')).toBe(true)
    expect(await check('a,b\n1," x"\n')).toBe(true)
  })

  it('uses the file’s delimiter', async () => {
    expect(await check('a;b\n1; x\n', ';')).toBe(true)
    expect(await check('a;b\n1, x;2\n', ';')).toBe(false)
    expect(await check('a\tb\n1\t x\n', '\t')).toBe(true)
  })

  it('keeps the check for any multi-byte space separator anywhere, and only for those', async () => {
    for (const cp of TRIMMED_CODE_POINTS.filter((c) => c > 0x7f)) expect(await check(`a,b\n1,x${String.fromCodePoint(cp)}y\n`)).toBe(true)
    // Em dash (a missing-value token), ideographic comma and full stop, micro sign, zero-width space: not trimmed.
    expect(await check('a,b\n—,、。µg/m³\u200b\n')).toBe(false)
  })

  it('never says false when some cell would be trimmed (random files)', async () => {
    const rnd = lcg(7)
    const alphabet = ['a', '中', ' ', '\u3000', '\u00a0', '-', '1', '—', '\u2009', '、']
    let seenTrue = 0
    let seenFalse = 0
    for (let n = 0; n < 300; n++) {
      const rows = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Array.from({ length: Math.floor(rnd() * 4) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')),
      )
      const trimmable = new Set(TRIMMED_CODE_POINTS.map((c) => String.fromCodePoint(c)))
      const needs = rows.some((r) => r.some((cell) => cell.length > 0 && (trimmable.has([...cell][0] as string) || trimmable.has([...cell].at(-1) as string))))
      const text = rows.map((r) => r.join(',')).join('\n')
      const found = await check(text)
      if (needs) expect(found, JSON.stringify(text)).toBe(true)
      if (found) seenTrue++
      else seenFalse++
    }
    // Both answers occur, so the property is not met trivially.
    expect(seenTrue).toBeGreaterThan(20)
    expect(seenFalse).toBeGreaterThan(20)
  })
})

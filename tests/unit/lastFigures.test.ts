import { describe, expect, it } from 'vitest'
import {
  MAX_ENTRY_CHARS, MAX_TOTAL_CHARS, asLastFigures, entryKey, fingerprintOf, forgetStoredFigures, parseLastFigures, pickLastFigures, readStoredFigures, resultJson,
  withEntry, writeStoredFigures, type LastFigures,
} from '../../src/storage/lastFigures'

describe('last figures', () => {
  it('fingerprints the sample by its hashed file names (not the path it is served under) and the uploads in order', () => {
    expect(fingerprintOf(['./assets/ledger-AB12.csv', '/app/assets/air-CD34.csv'], ['u1', 'u2'])).toBe('sample:ledger-AB12.csv,air-CD34.csv|uploads:u1,u2')
    expect(fingerprintOf(['assets/ledger-AB12.csv'], [])).toBe('sample:ledger-AB12.csv|uploads:')
    expect(fingerprintOf(['a/x.csv'], ['u2', 'u1'])).not.toBe(fingerprintOf(['a/x.csv'], ['u1', 'u2']))
  })

  it('keys an entry by the query name and the values of its inputs', () => {
    expect(entryKey('wall', [])).toBe('wall')
    expect(entryKey('overview.air', ['2023-01-01', '2023-10-06'])).toBe('overview.air|["2023-01-01","2023-10-06"]')
    expect(entryKey('overview.air', ['2023-01-01', '2023-10-07'])).not.toBe(entryKey('overview.air', ['2023-01-01', '2023-10-06']))
  })

  it('keeps only results that survive JSON and are small', () => {
    expect(resultJson({ a: 1, b: 'x', c: null })).toBe('{"a":1,"b":"x","c":null}')
    expect(resultJson({ n: 1n })).toBeNull()
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(resultJson(cyclic)).toBeNull()
    expect(resultJson('x'.repeat(MAX_ENTRY_CHARS))).toBeNull()
    expect(resultJson(undefined)).toBeNull()
  })

  it('refuses kept values of another shape', () => {
    expect(parseLastFigures(null)).toBeNull()
    expect(parseLastFigures('{not json')).toBeNull()
    expect(parseLastFigures('{"v":2,"fingerprint":"f","entries":{}}')).toBeNull()
    expect(parseLastFigures('{"v":1,"entries":{}}')).toBeNull()
    expect(asLastFigures({ v: 1, fingerprint: 'f', entries: { a: '1', b: 2 } })).toEqual({ v: 1, fingerprint: 'f', entries: { a: '1' } })
  })

  it('picks the kept figures of the expected data only, this browser’s before the shipped ones', () => {
    const mine: LastFigures = { v: 1, fingerprint: 'f1', entries: { a: '1' } }
    const shipped: LastFigures = { v: 1, fingerprint: 'f1', entries: { a: '2' } }
    expect(pickLastFigures('f1', mine, shipped)).toBe(mine)
    expect(pickLastFigures('f1', null, shipped)).toBe(shipped)
    expect(pickLastFigures('f2', mine, shipped)).toBeNull()
  })

  it('drops the oldest entries beyond the total cap, never the one just set', () => {
    const big = 'x'.repeat(Math.floor(MAX_TOTAL_CHARS / 3) - 10)
    let f: LastFigures = { v: 1, fingerprint: 'f', entries: {} }
    for (const k of ['a', 'b', 'c', 'd']) f = withEntry(f, k, big)
    expect(Object.keys(f.entries)).toEqual(['b', 'c', 'd'])
    f = withEntry(f, 'b', '1')
    expect(Object.keys(f.entries)).toEqual(['c', 'd', 'b'])
  })

  it('reads and writes one localStorage value, and survives a storage that throws', () => {
    const mem = new Map<string, string>()
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v), removeItem: (k: string) => void mem.delete(k) }
    const f: LastFigures = { v: 1, fingerprint: 'f', entries: { wall: '{"a":1}' } }
    expect(writeStoredFigures(f, storage)).toBe(true)
    expect(readStoredFigures(storage)).toEqual(f)
    forgetStoredFigures(storage)
    expect(readStoredFigures(storage)).toBeNull()
    const broken = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('quota') }, removeItem: () => { throw new Error('denied') } }
    expect(readStoredFigures(broken)).toBeNull()
    expect(writeStoredFigures(f, broken)).toBe(false)
    expect(() => forgetStoredFigures(broken)).not.toThrow()
  })
})

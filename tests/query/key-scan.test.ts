import { beforeAll, describe, expect, it } from 'vitest'
import { KeyScanner, scanKeys } from '../../src/csv/keyScan'
import { NULL_TOKENS } from '../../src/csv/nullTokens'
import { loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { lcg } from '../helpers/lcg'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})
const enc = (s: string) => new TextEncoder().encode(s)
const pad = (n: number) => String(n).padStart(2, '0')

/** A random hourly file: shapes of time, null tokens, repeated keys, blank lines, CRLF, title rows, the odd quote. */
function randomFile(rand: () => number): { text: string; titleRows: number } {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  const stations = ['城关站', '开发区站', 'E站', 'ae', '', 'NA', '—', 'B站']
  const shape = pick(['iso', 'min', 'slash', 'T', 'date', 'mixed', 'h24', 'short'])
  const time = (h: number, m: number) => {
    const day = 1 + Math.floor(h / 24)
    const hh = h % 24
    const d = `2023-03-${pad(day)}`
    switch (shape === 'mixed' ? pick(['iso', 'min']) : shape) {
      case 'min':
        return `${d} ${pad(hh)}:${pad(m)}`
      case 'slash':
        return `2023/03/${pad(day)} ${pad(hh)}:${pad(m)}:00`
      case 'T':
        return `${d}T${pad(hh)}:${pad(m)}:00`
      case 'date':
        return d
      case 'h24':
        return hh === 0 && day > 1 ? `2023-03-${pad(day - 1)} 24:00:00` : `${d} ${pad(hh)}:${pad(m)}:00`
      case 'short':
        return `2023/3/${day} ${hh}:${pad(m)}`
      default:
        return `${d} ${pad(hh)}:${pad(m)}:00`
    }
  }
  const titleRows = rand() < 0.2 ? 1 : 0
  const eol = rand() < 0.3 ? '\r\n' : '\n'
  const lines = titleRows ? ['某区空气质量小时数据'] : []
  lines.push('城市,站点名称,监测时间,PM2.5')
  const rows = 5 + Math.floor(rand() * 40)
  for (let r = 0; r < rows; r++) {
    const h = Math.floor(rand() * 30)
    const m = rand() < 0.1 ? 30 : 0
    const t = rand() < 0.05 ? pick(NULL_TOKENS) : time(h, m)
    const city = rand() < 0.005 ? '"某区,东"' : '某区'
    lines.push(`${city},${pick(stations)},${t},${Math.floor(rand() * 90)}`)
    if (rand() < 0.05) lines.push('')
  }
  return { text: lines.join(eol) + (rand() < 0.8 ? eol : ''), titleRows }
}

describe('key scan of the bytes: equal to the exact SQL count wherever it answers', () => {
  it('counts rows, keyed rows, duplicates and off-hour times as DuckDB does, or declines', async () => {
    const rand = lcg(20261127)
    let answered = 0
    let declined = 0
    let withDuplicates = 0
    for (let k = 0; k < 90; k++) {
      const { text, titleRows } = randomFile(rand)
      const bytes = enc(text)
      const scan = scanKeys(bytes, { delimiter: ',', skipLines: titleRows + 1, keys: [{ idx: 1, type: 'text' }, { idx: 2, type: 'datetime' }], nullTokens: NULL_TOKENS })
      const r = await loadCsv(db, { fileName: `k${k}.csv`, bytes: bytes.slice(), path: k % 2 ? 'checked' : undefined })
      if (!scan) {
        declined++
        continue
      }
      answered++
      expect(r.ok, text).toBe(true)
      const [truth] = await db.query<{ n: number; dup: number; off: number }>(
        `SELECT count(*)::INT AS n, (count(*) - count(DISTINCT (station, time)))::INT AS dup, count(*) FILTER (WHERE time <> date_trunc('hour', time))::INT AS off FROM air_hourly`,
      )
      // Rows without a station or a time are reported and left out of the table; the scan skips them too.
      expect([scan.keyed, scan.duplicates, scan.offHour], text).toEqual([truth?.n, truth?.dup, truth?.off])
      expect(scan.rows, text).toBe(r.rowsRead)
      expect(r.issues.filter((i) => i.kind === 'duplicate_key').length, text).toBe(truth?.dup)
      if (scan.duplicates > 0) withDuplicates++
    }
    // Both answers occur, and duplicates are found where there are some.
    expect(answered).toBeGreaterThan(35)
    expect(declined).toBeGreaterThan(15)
    expect(withDuplicates).toBeGreaterThan(15)
  }, 120_000)

  it('declines quotes, ragged rows, mixed or ambiguous time shapes, and flags E in text keys', () => {
    const spec = { delimiter: ',', skipLines: 1, keys: [{ idx: 0, type: 'text' as const }, { idx: 1, type: 'datetime' as const }], nullTokens: NULL_TOKENS }
    const scan = (s: string) => scanKeys(enc(s), spec)
    expect(scan('s,t,v\nA,2023-01-01 00:00:00,1\nA,2023-01-01 01:00:00,2\n')).toEqual({ rows: 2, keyed: 2, duplicates: 0, maybeSci: [false, false], offHour: 0 })
    expect(scan('s,t,v\nA,2023-01-01 00:00:00,1\nA,2023-01-01 00:00:00,2\r\n\r\nNA,2023-01-01 00:00:00,3')).toEqual({ rows: 3, keyed: 2, duplicates: 1, maybeSci: [false, false], offHour: 0 })
    expect(scan('s,t,v\n4.4E+17,2023-01-01 00:30,1\n')).toEqual({ rows: 1, keyed: 1, duplicates: 0, maybeSci: [true, false], offHour: 1 })
    expect(scan('s,t,v\n"A",2023-01-01 00:00:00,1\n')).toBeNull()
    expect(scan('s,t,v\nA\n')).toBeNull()
    expect(scan('s,t,v\nA,2023-01-01 00:00:00,1\nA,2023-01-01 00:00,2\n')).toBeNull()
    expect(scan('s,t,v\nA,2023-01-01 24:00:00,1\n')).toBeNull()
    expect(scan('s,t,v\nA,2023.01.01 01:00:00,1\n')).toBeNull()
    expect(scan('s,t,v\nA,2023/1/1 1:00,1\n')).toBeNull()
  })

  it('gives the same answer fed in pieces that end at line feeds', () => {
    const rand = lcg(7)
    for (let k = 0; k < 50; k++) {
      const { text, titleRows } = randomFile(rand)
      const bytes = enc(text)
      const spec = { delimiter: ',', skipLines: titleRows + 1, keys: [{ idx: 1, type: 'text' as const }, { idx: 2, type: 'datetime' as const }], nullTokens: NULL_TOKENS }
      const whole = scanKeys(bytes, spec)
      const cut = 1 + bytes.indexOf(0x0a, Math.floor(bytes.length / 2))
      if (cut <= 0) continue
      const parts = [bytes.subarray(0, cut), bytes.subarray(cut)]
      const scanner = new KeyScanner(spec, 4)
      for (const p of parts) scanner.feed(p)
      expect(scanner.result(), text).toEqual(whole)
    }
  })
})

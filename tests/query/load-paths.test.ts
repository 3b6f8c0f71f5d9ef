import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { loadCsv, TRIMMED_CODE_POINTS } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})
const bytes = (s: string) => new TextEncoder().encode(s)

describe('loadCsv: typed values, ragged rows, NULL tokens and non-ISO dates', () => {
  it('reports missing required values and ragged rows, counts NULL tokens, keeps the other rows', async () => {
    const csv = [
      '站点名称,监测时间,PM2.5,O3',
      '城关站,2023-01-01 00:00:00,12,40',
      '城关站,2023-01-01 01:00:00,NA,41',
      ',2023-01-01 02:00:00,13,—',
      '城关站,2023-01-01 03:00:00,14,43,99',
      ' 开发区站 ,2023-01-01 03:00:00,15,',
    ].join('\n')
    const r = await loadCsv(db, { fileName: 'h.csv', bytes: bytes(`${csv}\n`) })
    expect([r.ok, r.kind, r.rowsRead, r.rowsLoaded, r.nullCells]).toEqual([true, 'air_hourly', 5, 3, 4])
    expect(r.issues.map((i) => [i.kind, i.line, i.column])).toEqual([
      ['missing_required', 4, '站点名称'],
      ['structure', 5, null],
    ])
    expect(await db.query('SELECT station, time, pm25, o3 FROM air_hourly ORDER BY time, station')).toEqual([
      { station: '城关站', time: '2023-01-01T00:00:00', pm25: 12, o3: 40 },
      { station: '城关站', time: '2023-01-01T01:00:00', pm25: null, o3: 41 },
      { station: '开发区站', time: '2023-01-01T03:00:00', pm25: 15, o3: null },
    ])
  })

  it('falls back to the exact path for a bad number and for non-ISO times', async () => {
    const bad = '站点名称,监测时间,PM2.5\n城关站,2023-01-01 00:00:00,12\n城关站,2023-01-01 01:00:00,1O\n'
    const r = await loadCsv(db, { fileName: 'bad.csv', bytes: bytes(bad) })
    expect([r.ok, r.rowsLoaded]).toEqual([true, 2])
    expect(r.issues).toEqual([{ file: 'bad.csv', line: 3, column: 'PM2.5', kind: 'type', value: '1O', message: '不是有效数值', msg: { key: 'notNumber' } }])
    const slashed = '站点名称,监测时间,PM2.5\n城关站,2023/1/1 00:00,12\n城关站,2023年1月1日 1时,13\n'
    const s = await loadCsv(db, { fileName: 's.csv', bytes: bytes(slashed) })
    expect(s.issues).toEqual([])
    expect(await db.query('SELECT time, pm25 FROM air_hourly ORDER BY time')).toEqual([
      { time: '2023-01-01T00:00:00', pm25: 12 },
      { time: '2023-01-01T01:00:00', pm25: 13 },
    ])
  })
})

describe('loadCsv: the typed first read and the tolerant path agree', () => {
  const files = [
    ...['air_quality_daily.csv', 'complaints_monthly.csv', 'enforcement_yearly.csv', 'events.csv', 'ledger.csv'].map((f) => `data/${f}`),
    ...['air-hourly-stations.csv', 'air-daily-bom.csv', 'air-na-tokens.csv', 'air-excel-serial.csv', 'ledger-gbk.csv', 'ledger-ids.csv', 'ledger-xss.csv'].map((f) => `tests/fixtures/${f}`),
  ]
  // Values DuckDB's reader converts itself, spelled the ways exports spell them.
  const varied = [
    '站点名称,监测时间,PM2.5,O3,CO',
    '城关站,2023-01-01T05:00:00, 12 ,+40,1e-1',
    '城关站,2023/01/01 06:00:00,12.50,-0,0.9',
    '开发区站,2023-01-01 07:00,NA,—,',
    '开发区站,2023-01-02,7,8,1.',
    '\u3000城关站 ,2023-01-03 00:00:00,1,2,3',
    '"开发区站\u00a0",2023-01-03 00:00:00,1,2,3',
    '"\t开发区站",2023-01-03 00:00:00,1,2,3',
    '" ",2023-01-03 01:00:00,1,2,3',
  ].join('\n')

  it('loads every sample and clean fixture file into the same table with the same report', async () => {
    const typed: string[] = []
    for (const name of [...files, 'varied.csv']) {
      const content = name === 'varied.csv' ? bytes(`${varied}\n`) : new Uint8Array(readFileSync(name))
      const a = await loadCsv(db, { fileName: name, bytes: content.slice() })
      const rowsA = a.table ? await db.query(`SELECT * FROM "${a.table}" ORDER BY ALL`) : []
      const b = await loadCsv(db, { fileName: name, bytes: content.slice(), path: 'checked' })
      const rowsB = b.table ? await db.query(`SELECT * FROM "${b.table}" ORDER BY ALL`) : []
      expect(b.path === 'checked' || !b.ok).toBe(true)
      if (a.path === 'typed') typed.push(name)
      const report = (r: typeof a) => ({ ok: r.ok, kind: r.kind, rowsRead: r.rowsRead, rowsLoaded: r.rowsLoaded, nullCells: r.nullCells, issues: r.issues, asOf: r.asOf, error: r.error })
      expect(report(a), name).toEqual(report(b))
      expect(rowsA, name).toEqual(rowsB)
    }
    // The typed read really ran for the clean ones (the others fell back, which the comparison covers).
    expect(typed).toEqual(expect.arrayContaining(['data/air_quality_daily.csv', 'tests/fixtures/air-hourly-stations.csv', 'varied.csv']))
  })

  it('falls back on the first value DuckDB cannot read, and reports it with its line', async () => {
    const csv = `${varied}\n开发区站,2023-01-02 01:00:00,7,8,一点二\n`
    const r = await loadCsv(db, { fileName: 'late-bad.csv', bytes: bytes(csv) })
    expect([r.ok, r.path, r.rowsLoaded]).toEqual([true, 'checked', 8])
    expect(r.issues).toEqual([
      { file: 'late-bad.csv', line: 9, column: '站点名称', kind: 'missing_required', value: null, message: '必填值为空', msg: { key: 'requiredEmpty' } },
      { file: 'late-bad.csv', line: 10, column: 'CO', kind: 'type', value: '一点二', message: '不是有效数值', msg: { key: 'notNumber' } },
    ])
  })

  it('missing-value tokens the sample did not see still become NULL, in a number column and in a text column, on the typed path', async () => {
    // 40,000 rows (≈ 2 MB): the sample reads the first 64 KB and 32 windows of 32 KB; two lines in none of them get tokens.
    const lines = ['站点名称,监测时间,PM2.5,O3']
    for (let h = 0; h < 40_000; h++) {
      const t = new Date(Date.UTC(2023, 0, 1) + h * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
      lines.push(`${h % 2 ? '城关站' : '开发区站'},${t},${10 + (h % 50)},${h % 7 === 0 ? 'NA' : 20 + (h % 30)}`)
    }
    const size = bytes(`${lines.join('\n')}\n`).length
    const windows = Array.from({ length: 32 }, (_, k) => Math.floor((size * (k + 1)) / 33))
    const unsampled = (from: number, to: number) => windows.every((w) => to < w || from > w + 32 * 1024)
    const late: number[] = []
    let offset = 0
    for (let i = 0; i < lines.length && late.length < 2; i++) {
      const length = bytes(lines[i] as string).length + 1
      if (offset > size / 2 && unsampled(offset - 64, offset + length + 64) && (late.length === 0 || i > (late[0] as number) + 100)) late.push(i)
      offset += length
    }
    const [number, text] = late as [number, number]
    expect(number).toBeGreaterThan(20_000)
    const { sampleNullTokens } = await import('../../src/csv/nullTokens')
    const both = (path?: 'checked') => async (csv: Uint8Array) => {
      const r = await loadCsv(db, { fileName: 'late-token.csv', bytes: csv.slice(), ...(path ? { path } : {}) })
      return { r, rows: await db.query('SELECT * FROM air_hourly ORDER BY ALL') }
    }
    // A text column: the typed read keeps the token as text, and it is set to NULL afterwards.
    lines[text] = (lines[text] as string).replace(/^[^,]*,/, '缺测,')
    const textOnly = bytes(`${lines.join('\n')}\n`)
    // A number column too: that row is rejected, and the typed read is redone with every token.
    lines[number] = (lines[number] as string).replace(/,[^,]*,[^,]*$/, ',未检出,5')
    const numberToo = bytes(`${lines.join('\n')}\n`)
    for (const [csv, nas] of [[textOnly, 1], [numberToo, 2]] as const) {
      expect(sampleNullTokens(csv, ',')).toEqual(['', 'NA'])
      const a = await both()(csv)
      const b = await both('checked')(csv)
      expect([a.r.ok, a.r.path, a.r.rowsLoaded]).toEqual([true, 'typed', 39_999])
      expect(a.r.issues.map((i) => [i.kind, i.line, i.column])).toEqual([['missing_required', text + 1, '站点名称']])
      expect([a.r.nullCells, a.r.issues]).toEqual([b.r.nullCells, b.r.issues])
      expect(a.r.nullCells).toBe(lines.filter((l) => l.split(',')[3] === 'NA').length + nas)
      expect(a.rows).toEqual(b.rows)
    }
    expect(await db.query(`SELECT pm25, o3 FROM air_hourly WHERE __row = ${number}`)).toEqual([{ pm25: null, o3: 5 }])
  })

  it("trims exactly the characters DuckDB's trim() removes", async () => {
    const rows = await db.query<{ c: number }>(
      `SELECT range::INT AS c FROM range(1, 65536) WHERE (range < 55296 OR range > 57343) AND length(trim(chr(range::INT) || 'a')) = 1 ORDER BY c`,
    )
    expect(rows.map((r) => r.c)).toEqual(TRIMMED_CODE_POINTS)
  })
})

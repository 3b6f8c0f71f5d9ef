import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { columnProfile, runReadOnly } from '../../src/db/intakeQueries'
import { lineOfRow, loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

const bytes = (s: string) => new TextEncoder().encode(s)
let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})

const fingerprint = (table: string) => db.query(`SELECT count(*)::INT AS n, bit_xor(hash(t))::VARCHAR AS h FROM "${table}" t`)

describe('line numbers', () => {
  it('skips rejected lines when numbering data rows', () => {
    expect(lineOfRow(1, 2, [])).toBe(2)
    expect(lineOfRow(3, 2, [3])).toBe(5)
    expect(lineOfRow(3, 2, [2, 3, 9])).toBe(6)
  })

  it('reports ragged rows and later bad values on their exact lines', async () => {
    const csv = '某区空气质量日报\n日期,PM2.5,PM10\n2023-01-01,12,30\n2023-01-02,13,31,99\n2023-01-03,14\n2023-01-04,x,33\n'
    const r = await loadCsv(db, { fileName: 'ragged.csv', bytes: bytes(csv) })
    expect([r.ok, r.rowsRead, r.rowsLoaded]).toEqual([true, 4, 2])
    expect(r.issues.map((i) => [i.line, i.kind, i.column, i.value, i.message])).toEqual([
      [4, 'structure', null, '2023-01-02,13,31,99', '该行字段数多于表头,整行未加载'],
      [5, 'structure', 'PM10', '2023-01-03,14', '该行字段数少于表头,整行未加载'],
      [6, 'type', 'PM2.5', 'x', '不是有效数值'],
    ])
  })
})

describe('replace, append, versions', () => {
  const day = (rows: string[]) => bytes(`日期,PM2.5\n${rows.join('\n')}\n`)
  it('append replaces rows with the same key and keeps the rest', async () => {
    await loadCsv(db, { fileName: 'a.csv', bytes: day(['2023-01-01,10', '2023-01-02,11']) })
    const r = await loadCsv(db, { fileName: 'b.csv', bytes: day(['2023-01-02,20', '2023-01-03,21']), mode: 'append' })
    expect([r.ok, r.rowsLoaded, r.rowsTotal, r.rowsReplaced, r.table]).toEqual([true, 2, 3, 1, 'air_daily'])
    const rows = await db.query<{ date: string; pm25: number }>('SELECT date, pm25 FROM air_daily ORDER BY date')
    expect(rows).toEqual([
      { date: '2023-01-01', pm25: 10 },
      { date: '2023-01-02', pm25: 20 },
      { date: '2023-01-03', pm25: 21 },
    ])
  })

  it('version keeps the current table and loads next to it', async () => {
    await loadCsv(db, { fileName: 'a.csv', bytes: day(['2023-01-01,10']) })
    const before = await fingerprint('air_daily')
    const r1 = await loadCsv(db, { fileName: 'v.csv', bytes: day(['2023-02-01,5']), mode: 'version' })
    const r2 = await loadCsv(db, { fileName: 'w.csv', bytes: day(['2023-03-01,6']), mode: 'version' })
    expect([r1.table, r2.table, r2.asOf]).toEqual(['air_daily__v2', 'air_daily__v3', '2023-03-01'])
    expect(await fingerprint('air_daily')).toEqual(before)
    expect(await db.query('SELECT pm25 FROM air_daily__v3')).toEqual([{ pm25: 6 }])
  })

  it('a failed load leaves the table exactly as it was', async () => {
    await loadCsv(db, { fileName: 'ledger.csv', bytes: readFileSync('data/ledger.csv') })
    const before = await fingerprint('ledger')
    for (const bad of ['序号,问题表现,整改状态\n', '', '序号,问题表现,整改状态\n1,,\n']) {
      const r = await loadCsv(db, { fileName: 'bad.csv', bytes: bytes(bad), mode: 'append' })
      expect(r.ok).toBe(false)
    }
    const ac = new AbortController()
    ac.abort()
    const c = await loadCsv(db, { fileName: 'c.csv', bytes: readFileSync('data/ledger.csv'), signal: ac.signal })
    expect(c.error).toBe('已取消加载“c.csv”,已有数据未改动')
    expect(await fingerprint('ledger')).toEqual(before)
  })
})

describe('values', () => {
  it('converts CO in µg/m³ to mg/m³ and asks when it is not obvious', async () => {
    const ug = await loadCsv(db, { fileName: 'co.csv', bytes: bytes('日期,CO\n2023-01-01,800\n2023-01-02,1200\n') })
    expect([ug.ok, ug.coUnit]).toEqual([true, 'ug'])
    expect(await db.query('SELECT co FROM air_daily ORDER BY date')).toEqual([{ co: 0.8 }, { co: 1.2 }])
    const mixed = bytes('日期,CO\n2023-01-01,0.8\n2023-01-02,900\n')
    const ask = await loadCsv(db, { fileName: 'co2.csv', bytes: mixed })
    expect([ask.ok, ask.needs]).toEqual([false, 'co_unit'])
    const chosen = await loadCsv(db, { fileName: 'co2.csv', bytes: mixed, coUnit: 'mg' })
    expect([chosen.ok, chosen.coUnit]).toEqual([true, 'mg'])
    const header = await loadCsv(db, { fileName: 'co3.csv', bytes: bytes('日期,CO(μg/m³)\n2023-01-01,15\n') })
    expect(header.coUnit).toBe('ug')
    expect(await db.query('SELECT co FROM air_daily')).toEqual([{ co: 0.015 }])
  })

  it('loads an unrecognised file through a column mapping', async () => {
    const csv = '站名,采样时刻,细粒子\n甲站,2023-01-01 01:00,12\n'
    const plain = await loadCsv(db, { fileName: 'x.csv', bytes: bytes(csv) })
    expect([plain.ok, plain.needs]).toEqual([false, 'mapping'])
    const r = await loadCsv(db, { fileName: 'x.csv', bytes: bytes(csv), kind: 'air_hourly', columns: { station: '站名', time: '采样时刻', pm25: '细粒子' } })
    expect([r.ok, r.table]).toEqual([true, 'air_hourly'])
    expect(await db.query('SELECT station, time, pm25 FROM air_hourly')).toEqual([{ station: '甲站', time: '2023-01-01T01:00:00', pm25: 12 }])
  })

  it('reads thousands separators and keeps long IDs as text', async () => {
    const csv = '序号,问题表现,整改状态,整改时限,备注\n110101199003071234,甲,长期坚持,,"1,234"\n'
    const r = await loadCsv(db, { fileName: 'id.csv', bytes: bytes(csv) })
    expect(r.ok).toBe(true)
    expect(await db.query('SELECT no, note FROM ledger')).toEqual([{ no: '110101199003071234', note: '1,234' }])
    const n = await loadCsv(db, { fileName: 'n.csv', bytes: bytes('月份,接到\n2023-01,"1,234"\n') })
    expect(n.issues).toEqual([])
    expect(await db.query('SELECT received FROM complaints_monthly')).toEqual([{ received: 1234 }])
  })
})

describe('table layout', () => {
  it('keeps __row first, the kind fields after it, and leaves no staging objects behind', async () => {
    const r = await loadCsv(db, { fileName: 'l.csv', bytes: bytes('序号,问题表现,整改状态,整改时限\n1,甲,已销号,2023-01-01\n9,,已销号,2023-01-01\n2,丙,正在推进,2023-01-01\n') })
    expect([r.ok, r.rowsRead, r.rowsLoaded]).toEqual([true, 3, 2])
    const cols = await db.query<{ column_name: string }>("SELECT column_name FROM duckdb_columns() WHERE table_name = 'ledger' ORDER BY column_index")
    expect(cols.map((c) => c.column_name)).toEqual(['__row', 'no', 'aspect', 'grp', 'title', 'measures', 'leader', 'unit', 'person', 'deadline', 'status_raw', 'closed_on', 'evidence', 'found_on', 'note', 'status'])
    expect(await db.query('SELECT __row, no, status FROM ledger ORDER BY __row')).toEqual([
      { __row: 1, no: '1', status: 'closed' },
      { __row: 3, no: '2', status: 'in_progress' },
    ])
    const leftovers = await db.query("SELECT table_name AS n FROM duckdb_tables() WHERE starts_with(table_name, '__') UNION ALL SELECT sequence_name FROM duckdb_sequences()")
    expect(leftovers).toEqual([])
  })
})

describe('analyst tools', () => {
  it('profiles every column in one SUMMARIZE and runs capped read-only queries', async () => {
    await loadCsv(db, { fileName: 'ledger.csv', bytes: readFileSync('data/ledger.csv') })
    const p = await columnProfile(db, 'ledger')
    expect(p.find((c) => c.column === 'closed_on')).toEqual({ column: 'closed_on', type: 'DATE', nulls: 5, min: '2023-08-03', max: '2023-10-20', distinct: 16, distinctExact: true })
    expect(p.some((c) => c.column === '__row')).toBe(false)
    // 11 groups in the notice; exact, not SUMMARIZE's estimate, on a table this small
    expect(p.find((c) => c.column === 'grp')?.distinct).toBe(11)
    const r = await runReadOnly(db, 'SELECT * FROM range(25)', 10)
    expect([r.columns, r.rows.length, r.capped]).toEqual([['range'], 10, true])
    await expect(runReadOnly(db, 'DELETE FROM ledger')).rejects.toThrow('只允许 SELECT / WITH / DESCRIBE / SUMMARIZE 查询')
    expect((await runReadOnly(db, 'DESCRIBE ledger')).rows.length).toBe(16)
  })
})

describe('dates from separate columns', () => {
  it('assembles the hour of hourly data from year, month, day and hour columns', async () => {
    const csv = '站点,年,月,日,时,PM2.5\n甲站,2024,1,31,23,10\n甲站,2024,1,31,24,11\n甲站,2024,2,30,1,12\n'
    const r = await loadCsv(db, { fileName: 'parts.csv', bytes: bytes(csv) })
    expect([r.ok, r.kind, r.rowsLoaded]).toEqual([true, 'air_hourly', 2])
    expect(r.issues.map((i) => [i.line, i.column, i.kind, i.value])).toEqual([[4, '年+月+日+时', 'type', '2024-2-30-1']])
    expect(await db.query('SELECT time, pm25 FROM air_hourly ORDER BY time')).toEqual([
      { time: '2024-01-31T23:00:00', pm25: 10 },
      { time: '2024-02-01T00:00:00', pm25: 11 },
    ])
  })
})

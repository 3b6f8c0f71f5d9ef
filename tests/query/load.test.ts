import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

const bytes = (s: string) => new TextEncoder().encode(s)
let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})

describe('loadCsv on the embedded sample', () => {
  it('loads the ledger with its status buckets', async () => {
    const r = await loadCsv(db, { fileName: 'ledger.csv', bytes: readFileSync('data/ledger.csv') })
    expect(r.error).toBeNull()
    expect([r.ok, r.kind, r.rowsRead, r.rowsLoaded, r.encoding]).toEqual([true, 'ledger', 31, 31, 'utf-8'])
    expect(r.issues).toEqual([])
    const rows = await db.query<{ status: string; n: number }>('SELECT status, count(*)::INT AS n FROM ledger GROUP BY status ORDER BY status')
    expect(rows).toEqual([
      { status: 'closed', n: 26 },
      { status: 'in_progress', n: 3 },
      { status: 'long_term', n: 2 },
    ])
    const [one] = await db.query<{ no: string; deadline: string; closed_on: string | null }>('SELECT no, deadline, closed_on FROM ledger WHERE no = ?', ['5'])
    expect(one).toEqual({ no: '5', deadline: '2023-09-30', closed_on: '2023-09-25' })
  })

  it('loads daily air quality with gaps as NULL and reports the as-of date', async () => {
    const r = await loadCsv(db, { fileName: 'air_quality_daily.csv', bytes: readFileSync('data/air_quality_daily.csv') })
    expect([r.ok, r.kind, r.rowsLoaded, r.asOf]).toEqual([true, 'air_daily', 730, '2023-12-31'])
    const [g] = await db.query<{ n: number }>('SELECT count(*)::INT AS n FROM air_daily WHERE aqi IS NULL')
    expect(g?.n).toBe(6)
  })
})

describe('loadCsv on messy input', () => {
  it('parses Chinese, slashed, compact and Excel-serial dates', async () => {
    const csv = '日期,PM2.5\n2023-07-26,10\n2023/7/27,11\n2023年7月28日,12\n20230729,13\n45137,14\n2023-07-31 00:00:00,15\n'
    const r = await loadCsv(db, { fileName: 'dates.csv', bytes: bytes(csv) })
    expect(r.issues).toEqual([])
    const rows = await db.query<{ date: string }>('SELECT date FROM air_daily ORDER BY date')
    expect(rows.map((x) => x.date)).toEqual(['2023-07-26', '2023-07-27', '2023-07-28', '2023-07-29', '2023-07-30', '2023-07-31'])
  })

  it('reports a bad value with its line and column and turns missing tokens into NULL', async () => {
    const csv = '日期,PM2.5,PM10\n2023-01-01,12,NA\n2023-01-02,abc,30\n2023-01-03,未检出,—\n'
    const r = await loadCsv(db, { fileName: 'bad.csv', bytes: bytes(csv) })
    expect(r.ok).toBe(true)
    expect(r.issues).toEqual([{ file: 'bad.csv', line: 3, column: 'PM2.5', kind: 'type', value: 'abc', message: '不是有效数值', msg: { key: 'notNumber' } }])
    expect(r.nullCells).toBe(3)
  })

  it('skips title rows, decodes GB18030 and reads semicolons with decimal commas', async () => {
    const text = '某区空气质量日报\n导出时间:2023-10-25\n日期;PM2.5;CO\n2023-01-01;12;0,8\n2023-01-02;20;1,1\n'
    const r = await loadCsv(db, { fileName: 'title.csv', bytes: new Uint8Array(iconv.encode(text, 'gbk')) })
    expect([r.ok, r.encoding, r.delimiter, r.rowsLoaded]).toEqual([true, 'gb18030', ';', 2])
    const rows = await db.query<{ co: number }>('SELECT co FROM air_daily ORDER BY date')
    expect(rows.map((x) => x.co)).toEqual([0.8, 1.1])
  })

  it('refuses an xlsx renamed to .csv and leaves loaded tables untouched', async () => {
    await loadCsv(db, { fileName: 'ledger.csv', bytes: readFileSync('data/ledger.csv') })
    const before = await db.query('SELECT count(*)::INT AS n, sum(hash(title))::VARCHAR AS h FROM ledger')
    const r = await loadCsv(db, { fileName: '台账.csv', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })
    expect(r.ok).toBe(false)
    expect(r.error).toContain('台账.csv')
    expect(r.error).toContain('xlsx')
    expect(await db.query('SELECT count(*)::INT AS n, sum(hash(title))::VARCHAR AS h FROM ledger')).toEqual(before)
  })

  it('reports unknown ledger statuses and missing deadlines', async () => {
    const csv = '序号,问题表现,整改时限,整改状态\n1,甲,2023-09-30,已销号\n2,乙,,正在推进\n3,丙,2023-09-30,搁置\n3,丁,,长期坚持\n'
    const r = await loadCsv(db, { fileName: 'l.csv', bytes: bytes(csv) })
    expect(r.ok).toBe(true)
    expect(r.issues.map((i) => [i.kind, i.line, i.column, i.value])).toEqual([
      ['no_deadline', 3, '整改时限', null],
      ['unknown_status', 4, '整改状态', '搁置'],
      ['duplicate_key', 5, '序号', '3'],
    ])
  })
})

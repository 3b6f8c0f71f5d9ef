import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OwnTable } from '../../src/csv/ownTable'
import { loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/${name}`))
const SITES: OwnTable = {
  table: 'sites',
  fields: [
    { key: 'code', type: 'text' },
    { key: 'uid', type: 'text' },
    { key: 'name', type: 'text' },
    { key: 'amount', type: 'number' },
    { key: 'checked', type: 'date' },
    { key: 'day', type: 'date' },
  ],
  keyFields: ['code'],
}
const COLUMNS = { code: '站点编码', uid: '企业统一编号', name: '名称', amount: '排放量', checked: '检查日期', 'day.year': '年', 'day.month': '月', 'day.day': '日' }
const loadSites = (file: string, extra: Partial<Parameters<typeof loadCsv>[1]> = {}) =>
  loadCsv(db, { fileName: file, bytes: fixture(file), kind: 'own', own: SITES, columns: COLUMNS, ...extra })

describe('own tables', () => {
  it('load with the chosen types, bad values reported with line and column, codes and long IDs kept as text', async () => {
    const r = await loadSites('own-sites.csv')
    expect([r.ok, r.kind, r.table, r.rowsRead, r.rowsLoaded, r.nullCells, r.error]).toEqual([true, 'own', 'sites', 3, 3, 1, null])
    expect(r.issues.map((i) => [i.line, i.kind, i.column, i.value, i.message])).toEqual([
      [4, 'type', '排放量', 'abc', '不是有效数值'],
      [4, 'type', '年+月+日', '2024-13-3', '不是有效日期'],
    ])
    const types = await db.query<{ column_name: string; column_type: string }>("SELECT column_name, column_type FROM (DESCRIBE sites) WHERE column_name <> '__row'")
    expect(types.map((x) => `${x.column_name}:${x.column_type}`)).toEqual(['code:VARCHAR', 'uid:VARCHAR', 'name:VARCHAR', 'amount:DOUBLE', 'checked:DATE', 'day:DATE'])
    expect(await db.query('SELECT code, uid, amount, checked, day FROM sites ORDER BY __row')).toEqual([
      { code: '007', uid: '440300199912310012', amount: 12.5, checked: '2024-03-01', day: '2024-03-01' },
      { code: '010', uid: '440300200001010023', amount: null, checked: '2024-03-02', day: '2024-03-02' },
      { code: '123', uid: '440300200102020034', amount: null, checked: '2024-03-03', day: null },
    ])
  })

  it('append deduplicates on the chosen key; without a key every row is added; version loads next to it', async () => {
    await loadSites('own-sites.csv')
    const a = await loadSites('own-sites-2.csv', { mode: 'append' })
    expect([a.ok, a.rowsLoaded, a.rowsTotal, a.rowsReplaced]).toEqual([true, 2, 4, 1])
    expect(await db.query('SELECT code, amount FROM sites ORDER BY code')).toEqual([
      { code: '007', amount: 20 },
      { code: '010', amount: null },
      { code: '123', amount: null },
      { code: '200', amount: 8.25 },
    ])
    const noKey = { ...SITES, keyFields: [] }
    const b = await loadSites('own-sites-2.csv', { mode: 'append', own: noKey })
    expect([b.ok, b.rowsTotal, b.rowsReplaced]).toEqual([true, 6, 0])
    const v = await loadSites('own-sites-2.csv', { mode: 'version' })
    expect([v.ok, v.table]).toEqual([true, 'sites__v2'])
    expect(await db.query('SELECT count(*)::INT AS n FROM sites')).toEqual([{ n: 6 }])
  })

  it('never takes a table the dashboard owns, and leaves it as it was', async () => {
    await loadCsv(db, { fileName: 'ledger.csv', bytes: readFileSync('data/ledger.csv') })
    const before = await db.query('SELECT count(*)::INT AS n, bit_xor(hash(t))::VARCHAR AS h FROM ledger t')
    for (const table of ['ledger', 'Ledger', 'air_station_daily', 'air_monthly', 'ledger__v2', '__stage_x', 'a b', '']) {
      const r = await loadSites('own-sites.csv', { own: { ...SITES, table } })
      expect([table, r.ok, r.needs, r.error]).toEqual([table, false, 'mapping', '文件“own-sites.csv”的自建表定义无效(表名或字段名不可用),请重新指定'])
    }
    const badField = await loadSites('own-sites.csv', { own: { ...SITES, fields: [...SITES.fields, { key: '__bad_0', type: 'text' }] } })
    expect(badField.ok).toBe(false)
    expect(await db.query('SELECT count(*)::INT AS n, bit_xor(hash(t))::VARCHAR AS h FROM ledger t')).toEqual(before)
  })

  it('a date-time assembled from year, month, day and hour columns (hour 24 ends the day)', async () => {
    const csv = 'Y,M,D,H,v\n2024,1,31,23,1\n2024,1,31,24,2\n2024,2,x,1,3\n'
    const r = await loadCsv(db, {
      fileName: 'hours.csv', bytes: new TextEncoder().encode(csv), kind: 'own',
      own: { table: 'hours', fields: [{ key: 't', type: 'datetime' }, { key: 'v', type: 'number' }], keyFields: [] },
      columns: { 't.year': 'Y', 't.month': 'M', 't.day': 'D', 't.hour': 'H', v: 'v' },
    })
    expect(r.issues.map((i) => [i.line, i.column, i.value])).toEqual([[4, 'Y+M+D+H', '2024-2-x-1']])
    expect(await db.query('SELECT t, v FROM hours ORDER BY v')).toEqual([
      { t: '2024-01-31T23:00:00', v: 1 },
      { t: '2024-02-01T00:00:00', v: 2 },
      { t: null, v: 3 },
    ])
  })

  it('a known kind takes its date from year / month / day columns chosen in the mapping form', async () => {
    const r = await loadCsv(db, {
      fileName: 'air-date-parts.csv', bytes: fixture('air-date-parts.csv'), kind: 'air_daily',
      columns: { 'date.year': '监测年', 'date.month': '监测月', 'date.day': '监测日', pm25: '细颗粒' },
    })
    expect([r.ok, r.rowsLoaded, r.asOf]).toEqual([true, 3, '2024-06-03'])
    expect(await db.query('SELECT date, pm25 FROM air_daily ORDER BY date')).toEqual([
      { date: '2024-06-01', pm25: 15 },
      { date: '2024-06-02', pm25: 19 },
      { date: '2024-06-03', pm25: 23 },
    ])
  })
})

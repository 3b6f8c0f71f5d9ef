import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
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
      ['structure', 5, null],
      ['missing_required', 4, '站点名称'],
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
    expect(r.issues).toEqual([{ file: 'bad.csv', line: 3, column: 'PM2.5', kind: 'type', value: '1O', message: '不是有效数值' }])
    const slashed = '站点名称,监测时间,PM2.5\n城关站,2023/1/1 00:00,12\n城关站,2023年1月1日 1时,13\n'
    const s = await loadCsv(db, { fileName: 's.csv', bytes: bytes(slashed) })
    expect(s.issues).toEqual([])
    expect(await db.query('SELECT time, pm25 FROM air_hourly ORDER BY time')).toEqual([
      { time: '2023-01-01T00:00:00', pm25: 12 },
      { time: '2023-01-01T01:00:00', pm25: 13 },
    ])
  })
})

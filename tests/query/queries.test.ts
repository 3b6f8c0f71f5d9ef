import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import { airMonthlyQuery, airWindowQuery, complaintsWindowQuery, eventsQuery, existingTables, ledgerByQuery, ledgerSummary, tableExists } from '../../src/db/queries'
import type { Db } from '../../src/db/types'
import { dailyAqi } from '../../src/domain/aqi'
import { completionRate, onTimeRate, overdueCount, type LedgerItemLike, type LedgerStatus } from '../../src/domain/ledger'
import { goodDayRate, roundTo } from '../../src/domain/stats'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
  for (const f of ['ledger', 'air_quality_daily', 'complaints_monthly', 'events']) {
    const r = await loadCsv(db, { fileName: `${f}.csv`, bytes: readFileSync(`data/${f}.csv`) })
    expect(r.ok, r.error ?? '').toBe(true)
  }
})

describe('overview figures on the sample equal the seed notice', () => {
  it('ledger: 31 problems, 26 closed, 5 not closed, 83.9%', async () => {
    const s = await ledgerSummary(db, '2023-10-25')
    expect([s.total, s.closed, s.in_progress + s.long_term]).toEqual([31, 26, 5])
    expect(roundTo((s.closed / s.total) * 100, 1)).toBe(83.9)
  })
  it('air 2023-01-01..2023-10-06: 265 good of 279 valid days, 95.0%, PM2.5 29, no heavy day', async () => {
    const w = await airWindowQuery(db, '2023-01-01', '2023-10-06')
    expect([w.good_days, w.valid_days, w.heavy_days]).toEqual([265, 279, 0])
    expect(roundTo(goodDayRate(w.good_days, w.valid_days) as number, 1)).toBe(95.0)
    expect(roundTo(w.pm25_mean as number, 0)).toBe(29)
  })
  it('complaints reply rate 2023 is 100%', async () => {
    const c = await complaintsWindowQuery(db, '2023-01-01', '2023-10-06')
    expect(c.months).toBe(10)
    expect(c.replied).toBe(c.received)
  })
  it('events carry the notice dates', async () => {
    const e = await eventsQuery(db)
    expect(e.map((x) => [x.event, x.date])).toContainEqual(['feedback', '2023-07-26'])
    expect(e.find((x) => x.event === 'as_of')?.date).toBe('2023-10-25')
  })
})

describe('SQL metrics agree with the domain module', () => {
  it('ledger completion, overdue and on-time rate', async () => {
    const items = await db.query<{ status: LedgerStatus; deadline: string | null; closedOn: string | null }>('SELECT status, deadline, closed_on AS closedOn FROM ledger')
    for (const asOf of ['2023-09-01', '2023-10-25', '2024-02-01']) {
      const s = await ledgerSummary(db, asOf)
      const it: LedgerItemLike[] = items
      expect(s.overdue).toBe(overdueCount(it, asOf))
      expect(s.due === 0 ? null : (s.on_time / s.due) * 100).toBe(onTimeRate(it, asOf))
      expect((s.closed / s.total) * 100).toBe(completionRate(it))
    }
  })
  it('monthly good-day rates sum to the window figure', async () => {
    const months = await airMonthlyQuery(db, '2023-01-01', '2023-10-06')
    expect(months).toHaveLength(10)
    expect(months.reduce((a, m) => a + m.good_days, 0)).toBe(265)
    expect(months[0]).toMatchObject({ month: '2023-01-01', valid_days: 31 })
    expect(goodDayRate(months[0]?.good_days ?? 0, 31)).toBeCloseTo(((months[0]?.good_days ?? 0) / 31) * 100, 12)
  })
  it('the stored AQI of every sample day is the HJ 633-2012 AQI of its pollutants', async () => {
    const rows = await db.query<{ aqi: number; pm25: number; pm10: number; o3_8h: number; no2: number; so2: number; co: number }>(
      'SELECT aqi, pm25, pm10, o3_8h, no2, so2, co FROM air_daily WHERE aqi IS NOT NULL',
    )
    expect(rows).toHaveLength(724)
    const wrong = rows.filter((r) => dailyAqi(r, '2012').aqi !== r.aqi)
    expect(wrong).toEqual([])
  })
  it('ledger status by aspect keeps ledger order', async () => {
    const rows = await ledgerByQuery(db, 'aspect')
    expect(rows.map((r) => r.closed + r.in_progress + r.long_term)).toEqual([12, 10, 9])
  })
})

describe('existingTables / tableExists', () => {
  it('finds tables and views of the main schema, not temporary tables or missing names', async () => {
    await db.exec("CREATE OR REPLACE TABLE __t_exists (a INT); CREATE OR REPLACE VIEW __v_exists AS SELECT 1 AS a; CREATE OR REPLACE TEMP TABLE __tmp_exists (a INT)")
    expect([...(await existingTables(db, ['__t_exists', '__v_exists', '__tmp_exists', '__none', 'ledger']))].sort()).toEqual(['__t_exists', '__v_exists', 'ledger'])
    expect(await tableExists(db, '__v_exists')).toBe(true)
    expect(await tableExists(db, '__tmp_exists')).toBe(false)
    expect(await existingTables(db, [])).toEqual(new Set())
    await db.exec('DROP TABLE __t_exists; DROP VIEW __v_exists; DROP TABLE __tmp_exists')
    expect(await tableExists(db, '__t_exists')).toBe(false)
  })
})

import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import {
  airWindowsQuery, complaintsWindowsQuery, dailySeriesQuery, ledgerBetweenAllQuery, ledgerBetweenByQuery, ledgerBetweenQuery, ledgerItemsQuery, setEventDate,
} from '../../src/db/compareQueries'
import { compareRecompute } from '../../src/db/compareRecompute'
import { eventsQuery } from '../../src/db/queries'
import type { Db } from '../../src/db/types'
import { presetWindows } from '../../src/domain/compareWindows'
import { onTimeRate, overdueCount, type LedgerStatus } from '../../src/domain/ledger'
import { ledgerBetween, type LedgerItemDated } from '../../src/domain/ledgerWindow'
import { roundTo } from '../../src/domain/stats'
import { openNodeDb } from '../helpers/node-db'

describe('window statistics on a small inline fixture', () => {
  let db: Db
  beforeAll(async () => {
    db = await openNodeDb()
    await db.exec(`CREATE TABLE air_daily AS SELECT date::DATE AS date, aqi::DOUBLE AS aqi, pm25::DOUBLE AS pm25, pm10::DOUBLE AS pm10, o3_8h::DOUBLE AS o3_8h
      FROM (VALUES
        ('2026-02-26', 50, 20, 40, 80),
        ('2026-02-27', 120, 90, 130, 60),
        ('2026-02-28', NULL, NULL, NULL, NULL),
        ('2026-03-01', 80, 50, 70, 100),
        ('2026-03-02', 210, 160, 200, 90),
        ('2026-03-03', 40, 10, 30, NULL)) t(date, aqi, pm25, pm10, o3_8h)`)
    await db.exec(`CREATE TABLE complaints_monthly AS SELECT month::DATE AS month, received::DOUBLE AS received, accepted::DOUBLE AS accepted, closed::DOUBLE AS closed, replied::DOUBLE AS replied
      FROM (VALUES ('2026-01-01', 10, 8, 6, 9), ('2026-02-01', 20, 20, 19, 20), ('2026-03-01', 30, 25, 20, 28)) t(month, received, accepted, closed, replied)`)
  })

  it('a window crossing 2026-03-01: counts, means, and valid days per AQI edition', async () => {
    const m = await airWindowsQuery(db, { a: { from: '2026-02-26', to: '2026-03-03' }, b: { from: '2026-03-01', to: '2026-03-31' } })
    const a = m.get('a')
    expect(a).toMatchObject({ days: 6, valid_days: 5, valid_2012: 2, valid_2026: 3, good_days: 3, heavy_days: 1, first: '2026-02-26', last: '2026-03-03', pm25_n: 5, o3_8h_n: 4 })
    expect(a?.pm25_mean).toBeCloseTo((20 + 90 + 50 + 160 + 10) / 5, 12)
    expect(a?.pm10_mean).toBeCloseTo((40 + 130 + 70 + 200 + 30) / 5, 12)
    expect(a?.o3_8h_mean).toBeCloseTo((80 + 60 + 100 + 90) / 4, 12)
    expect(m.get('b')).toMatchObject({ days: 3, valid_days: 3, valid_2012: 0, valid_2026: 3, good_days: 2, heavy_days: 1 })
  })
  it('a window without data has zero days and null means', async () => {
    const m = await airWindowsQuery(db, { a: { from: '2020-01-01', to: '2020-01-31' } })
    expect(m.get('a')).toMatchObject({ days: 0, valid_days: 0, good_days: 0, pm25_mean: null, first: null })
  })
  it('daily series in date order, gaps as null', async () => {
    const s = await dailySeriesQuery(db, '2026-02-27', '2026-03-01')
    expect(s).toEqual([
      { date: '2026-02-27', aqi: 120, pm25: 90, pm10: 130, o3_8h: 60 },
      { date: '2026-02-28', aqi: null, pm25: null, pm10: null, o3_8h: null },
      { date: '2026-03-01', aqi: 80, pm25: 50, pm10: 70, o3_8h: 100 },
    ])
  })
  it('complaints: months overlapping each window', async () => {
    const m = await complaintsWindowsQuery(db, { a: { from: '2026-01-15', to: '2026-02-10' }, b: { from: '2026-03-01', to: '2026-03-31' } })
    expect(m.get('a')).toMatchObject({ months: 2, received: 30, accepted: 28, closed: 25, replied: 29 })
    expect(m.get('b')).toMatchObject({ months: 1, received: 30, accepted: 25, closed: 20, replied: 28 })
  })
  it('recompute: indicators in pp and %, edition flags', async () => {
    const c = await compareRecompute(db, { preset: 'custom', metric: 'pm25', a: { from: '2026-02-26', to: '2026-02-28' }, b: { from: '2026-03-01', to: '2026-03-03' } })
    const get = (k: string) => c.indicators.find((i) => i.key === k)
    expect(get('good_rate')).toMatchObject({ a: 50, b: 200 / 3, changeKind: 'pp', ci: null, verdict: 'insufficient', nA: 2, nB: 3 })
    expect(get('good_rate')?.change).toBeCloseTo(200 / 3 - 50, 12)
    expect(get('pm25')).toMatchObject({ a: 55, b: 220 / 3, changeKind: 'pct' })
    expect(get('pm25')?.change).toBeCloseTo((220 / 3 / 55 - 1) * 100, 10)
    expect(get('heavy_days')).toMatchObject({ a: 0, b: 1, change: 1 })
    expect(get('closure_rate')).toMatchObject({ a: 19 / 20 * 100, b: 80, changeKind: 'pp' })
    expect(get('reply_rate')?.change).toBeCloseTo(28 / 30 * 100 - 100, 12)
    expect(get('complaints')).toMatchObject({ a: 20, b: 30, change: 50 })
    expect(c.windows.a.editions).toEqual(['2012'])
    expect(c.windows.b.editions).toEqual(['2026'])
    expect(c.unequalLength).toBe(false)
    const cross = await compareRecompute(db, { preset: 'custom', metric: 'pm25', a: { from: '2026-02-01', to: '2026-02-28' }, b: { from: '2026-02-26', to: '2026-03-03' } })
    expect([cross.windows.b.crossesEdition, cross.windows.b.editions, cross.unequalLength]).toEqual([true, ['2012', '2026'], true])
  })
})

describe('the comparison on the embedded sample', () => {
  let db: Db
  beforeAll(async () => {
    db = await openNodeDb()
    for (const f of ['ledger', 'air_quality_daily', 'complaints_monthly', 'events']) {
      const r = await loadCsv(db, { fileName: `${f}.csv`, bytes: readFileSync(`data/${f}.csv`) })
      expect(r.ok, r.error ?? '').toBe(true)
    }
  })

  it('2023-01-01..2023-10-06: 265 good of 279 valid days, 95.0%, PM2.5 29, no heavy day', async () => {
    const c = await compareRecompute(db, { preset: 'yoy', metric: 'pm25', a: { from: '2022-01-01', to: '2022-10-06' }, b: { from: '2023-01-01', to: '2023-10-06' } })
    const b = c.windows.b.air
    expect([b?.good_days, b?.valid_days, b?.heavy_days]).toEqual([265, 279, 0])
    const good = c.indicators.find((i) => i.key === 'good_rate')
    expect(roundTo(good?.b as number, 1)).toBe(95.0)
    expect(roundTo(c.indicators.find((i) => i.key === 'pm25')?.b as number, 0)).toBe(29)
    expect(c.indicators.find((i) => i.key === 'reply_rate')?.b).toBe(100)
  })
  it('the bootstrap is reproducible: same state, same intervals', async () => {
    const s = { preset: 'inspection' as const, metric: 'pm25' as const, ...presetWindows('inspection', { inspection_start: '2023-03-22', inspection_end: null, feedback: '2023-07-26', plan_adopted: null, air_stats_as_of: null, as_of: '2023-10-25' })! }
    const x = await compareRecompute(db, s)
    const y = await compareRecompute(db, s)
    expect(x.indicators.map((i) => i.ci)).toEqual(y.indicators.map((i) => i.ci))
    const pm = x.indicators.find((i) => i.key === 'pm25')
    expect(pm?.ci?.lo).toBeLessThanOrEqual(pm?.ci?.hi as number)
    expect(pm?.did).not.toBeNull()
  })
  it('ledger at 2023-10-25: 26 closed of 31; none closed at feedback', async () => {
    const t = await ledgerBetweenQuery(db, { from: '2023-07-26', to: '2023-10-25' }, '2023-10-25')
    expect([t.end_total, t.end_closed, t.end_in_progress + t.end_long_term]).toEqual([31, 26, 5])
    expect(t.start_closed).toBe(0)
    expect(t.closed_inside).toBe(26)
    const by = await ledgerBetweenByQuery(db, { from: '2023-07-26', to: '2023-10-25' }, '2023-10-25', 'aspect')
    expect(by.map((r) => r.end_total)).toEqual([12, 10, 9])
    const units = await ledgerBetweenByQuery(db, { from: '2023-07-26', to: '2023-10-25' }, '2023-10-25', 'unit')
    expect(units.reduce((s, r) => s + r.end_closed, 0)).toBe(26)
    // The one-pass GROUPING SETS query returns exactly the three separate results.
    expect(await ledgerBetweenAllQuery(db, { from: '2023-07-26', to: '2023-10-25' }, '2023-10-25')).toEqual({ totals: t, byAspect: by, byUnit: units })
  })
  it('SQL status-between-dates agrees with ledgerWindow.ts and with ledger.ts at the as-of date', async () => {
    const rows = await db.query<{ status: LedgerStatus; deadline: string | null; closedOn: string | null; foundOn: string | null }>(
      'SELECT status, deadline, closed_on AS closedOn, found_on AS foundOn FROM ledger',
    )
    // Add undated and not-yet-found items so every rule is exercised.
    const items: LedgerItemDated[] = [...rows, { status: 'closed', deadline: '2023-09-01', closedOn: null, foundOn: '2023-08-01' }]
    await db.exec("INSERT INTO ledger (no, title, status, deadline, found_on) VALUES ('99', 'x', 'closed', DATE '2023-09-01', DATE '2023-08-01')")
    try {
      for (const [from, to] of [['2023-07-26', '2023-10-25'], ['2023-03-01', '2023-08-15'], ['2023-08-01', '2023-12-31'], ['2024-01-01', '2024-03-01']] as const) {
        for (const asOf of ['2023-10-25', '2023-12-31']) {
          const sql = await ledgerBetweenQuery(db, { from, to }, asOf)
          const js = ledgerBetween(items, from, to, asOf)
          expect(sql).toEqual({
            start_total: js.start.total, start_closed: js.start.closed, start_in_progress: js.start.in_progress, start_long_term: js.start.long_term,
            end_total: js.end.total, end_closed: js.end.closed, end_in_progress: js.end.in_progress, end_long_term: js.end.long_term,
            closed_inside: js.closedInside, overdue_end: js.overdueAtEnd, due_end: js.dueAtEnd, on_time_end: js.onTimeAtEnd,
          })
        }
      }
    } finally {
      await db.exec("DELETE FROM ledger WHERE no = '99'")
    }
    for (const asOf of ['2023-09-01', '2023-10-25', '2024-02-01']) {
      const sql = await ledgerBetweenQuery(db, { from: '2023-07-26', to: asOf }, asOf)
      expect(sql.overdue_end).toBe(overdueCount(rows, asOf))
      expect(sql.due_end === 0 ? null : (sql.on_time_end / sql.due_end) * 100).toBe(onTimeRate(rows, asOf))
    }
  })
  it('each item carries its full record and its status at both ends', async () => {
    const items = await ledgerItemsQuery(db, { from: '2023-07-26', to: '2023-10-25' }, '2023-10-25')
    expect(items).toHaveLength(31)
    const first = items[0]
    expect(first).toMatchObject({ no: '1', s0: 'in_progress', s1: 'closed', closed_on: '2023-08-10', deadline: '2023-09-30', overdue: false })
    expect(first?.measures).toContain('中心组')
    expect(items.filter((i) => i.s1 === 'closed')).toHaveLength(26)
  })
  it('event dates are editable with bound parameters', async () => {
    await setEventDate(db, 'feedback', '2023-07-27')
    expect((await eventsQuery(db)).find((e) => e.event === 'feedback')?.date).toBe('2023-07-27')
    await setEventDate(db, 'feedback', '2023-07-26')
    await setEventDate(db, "x'); DROP TABLE ledger; --", '2023-01-01')
    expect((await eventsQuery(db)).some((e) => e.event.startsWith("x');"))).toBe(true)
    expect((await db.query<{ n: number }>('SELECT count(*)::INT AS n FROM ledger'))[0]?.n).toBe(31)
  })
})

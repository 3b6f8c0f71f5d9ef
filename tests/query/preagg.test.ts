import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import { airMonthlyPreaggQuery, stationMonthlyQuery } from '../../src/db/preagg'
import { airMonthlyQuery } from '../../src/db/queries'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})

const close = (a: number | null, b: number | null) => (a == null || b == null ? a === b : Math.abs(a - b) < 1e-9)

describe('pre-aggregated tables equal the same query on raw rows', () => {
  it('air_monthly gives airMonthlyQuery’s rows for the embedded sample (whole months)', async () => {
    const r = await loadCsv(db, { fileName: 'air_quality_daily.csv', bytes: readFileSync('data/air_quality_daily.csv') })
    expect(r.ok).toBe(true)
    const raw = await airMonthlyQuery(db, '2022-01-01', '2023-12-31')
    const pre = await airMonthlyPreaggQuery(db, '2022-01-01', '2023-12-31')
    expect(pre.length).toBe(24)
    expect(pre.map((m) => [m.month, m.valid_days, m.good_days])).toEqual(raw.map((m) => [m.month, m.valid_days, m.good_days]))
    expect(pre.every((m, i) => close(m.pm25_mean, (raw[i] as (typeof raw)[number]).pm25_mean))).toBe(true)
    // The sample's published totals survive the summary (DOMAIN.md: 265 good of 279 valid days to 2023-10-06 is a window; whole 2023 here).
    const [y] = await db.query<{ valid: number; good: number }>("SELECT sum(valid_days)::INT AS valid, sum(good_days)::INT AS good FROM air_monthly WHERE month >= DATE '2023-01-01'")
    const [d] = await db.query<{ valid: number; good: number }>("SELECT count(aqi)::INT AS valid, count(*) FILTER (WHERE aqi <= 100)::INT AS good FROM air_daily WHERE date >= DATE '2023-01-01'")
    expect(y).toEqual(d)
  })

  it('an hourly file loads into air_hourly, air_station_daily, air_daily and the monthly summaries, all agreeing with raw rows', async () => {
    const stations = ['城关站', '开发区站', '滨河公园站']
    const lines = ['站点名称,监测时间,PM2.5,PM10,O3,NO2,SO2,CO']
    const t0 = Date.UTC(2023, 0, 1)
    for (let h = 0; h < 24 * 75; h++) {
      const t = new Date(t0 + h * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
      stations.forEach((s, i) => {
        // Station 2 misses 5 hours every 4th day: those days have no valid 24h means.
        const gap = i === 2 && Math.floor(h / 24) % 4 === 0 && h % 24 < 5
        const pm25 = gap ? '' : String(20 + ((h * 7 + i * 13) % 60))
        lines.push(`${s},${t},${pm25},${gap ? '' : 40 + (h % 90)},${gap ? '' : (h * 11) % 200},${25 + (h % 30)},${5 + (h % 7)},${(0.4 + (h % 10) / 10).toFixed(1)}`)
      })
    }
    const r = await loadCsv(db, { fileName: 'hourly.csv', bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) })
    expect([r.ok, r.kind, r.rowsLoaded]).toEqual([true, 'air_hourly', 24 * 75 * 3])
    // Independent raw-row computation of per-station monthly PM2.5 from the hourly rows.
    const raw = await db.query<{ station: string; month: string; pm25_mean: number | null; valid_days: number }>(`
      WITH d AS (SELECT station, time::DATE AS date, CASE WHEN count(pm25) >= 20 THEN avg(pm25) END AS pm25 FROM air_hourly GROUP BY ALL)
      SELECT station, date_trunc('month', date)::DATE AS month, avg(pm25) AS pm25_mean, count(pm25)::INT AS n FROM d GROUP BY ALL ORDER BY station, month`)
    const pre = await stationMonthlyQuery(db, '2023-01-01', '2023-03-31')
    expect(pre.map((m) => [m.station, m.month])).toEqual(raw.map((m) => [m.station, m.month]))
    expect(pre.every((m, i) => close(m.pm25_mean, (raw[i] as (typeof raw)[number]).pm25_mean))).toBe(true)
    const [gapDays] = await db.query<{ n: number }>("SELECT count(*)::INT AS n FROM air_station_daily WHERE station = '滨河公园站' AND pm25 IS NULL")
    expect(gapDays?.n).toBe(19)
    // The district table the overview reads is rebuilt from the hourly data, and its summary agrees.
    const daily = await airMonthlyQuery(db, '2023-01-01', '2023-03-31')
    const monthly = await airMonthlyPreaggQuery(db, '2023-01-01', '2023-03-31')
    expect(daily.length).toBe(3)
    expect(monthly.map((m) => [m.month, m.valid_days, m.good_days])).toEqual(daily.map((m) => [m.month, m.valid_days, m.good_days]))
    expect(monthly.every((m, i) => close(m.pm25_mean, (daily[i] as (typeof daily)[number]).pm25_mean))).toBe(true)
    const [span] = await db.query<{ days: number }>('SELECT count(*)::INT AS days FROM air_daily')
    expect(span?.days).toBe(75)
  })
})

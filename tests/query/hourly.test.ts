import { beforeAll, describe, expect, it } from 'vitest'
import { buildDailyFromHourly, fillDailyAqi, MIN_HOURS_PER_8H, stationDailySql } from '../../src/db/hourly'
import { loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'
import { lcg } from '../helpers/lcg'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})

type Hour = { station: string; time: string; pm25?: number | null; pm10?: number | null; so2?: number | null; no2?: number | null; co?: number | null; o3?: number | null }
const hh = (h: number) => String(h).padStart(2, '0')
const day = (station: string, date: string, f: (h: number) => Omit<Hour, 'station' | 'time'>, hours = 24): Hour[] =>
  Array.from({ length: hours }, (_, h) => ({ station, time: `${date} ${hh(h)}:00:00`, ...f(h) }))

async function loadHourly(rows: Hour[]): Promise<void> {
  await db.exec(`CREATE OR REPLACE TABLE air_hourly (__row BIGINT, station VARCHAR, time TIMESTAMP, aqi DOUBLE, pm25 DOUBLE, pm10 DOUBLE, o3 DOUBLE, no2 DOUBLE, so2 DOUBLE, co DOUBLE)`)
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100)
    await db.query(
      `INSERT INTO air_hourly VALUES ${chunk.map(() => '(?, ?, ?::TIMESTAMP, NULL, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((r, j) => [i + j + 1, r.station, r.time, r.pm25 ?? null, r.pm10 ?? null, r.o3 ?? null, r.no2 ?? null, r.so2 ?? null, r.co ?? null]),
    )
  }
}

/*
 * Hand-computed fixture (2023-01-01, HJ 633—2012):
 * 甲站: PM2.5 40 all day; PM10 only 19 hours (invalid); SO2 20 hours of 10 (valid); NO2 30; CO 1.0;
 *       O3 = 10·h but missing at 21–23 h. 8h windows: ending 20 h → mean 165; ending 21 h → 7 values, 170;
 *       ending 22 h → hours 15–20 only = 6 values, (150+…+200)/6 = 175 (valid); ending 23 h → 5 values (invalid).
 *       Daily O3-8h = 175 → IAQI 100 + 50/55·15 = 113.6 → 114; PM2.5 40 → 56.25 → 57; AQI 114, 轻度污染.
 * 乙站: PM2.5 60 (→ 82), PM10 120 (→ 85), no SO2, NO2 50, CO 1.5, O3 100 all day → O3-8h 100; AQI 85, PM10.
 * District: PM2.5 50 → 69; PM10 120 (乙 only) → 85; SO2 10 → 10; NO2 40 → 50; CO 1.25 → 32;
 *           O3-8h (175+100)/2 = 137.5 → 81.25 → 82. AQI 85, primary PM10, 良.
 * 丙站 (2023-01-02) has 19 hours: no 24h mean is valid, but its 8h windows ending 7–18 h hold 8 values
 *       each, so O3-8h 300 is valid → IAQI 200 + 100/535·35 = 206.5 → 207 (重度污染).
 */
const fixture: Hour[] = [
  ...day('甲站', '2023-01-01', (h) => ({ pm25: 40, pm10: h < 19 ? 100 : null, so2: h < 20 ? 10 : null, no2: 30, co: 1.0, o3: h >= 21 ? null : 10 * h })),
  ...day('乙站', '2023-01-01', () => ({ pm25: 60, pm10: 120, no2: 50, co: 1.5, o3: 100 })),
  // The same concentrations either side of 2026-03-01: PM2.5 75 → IAQI 100 (2012) / 114 (2026).
  ...day('乙站', '2026-02-28', () => ({ pm25: 75, pm10: 50, so2: 5, no2: 20, co: 0.5, o3: 50 })),
  ...day('乙站', '2026-03-01', () => ({ pm25: 75, pm10: 50, so2: 5, no2: 20, co: 0.5, o3: 50 })),
  // A duplicated hour is one hour, not two.
  { station: '乙站', time: '2026-03-01 00:00:00', pm25: 75, pm10: 50, so2: 5, no2: 20, co: 0.5, o3: 50 },
  // 19 hours only: no valid 24h mean; O3-8h still valid (its windows have ≥ 6 values).
  ...day('丙站', '2023-01-02', () => ({ pm25: 300, pm10: 300, so2: 300, no2: 300, co: 9, o3: 300 }), 19),
]

describe('hourly → daily (GB 3095 validity, HJ 633 AQI by edition)', () => {
  beforeAll(async () => {
    await loadHourly(fixture)
    await buildDailyFromHourly(db)
  })

  it('applies the ≥ 20 hours and ≥ 6 hours per 8h window rules per station', async () => {
    const rows = await db.query(`SELECT station, date, pm25, pm10, so2, no2, co, o3_8h, hours, aqi, primary_pollutant, level FROM air_station_daily ORDER BY date, station`)
    expect(rows).toEqual([
      { station: '乙站', date: '2023-01-01', pm25: 60, pm10: 120, so2: null, no2: 50, co: 1.5, o3_8h: 100, hours: 24, aqi: 85, primary_pollutant: 'PM10', level: '良' },
      { station: '甲站', date: '2023-01-01', pm25: 40, pm10: null, so2: 10, no2: 30, co: 1, o3_8h: 175, hours: 24, aqi: 114, primary_pollutant: 'O₃-8h', level: '轻度污染' },
      { station: '丙站', date: '2023-01-02', pm25: null, pm10: null, so2: null, no2: null, co: null, o3_8h: 300, hours: 19, aqi: 207, primary_pollutant: 'O₃-8h', level: '重度污染' },
      { station: '乙站', date: '2026-02-28', pm25: 75, pm10: 50, so2: 5, no2: 20, co: 0.5, o3_8h: 50, hours: 24, aqi: 100, primary_pollutant: 'PM2.5', level: '良' },
      { station: '乙站', date: '2026-03-01', pm25: 75, pm10: 50, so2: 5, no2: 20, co: 0.5, o3_8h: 50, hours: 24, aqi: 114, primary_pollutant: 'PM2.5', level: '轻度污染' },
    ])
  })

  it('averages stations into the district air_daily the overview reads', async () => {
    const rows = await db.query(`SELECT date, aqi, pm25, pm10, o3_8h, no2, so2, co, primary_pollutant, level FROM air_daily ORDER BY date`)
    expect(rows).toEqual([
      { date: '2023-01-01', aqi: 85, pm25: 50, pm10: 120, o3_8h: 137.5, no2: 40, so2: 10, co: 1.25, primary_pollutant: 'PM10', level: '良' },
      { date: '2023-01-02', aqi: 207, pm25: null, pm10: null, o3_8h: 300, no2: null, so2: null, co: null, primary_pollutant: 'O₃-8h', level: '重度污染' },
      { date: '2026-02-28', aqi: 100, pm25: 75, pm10: 50, o3_8h: 50, no2: 20, so2: 5, co: 0.5, primary_pollutant: 'PM2.5', level: '良' },
      { date: '2026-03-01', aqi: 114, pm25: 75, pm10: 50, o3_8h: 50, no2: 20, so2: 5, co: 0.5, primary_pollutant: 'PM2.5', level: '轻度污染' },
    ])
  })
})

describe('O3 8-hour value', () => {
  it('equals a join-based reference on 60 station-days with random gaps and duplicate hours', async () => {
    // Deterministic pseudo-random hours: about a third missing, some hours given twice (averaged).
    const rnd = lcg(7)
    const rows: Hour[] = []
    for (let d = 1; d <= 20; d++) {
      for (const station of ['甲站', '乙站', '丙站']) {
        for (let h = 0; h < 24; h++) {
          if (rnd() < 0.33) continue
          const time = `2024-05-${hh(d)} ${hh(h)}:00:00`
          rows.push({ station, time, o3: Math.round(rnd() * 300) })
          if (rnd() < 0.05) rows.push({ station, time, o3: Math.round(rnd() * 300) })
        }
      }
    }
    await loadHourly(rows)
    await buildDailyFromHourly(db)
    // Reference: every window end 7..23 h, present or not (a window is valid with ≥ 6 of its 8 hours,
    // whether or not its last hour has a value), joined to the hours it covers.
    const reference = await db.query<{ station: string; date: string; o3_8h: number | null }>(`
      WITH h AS (SELECT station, time::DATE AS date, hour(time) AS hr, avg(o3) AS o3 FROM air_hourly GROUP BY ALL),
      e AS (SELECT DISTINCT station, date, r.range AS e FROM h, range(7, 24) r),
      w AS (SELECT e.station, e.date, e.e, avg(h.o3) AS m8, count(h.o3) AS n8 FROM e
            LEFT JOIN h ON h.station = e.station AND h.date = e.date AND h.hr BETWEEN e.e - 7 AND e.e GROUP BY ALL)
      SELECT station, date, max(m8) FILTER (WHERE n8 >= ${MIN_HOURS_PER_8H}) AS o3_8h FROM w GROUP BY ALL ORDER BY date, station`)
    const got = await db.query<{ station: string; date: string; o3_8h: number | null }>('SELECT station, date, o3_8h FROM air_station_daily ORDER BY date, station')
    expect(got.length).toBe(60)
    expect(got.filter((r) => r.o3_8h == null).length).toBeGreaterThan(0)
    expect(got.map((r) => ({ ...r, o3_8h: r.o3_8h == null ? null : Math.round(r.o3_8h * 1e9) / 1e9 }))).toEqual(
      reference.map((r) => ({ ...r, o3_8h: r.o3_8h == null ? null : Math.round(r.o3_8h * 1e9) / 1e9 })),
    )
  })
})

describe('hours known to be unique', () => {
  it('give the same station-days without the duplicate-averaging step; the loader only claims it when true', async () => {
    const rnd = lcg(11)
    const rows: Hour[] = []
    for (let d = 1; d <= 10; d++) {
      for (const station of ['甲站', '乙站']) {
        for (let h = 0; h < 24; h++) {
          if (rnd() < 0.2) continue
          const v = () => (rnd() < 0.1 ? null : Math.round(rnd() * 200))
          rows.push({ station, time: `2024-06-${hh(d)} ${hh(h)}:00:00`, pm25: v(), pm10: v(), so2: v(), no2: v(), co: v(), o3: v() })
        }
      }
    }
    await loadHourly(rows)
    const both = await Promise.all([false, true].map((u) => db.query(`SELECT * FROM (${stationDailySql('air_hourly', u)}) ORDER BY date, station`)))
    expect(both[0]?.length).toBe(20)
    expect(both[1]).toEqual(both[0])
    // Through the loader: a file with a duplicate hour keeps the averaging step and gets the same days as a rebuild.
    const csv = ['站点名称,监测时间,PM2.5', ...Array.from({ length: 24 }, (_, h) => `甲站,2024-07-01 ${hh(h)}:00:00,${h}`), '甲站,2024-07-01 05:00:00,29'].join('\n')
    const r = await loadCsv(db, { fileName: 'dup.csv', bytes: new TextEncoder().encode(csv) })
    expect(r.issues.map((i) => i.kind)).toEqual(['duplicate_key'])
    const loaded = await db.query('SELECT station, date, pm25, hours FROM air_station_daily')
    expect(loaded).toEqual([{ station: '甲站', date: '2024-07-01', pm25: (276 - 5 + (5 + 29) / 2) / 24, hours: 24 }])
  })
})

describe('daily files', () => {
  it('computes AQI when the file has none and keeps a published AQI as it is', async () => {
    const noAqi = '日期,PM2.5,PM10,O3_8h,NO2,SO2,CO\n2023-01-01,50,120,137.5,40,10,1.25\n2026-03-01,75,50,50,20,5,0.5\n'
    const r = await loadCsv(db, { fileName: 'no-aqi.csv', bytes: new TextEncoder().encode(noAqi) })
    expect(r.ok).toBe(true)
    await fillDailyAqi(db)
    expect(await db.query('SELECT date, aqi, primary_pollutant, level FROM air_daily ORDER BY date')).toEqual([
      { date: '2023-01-01', aqi: 85, primary_pollutant: 'PM10', level: '良' },
      { date: '2026-03-01', aqi: 114, primary_pollutant: 'PM2.5', level: '轻度污染' },
    ])
    const withAqi = '日期,AQI,PM2.5\n2023-01-01,70,50\n2023-01-02,,60\n'
    await loadCsv(db, { fileName: 'aqi.csv', bytes: new TextEncoder().encode(withAqi) })
    expect(await db.query('SELECT date, aqi FROM air_daily ORDER BY date')).toEqual([
      { date: '2023-01-01', aqi: 70 },
      { date: '2023-01-02', aqi: null },
    ])
  })
})

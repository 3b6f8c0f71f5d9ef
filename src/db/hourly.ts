/**
 * Hourly air data (table `air_hourly`, several stations) → daily values with the GB 3095 validity
 * rules, and daily AQI per HJ 633 by date edition (SQL generated from the domain breakpoints).
 *
 * - A station's daily mean of SO2, NO2, PM10, PM2.5, CO needs ≥ 20 valid hourly values that day.
 * - O3: 8-hour moving means inside the day (the window ending at hour h covers h−7..h, h = 7..23,
 *   i.e. 08:00–24:00 in hour-ending terms), each needing ≥ 6 valid hourly values; the daily value
 *   is the largest valid one. Timestamps are taken as the START of their hour (00:00 = 00:00–01:00).
 * - Duplicate (station, hour) rows are averaged into one hour before counting.
 * - District value of a day = arithmetic mean over the stations with a valid value for that
 *   pollutant (HJ 663 city-scale averaging); AQI is computed from the district values.
 *
 * Output: `air_station_daily` (per station and day) and `air_daily` (district, the overview's
 * table), both swapped in atomically. Views read these, never the raw hourly rows.
 */
import { aqiFromIaqiSql, iaqiColumnsSql, primaryAndLevelSql } from './aqiSql'
import { ident } from './sql'
import type { Db } from './types'

export const MIN_HOURS_PER_DAY = 20
export const MIN_HOURS_PER_8H = 6

const MEAN_POLLUTANTS = ['pm25', 'pm10', 'so2', 'no2', 'co'] as const

/** Daily columns in the canonical air_daily order (kinds.ts), then the AQI outputs. */
const AQI_COLS = { date: 'date', so2: 'so2', no2: 'no2', pm10: 'pm10', co: 'co', o3_8h: 'o3_8h', pm25: 'pm25', o3_1h: 'o3_1h_max' }

/** Add aqi/primary_pollutant/level to a relation with date + daily concentrations. */
export function withAqiSql(relation: string, keep: string): string {
  return `SELECT ${keep}, aqi, ${primaryAndLevelSql()} FROM (
    SELECT *, ${aqiFromIaqiSql()} FROM (SELECT *, ${iaqiColumnsSql(AQI_COLS)} FROM (${relation})))`
}

/** Hours 7..23 (hour-starting): the 8-hour windows h−7..h that end inside the day. */
const O3_WINDOW_ENDS = Array.from({ length: 17 }, (_, i) => i + 7)

/**
 * O3 daily value from the 24 hourly slots `o3_h0`..`o3_h23` of one station-day: each window's mean
 * when it has ≥ 6 values, the largest of them. Slots instead of a window function: a RANGE window
 * sorts every hourly row, the slots come out of the daily aggregate in the same hash pass.
 */
function o3EightHourSql(): string {
  const windows = O3_WINDOW_ENDS.map((end) => {
    const slots = Array.from({ length: 8 }, (_, k) => `o3_h${end - 7 + k}`)
    const n = slots.map((s) => `(${s} IS NOT NULL)::INT`).join(' + ')
    const sum = slots.map((s) => `coalesce(${s}, 0)`).join(' + ')
    return `CASE WHEN ${n} >= ${MIN_HOURS_PER_8H} THEN (${sum}) / (${n}) END`
  })
  // greatest() skips NULLs; all NULL gives NULL.
  return `greatest(${windows.join(',\n        ')})`
}

/**
 * Per-station daily values (validity rules applied) as a SELECT over air_hourly. `uniqueHours`: the
 * caller knows every (station, hour) has at most one row, so the step that averages duplicate hours
 * (a hash table as large as the hourly table) is left out; the result is the same.
 */
export function stationDailySql(source = 'air_hourly', uniqueHours = false): string {
  const means = MEAN_POLLUTANTS.map((p) => `CASE WHEN count(${p}) >= ${MIN_HOURS_PER_DAY} THEN avg(${p}) END AS ${p}`).join(',\n      ')
  const counts = [...MEAN_POLLUTANTS, 'o3'].map((p) => `count(${p})::INT AS n_${p}`).join(', ')
  const slots = Array.from({ length: 24 }, (_, h) => `any_value(o3) FILTER (WHERE hr = ${h}) AS o3_h${h}`).join(', ')
  const hours = uniqueHours
    ? `SELECT station, time::DATE AS date, hour(time) AS hr, pm25, pm10, so2, no2, co, o3
      FROM ${ident(source)} WHERE station IS NOT NULL AND time IS NOT NULL`
    : `SELECT station, time::DATE AS date, hour(time) AS hr,
        avg(pm25) AS pm25, avg(pm10) AS pm10, avg(so2) AS so2, avg(no2) AS no2, avg(co) AS co, avg(o3) AS o3
      FROM ${ident(source)} WHERE station IS NOT NULL AND time IS NOT NULL GROUP BY station, date, hr`
  return `WITH h AS (${hours}),
    d AS (
      SELECT station, date,
      ${means},
      max(o3) AS o3_1h_max, count(*)::INT AS hours, ${counts}, ${slots}
      FROM h GROUP BY station, date
    )
    SELECT * EXCLUDE (${Array.from({ length: 24 }, (_, h) => `o3_h${h}`).join(', ')}), ${o3EightHourSql()} AS o3_8h FROM d`
}

export interface HourlyToDailyResult {
  stationDays: number
  days: number
  stations: number
}

/**
 * Rebuild `air_station_daily` and `air_daily` from `air_hourly`. AQI is always computed here: an
 * hourly file's AQI column is the real-time (hourly) index, which is not the daily AQI.
 */
export async function buildDailyFromHourly(db: Db, opts: { uniqueHours?: boolean } = {}): Promise<HourlyToDailyResult> {
  const stationStage = '__stage_air_station_daily'
  const dailyStage = '__stage_air_daily_from_hourly'
  try {
    await db.exec(`CREATE OR REPLACE TABLE ${stationStage} AS
      ${withAqiSql(stationDailySql('air_hourly', opts.uniqueHours), 'station, date, pm25, pm10, o3_8h, no2, so2, co, o3_1h_max, hours, n_pm25, n_pm10, n_so2, n_no2, n_co, n_o3')}
      ORDER BY date, station`)
    const district = `SELECT date, avg(pm25) AS pm25, avg(pm10) AS pm10, avg(o3_8h) AS o3_8h, avg(no2) AS no2, avg(so2) AS so2, avg(co) AS co,
        avg(o3_1h_max) AS o3_1h_max FROM ${stationStage} GROUP BY date`
    // Same columns as a loaded air_daily file (kinds.ts), with __row as the day's ordinal.
    await db.exec(`CREATE OR REPLACE TABLE ${dailyStage} AS
      SELECT row_number() OVER (ORDER BY date) AS __row, date, aqi, pm25, pm10, o3_8h, no2, so2, co, primary_pollutant, level
      FROM (${withAqiSql(district, 'date, pm25, pm10, o3_8h, no2, so2, co')}) ORDER BY date`)
    await db.exec('BEGIN TRANSACTION')
    try {
      await db.exec(`DROP TABLE IF EXISTS air_station_daily; ALTER TABLE ${stationStage} RENAME TO air_station_daily;
        DROP TABLE IF EXISTS air_daily; ALTER TABLE ${dailyStage} RENAME TO air_daily`)
      await db.exec('COMMIT')
    } catch (e) {
      await db.exec('ROLLBACK')
      throw e
    }
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${stationStage}; DROP TABLE IF EXISTS ${dailyStage}`).catch(() => undefined)
  }
  const [r] = await db.query<HourlyToDailyResult>(
    'SELECT count(*)::INT AS "stationDays", count(DISTINCT date)::INT AS days, count(DISTINCT station)::INT AS stations FROM air_station_daily',
  )
  return r ?? { stationDays: 0, days: 0, stations: 0 }
}

/**
 * A daily file without an AQI column gets AQI, primary pollutant and level computed from its
 * concentrations (HJ 633 by date). Files that carry AQI are left exactly as published.
 */
export async function fillDailyAqi(db: Db, table = 'air_daily'): Promise<void> {
  const t = ident(table)
  const stage = ident(`__stage_aqi_${table}`)
  await db.exec(`CREATE OR REPLACE TABLE ${stage} AS
    SELECT d.* REPLACE (a.aqi AS aqi, coalesce(d.primary_pollutant, a.primary_pollutant) AS primary_pollutant, coalesce(d.level, a.level) AS level)
    FROM ${t} d LEFT JOIN (${withAqiSql(`SELECT rowid AS __rid, date, pm25, pm10, o3_8h, no2, so2, co, CAST(NULL AS DOUBLE) AS o3_1h_max FROM ${t}`, '__rid')}) a ON a.__rid = d.rowid
    ORDER BY d.rowid`)
  await db.exec('BEGIN TRANSACTION')
  try {
    await db.exec(`DROP TABLE ${t}; ALTER TABLE ${stage} RENAME TO ${t}`)
    await db.exec('COMMIT')
  } catch (e) {
    await db.exec('ROLLBACK')
    await db.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined)
    throw e
  }
}

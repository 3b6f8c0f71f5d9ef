/**
 * Small summary tables rebuilt after every load, so views read hundreds of rows instead of
 * scanning raw (hourly) rows on every filter change:
 *   air_monthly          month × {days, valid/good/heavy days, pollutant sums and counts}   from air_daily
 *   air_station_monthly  station × month × the same                                         from air_station_daily
 * Sums and counts (not means) are stored so that any run of whole months combines exactly.
 */
import type { LoadKind } from '../csv/kinds'
import { buildDailyFromHourly, fillDailyAqi } from './hourly'
import { tableExists, type AirMonth } from './queries'
import { ident } from './sql'
import type { Db } from './types'

const MEASURES = ['pm25', 'pm10', 'o3_8h', 'no2', 'so2', 'co'] as const

function monthlySql(source: string, groupBy: string[]): string {
  const sums = MEASURES.map((p) => `sum(${p}) AS ${p}_sum, count(${p})::INT AS ${p}_n`).join(', ')
  const keys = [...groupBy, `date_trunc('month', date)::DATE AS month`].join(', ')
  return `SELECT ${keys}, count(*)::INT AS days, count(aqi)::INT AS valid_days,
      count(*) FILTER (WHERE aqi <= 100)::INT AS good_days, count(*) FILTER (WHERE aqi > 200)::INT AS heavy_days,
      ${sums}, min(date) AS first, max(date) AS last
    FROM ${ident(source)} WHERE date IS NOT NULL GROUP BY ALL ORDER BY ALL`
}

async function rebuild(db: Db, table: string, select: string): Promise<void> {
  const stage = ident(`__stage_${table}`)
  await db.exec(`CREATE OR REPLACE TABLE ${stage} AS ${select}`)
  await db.exec('BEGIN TRANSACTION')
  try {
    await db.exec(`DROP TABLE IF EXISTS ${ident(table)}; ALTER TABLE ${stage} RENAME TO ${ident(table)}`)
    await db.exec('COMMIT')
  } catch (e) {
    await db.exec('ROLLBACK')
    await db.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined)
    throw e
  }
}

/** Rebuild the summary tables whose sources exist; drop those whose source is gone. */
export async function buildPreaggregates(db: Db): Promise<void> {
  if (await tableExists(db, 'air_daily')) await rebuild(db, 'air_monthly', monthlySql('air_daily', []))
  else await db.exec('DROP TABLE IF EXISTS air_monthly')
  if (await tableExists(db, 'air_station_daily')) await rebuild(db, 'air_station_monthly', monthlySql('air_station_daily', ['station']))
  else await db.exec('DROP TABLE IF EXISTS air_station_monthly')
}

export interface AfterLoadOptions {
  /** The loaded file had an AQI column (a daily file without one gets AQI computed). */
  hasAqi: boolean
  /** Hourly data with at most one row per station and hour (the loader counted it). */
  uniqueHours?: boolean
}

/**
 * Derived tables after a successful load: hourly → daily (air_station_daily, air_daily), AQI for a
 * daily file that has none, then the summary tables.
 */
export async function afterLoad(db: Db, kind: LoadKind, opts: AfterLoadOptions): Promise<void> {
  if (kind === 'air_hourly') await buildDailyFromHourly(db, { uniqueHours: opts.uniqueHours })
  else if (kind === 'air_daily' && !opts.hasAqi) await fillDailyAqi(db)
  if (kind === 'air_hourly' || kind === 'air_daily') await buildPreaggregates(db)
}

/** airMonthlyQuery's rows for the whole months from..to, read from air_monthly. */
export function airMonthlyPreaggQuery(db: Db, fromMonth: string, toMonth: string): Promise<AirMonth[]> {
  return db.query<AirMonth>(
    `SELECT month, valid_days, good_days, pm25_sum / nullif(pm25_n, 0) AS pm25_mean
     FROM air_monthly WHERE month BETWEEN date_trunc('month', ?::DATE) AND ?::DATE ORDER BY month`,
    [fromMonth, toMonth],
  )
}

export interface StationMonth {
  station: string
  month: string
  valid_days: number
  good_days: number
  pm25_mean: number | null
  o3_8h_mean: number | null
}

/** Per-station monthly series (the wall's and compare's station view) from air_station_monthly. */
export function stationMonthlyQuery(db: Db, fromMonth: string, toMonth: string): Promise<StationMonth[]> {
  return db.query<StationMonth>(
    `SELECT station, month, valid_days, good_days, pm25_sum / nullif(pm25_n, 0) AS pm25_mean, o3_8h_sum / nullif(o3_8h_n, 0) AS o3_8h_mean
     FROM air_station_monthly WHERE month BETWEEN date_trunc('month', ?::DATE) AND ?::DATE ORDER BY station, month`,
    [fromMonth, toMonth],
  )
}

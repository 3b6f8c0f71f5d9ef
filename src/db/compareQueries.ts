/**
 * Queries of the before/after comparison. Window statistics are aggregated in SQL over the daily
 * table, several windows in one statement; only daily series (a few hundred points per window) come
 * back for the bootstrap and the charts. Every value is bound as a parameter.
 */
import { EDITION_2026_FROM } from '../domain/aqi'
import type { Window } from '../domain/compareWindows'
import type { LedgerStatus } from '../domain/ledger'
import { tableExists } from './queries'
import type { Db, SqlValue } from './types'

export type WindowKey = 'a' | 'b' | 'baseA' | 'baseB'

/** `(VALUES (?, ?::DATE, ?::DATE), …) w(k, f, t)` and its parameters. */
function windowsValues(windows: Partial<Record<WindowKey, Window>>): { sql: string; params: SqlValue[] } {
  const entries = Object.entries(windows) as [WindowKey, Window][]
  if (entries.length === 0) throw new Error('no window')
  return {
    sql: `(VALUES ${entries.map(() => '(?, ?::DATE, ?::DATE)').join(', ')}) w(k, f, t)`,
    params: entries.flatMap(([k, w]) => [k, w.from, w.to]),
  }
}

export interface AirWindowStats {
  k: WindowKey
  /** Calendar days with a row in the table. */
  days: number
  valid_days: number
  /** Valid days under HJ 633—2012 (before 2026-03-01) and HJ 633—2026. */
  valid_2012: number
  valid_2026: number
  good_days: number
  heavy_days: number
  pm25_mean: number | null
  pm10_mean: number | null
  o3_8h_mean: number | null
  pm25_n: number
  pm10_n: number
  o3_8h_n: number
  first: string | null
  last: string | null
}

/** Air statistics of each window, [from, to] inclusive. Valid day = AQI present (as airWindowQuery). */
export async function airWindowsQuery(db: Db, windows: Partial<Record<WindowKey, Window>>): Promise<Map<WindowKey, AirWindowStats>> {
  const v = windowsValues(windows)
  const rows = await db.query<AirWindowStats>(
    `SELECT w.k,
       count(d.date)::INT AS days,
       count(d.aqi)::INT AS valid_days,
       count(d.aqi) FILTER (WHERE d.date < ?::DATE)::INT AS valid_2012,
       count(d.aqi) FILTER (WHERE d.date >= ?::DATE)::INT AS valid_2026,
       count(*) FILTER (WHERE d.aqi <= 100)::INT AS good_days,
       count(*) FILTER (WHERE d.aqi > 200)::INT AS heavy_days,
       avg(d.pm25) AS pm25_mean, avg(d.pm10) AS pm10_mean, avg(d.o3_8h) AS o3_8h_mean,
       count(d.pm25)::INT AS pm25_n, count(d.pm10)::INT AS pm10_n, count(d.o3_8h)::INT AS o3_8h_n,
       min(d.date) AS first, max(d.date) AS last
     FROM ${v.sql} LEFT JOIN air_daily d ON d.date BETWEEN w.f AND w.t
     GROUP BY w.k`,
    [EDITION_2026_FROM, EDITION_2026_FROM, ...v.params],
  )
  return new Map(rows.map((r) => [r.k, r]))
}

export interface DailyPoint {
  date: string
  aqi: number | null
  pm25: number | null
  pm10: number | null
  o3_8h: number | null
}

/** The daily series between two dates (inclusive), in date order. */
export function dailySeriesQuery(db: Db, from: string, to: string): Promise<DailyPoint[]> {
  return db.query<DailyPoint>(
    `SELECT date, aqi::DOUBLE AS aqi, pm25::DOUBLE AS pm25, pm10::DOUBLE AS pm10, o3_8h::DOUBLE AS o3_8h
     FROM air_daily WHERE date BETWEEN ?::DATE AND ?::DATE ORDER BY date`,
    [from, to],
  )
}

export interface ComplaintsWindowStats {
  k: WindowKey
  months: number
  received: number | null
  accepted: number | null
  closed: number | null
  replied: number | null
}

/** Complaint sums of each window over the months that overlap it (the data is monthly). */
export async function complaintsWindowsQuery(db: Db, windows: Partial<Record<WindowKey, Window>>): Promise<Map<WindowKey, ComplaintsWindowStats>> {
  const v = windowsValues(windows)
  const rows = await db.query<ComplaintsWindowStats>(
    `SELECT w.k, count(c.month)::INT AS months, sum(c.received) AS received, sum(c.accepted) AS accepted,
       sum(c.closed) AS closed, sum(c.replied) AS replied
     FROM ${v.sql} LEFT JOIN complaints_monthly c ON c.month BETWEEN date_trunc('month', w.f) AND w.t
     GROUP BY w.k`,
    v.params,
  )
  return new Map(rows.map((r) => [r.k, r]))
}

/*
 * Ledger status at a date, the SQL twin of src/domain/ledgerWindow.ts (a query test keeps them equal).
 * Parameters: $1 = from, $2 = to, $3 = ledger as-of.
 */
const EXISTS_AT = (d: string) => `(found_on IS NULL OR found_on <= ${d})`
const CLOSED_AT = (d: string) => `(CASE WHEN closed_on IS NOT NULL THEN closed_on <= ${d} ELSE status = 'closed' AND $3::DATE <= ${d} END)`
const STATUS_AT = (d: string) =>
  `CASE WHEN NOT ${EXISTS_AT(d)} THEN NULL WHEN ${CLOSED_AT(d)} THEN 'closed' WHEN status = 'long_term' THEN 'long_term' ELSE 'in_progress' END`
const DUE_AT_END = `${EXISTS_AT('$2::DATE')} AND status IS DISTINCT FROM 'long_term' AND deadline < $2::DATE`

const BETWEEN_COLUMNS = `
  count(*) FILTER (WHERE s0 IS NOT NULL)::INT AS start_total,
  count(*) FILTER (WHERE s0 = 'closed')::INT AS start_closed,
  count(*) FILTER (WHERE s0 = 'in_progress')::INT AS start_in_progress,
  count(*) FILTER (WHERE s0 = 'long_term')::INT AS start_long_term,
  count(*) FILTER (WHERE s1 IS NOT NULL)::INT AS end_total,
  count(*) FILTER (WHERE s1 = 'closed')::INT AS end_closed,
  count(*) FILTER (WHERE s1 = 'in_progress')::INT AS end_in_progress,
  count(*) FILTER (WHERE s1 = 'long_term')::INT AS end_long_term,
  count(*) FILTER (WHERE closed_on BETWEEN $1::DATE AND $2::DATE)::INT AS closed_inside,
  count(*) FILTER (WHERE due AND s1 IS DISTINCT FROM 'closed')::INT AS overdue_end,
  count(*) FILTER (WHERE due)::INT AS due_end,
  count(*) FILTER (WHERE due AND s1 = 'closed' AND closed_on <= deadline)::INT AS on_time_end`

const STATUS_ROWS = `SELECT *, ${STATUS_AT('$1::DATE')} AS s0, ${STATUS_AT('$2::DATE')} AS s1, coalesce(${DUE_AT_END}, false) AS due FROM ledger`

export interface LedgerBetweenRow {
  start_total: number
  start_closed: number
  start_in_progress: number
  start_long_term: number
  end_total: number
  end_closed: number
  end_in_progress: number
  end_long_term: number
  closed_inside: number
  overdue_end: number
  due_end: number
  on_time_end: number
}

export async function ledgerBetweenQuery(db: Db, w: Window, asOf: string): Promise<LedgerBetweenRow> {
  const [row] = await db.query<LedgerBetweenRow>(`SELECT ${BETWEEN_COLUMNS} FROM (${STATUS_ROWS})`, [w.from, w.to, asOf])
  return row as LedgerBetweenRow
}

export interface LedgerGroupRow extends LedgerBetweenRow {
  name: string
}

/** The same figures per aspect (方面) or responsible unit, in ledger order. */
export function ledgerBetweenByQuery(db: Db, w: Window, asOf: string, by: 'aspect' | 'unit'): Promise<LedgerGroupRow[]> {
  const col = by === 'aspect' ? 'aspect' : 'unit'
  return db.query<LedgerGroupRow>(
    `SELECT coalesce(${col}, '—') AS name, ${BETWEEN_COLUMNS} FROM (${STATUS_ROWS})
     GROUP BY 1 ORDER BY min(TRY_CAST(no AS INTEGER)) NULLS LAST, 1`,
    [w.from, w.to, asOf],
  )
}

/**
 * Totals, per aspect and per unit in one pass (GROUPING SETS): the same rows as ledgerBetweenQuery
 * and ledgerBetweenByQuery, one round trip instead of three.
 */
export async function ledgerBetweenAllQuery(db: Db, w: Window, asOf: string): Promise<{ totals: LedgerBetweenRow; byAspect: LedgerGroupRow[]; byUnit: LedgerGroupRow[] }> {
  const rows = await db.query<LedgerGroupRow & { grouped_by: 'aspect' | 'unit' | 'all' }>(
    `SELECT CASE WHEN grouping(aspect) = 0 THEN 'aspect' WHEN grouping(unit) = 0 THEN 'unit' ELSE 'all' END AS grouped_by,
       coalesce(CASE WHEN grouping(aspect) = 0 THEN aspect ELSE unit END, '—') AS name, ${BETWEEN_COLUMNS}
     FROM (${STATUS_ROWS})
     GROUP BY GROUPING SETS ((aspect), (unit), ())
     ORDER BY grouped_by, min(TRY_CAST(no AS INTEGER)) NULLS LAST, name`,
    [w.from, w.to, asOf],
  )
  const pick = (r: LedgerGroupRow): LedgerBetweenRow => ({
    start_total: r.start_total, start_closed: r.start_closed, start_in_progress: r.start_in_progress, start_long_term: r.start_long_term,
    end_total: r.end_total, end_closed: r.end_closed, end_in_progress: r.end_in_progress, end_long_term: r.end_long_term,
    closed_inside: r.closed_inside, overdue_end: r.overdue_end, due_end: r.due_end, on_time_end: r.on_time_end,
  })
  const group = (by: 'aspect' | 'unit') => rows.filter((r) => r.grouped_by === by).map((r) => ({ name: r.name, ...pick(r) }))
  const all = rows.find((r) => r.grouped_by === 'all')
  if (!all) throw new Error('ledger totals missing')
  return { totals: pick(all), byAspect: group('aspect'), byUnit: group('unit') }
}

export interface LedgerItemRow {
  no: string | null
  aspect: string | null
  grp: string | null
  title: string | null
  measures: string | null
  leader: string | null
  unit: string | null
  person: string | null
  deadline: string | null
  status_raw: string | null
  status: LedgerStatus | null
  closed_on: string | null
  evidence: string | null
  found_on: string | null
  note: string | null
  /** Status at the start and end of the window. */
  s0: LedgerStatus | null
  s1: LedgerStatus | null
  overdue: boolean
}

/** Every item with its full record and its status at both ends of the window, in ledger order. */
export function ledgerItemsQuery(db: Db, w: Window, asOf: string): Promise<LedgerItemRow[]> {
  return db.query<LedgerItemRow>(
    `SELECT no, aspect, grp, title, measures, leader, unit, person, deadline, status_raw, status, closed_on,
       evidence, found_on, note, s0, s1, (due AND s1 IS DISTINCT FROM 'closed') AS overdue
     FROM (${STATUS_ROWS}) ORDER BY TRY_CAST(no AS INTEGER) NULLS LAST, no`,
    [w.from, w.to, asOf],
  )
}

/** Closing dates with the number of items closed that day, for event markers. */
export function closingsQuery(db: Db, from: string, to: string): Promise<{ date: string; n: number }[]> {
  return db.query<{ date: string; n: number }>(
    'SELECT closed_on AS date, count(*)::INT AS n FROM ledger WHERE closed_on BETWEEN ?::DATE AND ?::DATE GROUP BY 1 ORDER BY 1',
    [from, to],
  )
}

/**
 * Set the date of a timeline event (the ledger's metadata), adding the event when it is missing.
 * The events table is created with the intake's columns when no events file was loaded.
 */
export async function setEventDate(db: Db, event: string, date: string, label: string | null = null): Promise<void> {
  if (!(await tableExists(db, 'events'))) await db.exec('CREATE TABLE events (__row BIGINT, event VARCHAR, date DATE, label VARCHAR)')
  const [{ m } = { m: 0 }] = await db.query<{ m: number }>('SELECT count(*)::INT AS m FROM events WHERE event = ?', [event])
  if (m > 0) await db.query('UPDATE events SET date = ?::DATE WHERE event = ?', [date, event])
  else await db.query('INSERT INTO events (__row, event, date, label) SELECT coalesce(max(__row), 0) + 1, ?, ?::DATE, ? FROM events', [event, date, label])
}

/**
 * Queries for the wall screen. They run once per data change (never per rotation) and return
 * small aggregated rows: months, categories, a year of daily AQI for the calendar.
 * "Now" is each dataset's own newest date (its as-of), never the wall's clock.
 */
import type { Db } from './types'
import { ledgerByQuery, ledgerSummary, tableExists, type LedgerSummary, type StatusBreakdown } from './queries'

export interface WallAirTotals {
  valid_days: number
  good_days: number
  heavy_days: number
  pm25_mean: number | null
  from: string
  to: string
}

export interface WallAirMonth {
  /** First day of the month, YYYY-MM-01. */
  month: string
  year: number
  /** 1..12 */
  m: number
  valid_days: number
  good_days: number
  heavy_days: number
  pm25_mean: number | null
  /** Days per AQI level 1..6 (优, 良, 轻度, 中度, 重度, 严重). */
  l1: number
  l2: number
  l3: number
  l4: number
  l5: number
  l6: number
}

export interface WallAir {
  /** Newest date with an AQI. */
  asOf: string
  year: number
  /** Jan 1 of the as-of year .. as-of. */
  current: WallAirTotals
  /** The same period one year earlier. */
  previous: WallAirTotals
  /** Months of the as-of year and the year before. */
  months: WallAirMonth[]
  /** Daily AQI of the as-of year, for the calendar. */
  days: { date: string; aqi: number }[]
}

async function airTotals(db: Db, from: string, to: string): Promise<WallAirTotals> {
  const [row] = await db.query<WallAirTotals>(
    `SELECT count(aqi)::INT AS valid_days,
       count(*) FILTER (WHERE aqi <= 100)::INT AS good_days,
       count(*) FILTER (WHERE aqi > 200)::INT AS heavy_days,
       avg(pm25) AS pm25_mean, ?::DATE AS "from", ?::DATE AS "to"
     FROM air_daily WHERE date BETWEEN ?::DATE AND ?::DATE`,
    [from, to, from, to],
  )
  return row as WallAirTotals
}

export async function wallAirQuery(db: Db): Promise<WallAir | null> {
  if (!(await tableExists(db, 'air_daily'))) return null
  const [ext] = await db.query<{ as_of: string | null; prev_to: string | null }>(
    `SELECT max(date) AS as_of, (max(date) - INTERVAL 1 YEAR)::DATE AS prev_to FROM air_daily WHERE aqi IS NOT NULL`,
  )
  if (!ext?.as_of || !ext.prev_to) return null
  const year = Number(ext.as_of.slice(0, 4))
  const [current, previous, months, days] = [
    await airTotals(db, `${year}-01-01`, ext.as_of),
    await airTotals(db, `${year - 1}-01-01`, ext.prev_to),
    await db.query<WallAirMonth>(
      `SELECT date_trunc('month', date)::DATE AS month, year(date)::INT AS year, month(date)::INT AS m,
         count(aqi)::INT AS valid_days,
         count(*) FILTER (WHERE aqi <= 100)::INT AS good_days,
         count(*) FILTER (WHERE aqi > 200)::INT AS heavy_days,
         avg(pm25) AS pm25_mean,
         count(*) FILTER (WHERE aqi <= 50)::INT AS l1,
         count(*) FILTER (WHERE aqi > 50 AND aqi <= 100)::INT AS l2,
         count(*) FILTER (WHERE aqi > 100 AND aqi <= 150)::INT AS l3,
         count(*) FILTER (WHERE aqi > 150 AND aqi <= 200)::INT AS l4,
         count(*) FILTER (WHERE aqi > 200 AND aqi <= 300)::INT AS l5,
         count(*) FILTER (WHERE aqi > 300)::INT AS l6
       FROM air_daily WHERE date BETWEEN ?::DATE AND ?::DATE GROUP BY 1, 2, 3 ORDER BY 1`,
      [`${year - 1}-01-01`, ext.as_of],
    ),
    await db.query<{ date: string; aqi: number }>(
      `SELECT date, aqi::DOUBLE AS aqi FROM air_daily WHERE aqi IS NOT NULL AND date BETWEEN ?::DATE AND ?::DATE ORDER BY date`,
      [`${year}-01-01`, ext.as_of],
    ),
  ]
  return { asOf: ext.as_of, year, current, previous, months, days }
}

export interface BurnPoint {
  date: string
  /** Items not yet closed at the end of that day; null after the as-of date (not known yet). */
  remaining: number | null
  /** Items whose deadline has not passed yet: what would remain if everything closed on its deadline. */
  planned: number
}

export interface OpenItem {
  no: string | null
  title: string
  unit: string | null
  deadline: string | null
  status: 'in_progress' | 'long_term' | null
  /** Days past the deadline at the as-of date; 0 when not overdue. */
  overdue_days: number
}

export interface WallLedger {
  asOf: string
  summary: LedgerSummary
  byAspect: StatusBreakdown[]
  byUnit: StatusBreakdown[]
  burn: BurnPoint[]
  /** Not closed, overdue first (most overdue on top), then by deadline; long-term last. */
  open: OpenItem[]
  /** Burn-down start: the feedback date when known. */
  start: string
}

async function eventDate(db: Db, event: string): Promise<string | null> {
  if (!(await tableExists(db, 'events'))) return null
  const [row] = await db.query<{ date: string | null }>('SELECT max(date) AS date FROM events WHERE event = ?', [event])
  return row?.date ?? null
}

export async function wallLedgerQuery(db: Db): Promise<WallLedger | null> {
  if (!(await tableExists(db, 'ledger'))) return null
  const [dates] = await db.query<{ last_closed: string | null; first_closed: string | null; last_deadline: string | null }>(
    'SELECT max(closed_on) AS last_closed, min(closed_on) AS first_closed, max(deadline) AS last_deadline FROM ledger',
  )
  // The progress report's date is the ledger's as-of; without it, the newest closing date.
  const asOf = (await eventDate(db, 'as_of')) ?? dates?.last_closed ?? null
  if (!asOf) return null
  const feedback = (await eventDate(db, 'feedback')) ?? dates?.first_closed ?? asOf
  const start = feedback < asOf ? feedback : asOf
  const end = dates?.last_deadline && dates.last_deadline > asOf ? dates.last_deadline : asOf
  const summary = await ledgerSummary(db, asOf)
  const byAspect = await ledgerByQuery(db, 'aspect')
  const byUnit = await ledgerByQuery(db, 'unit')
  const burn = await db.query<BurnPoint>(
    `WITH days AS (SELECT unnest(generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY))::DATE AS d)
     SELECT d AS date,
       CASE WHEN d <= ?::DATE THEN count(l.title) FILTER (WHERE NOT (l.status = 'closed' AND l.closed_on IS NOT NULL AND l.closed_on <= d)) END::INT AS remaining,
       count(l.title) FILTER (WHERE l.deadline IS NULL OR l.deadline > d)::INT AS planned
     FROM days LEFT JOIN ledger l ON true GROUP BY d ORDER BY d`,
    [start, end, asOf],
  )
  const open = await db.query<OpenItem>(
    `SELECT no, title, unit, deadline, status,
       CASE WHEN status = 'in_progress' AND deadline < ?::DATE THEN date_diff('day', deadline, ?::DATE) ELSE 0 END::INT AS overdue_days
     FROM ledger WHERE status IS DISTINCT FROM 'closed'
     ORDER BY overdue_days DESC, status = 'long_term', deadline NULLS LAST, TRY_CAST(no AS INTEGER) NULLS LAST`,
    [asOf, asOf],
  )
  return { asOf, summary, byAspect, byUnit, burn, open, start }
}

export interface ComplaintsTotals {
  months: number
  received: number | null
  accepted: number | null
  closed: number | null
  replied: number | null
}

export interface ComplaintsMonth {
  month: string
  year: number
  m: number
  received: number | null
  accepted: number | null
  closed: number | null
  replied: number | null
}

export interface EnforcementYear {
  year: number
  reminders: number | null
  court_applications: number | null
  open_cases: number | null
  closed_cases: number | null
}

export interface WallComplaints {
  /** First day of the newest month with data. */
  asOf: string | null
  year: number | null
  current: ComplaintsTotals | null
  previous: ComplaintsTotals | null
  months: ComplaintsMonth[]
  enforcement: EnforcementYear[]
}

async function complaintsTotals(db: Db, from: string, to: string): Promise<ComplaintsTotals> {
  const [row] = await db.query<ComplaintsTotals>(
    `SELECT count(*)::INT AS months, sum(received)::DOUBLE AS received, sum(accepted)::DOUBLE AS accepted,
       sum(closed)::DOUBLE AS closed, sum(replied)::DOUBLE AS replied
     FROM complaints_monthly WHERE month BETWEEN ?::DATE AND ?::DATE`,
    [from, to],
  )
  return row as ComplaintsTotals
}

export async function wallComplaintsQuery(db: Db): Promise<WallComplaints | null> {
  const hasComplaints = await tableExists(db, 'complaints_monthly')
  const hasEnforcement = await tableExists(db, 'enforcement_yearly')
  if (!hasComplaints && !hasEnforcement) return null
  const out: WallComplaints = { asOf: null, year: null, current: null, previous: null, months: [], enforcement: [] }
  if (hasComplaints) {
    const [ext] = await db.query<{ as_of: string | null; prev_to: string | null }>(
      `SELECT max(month)::DATE AS as_of, (max(month) - INTERVAL 1 YEAR)::DATE AS prev_to FROM complaints_monthly WHERE received IS NOT NULL`,
    )
    if (ext?.as_of && ext.prev_to) {
      const year = Number(ext.as_of.slice(0, 4))
      out.asOf = ext.as_of
      out.year = year
      out.current = await complaintsTotals(db, `${year}-01-01`, ext.as_of)
      out.previous = await complaintsTotals(db, `${year - 1}-01-01`, ext.prev_to)
      out.months = await db.query<ComplaintsMonth>(
        `SELECT month::DATE AS month, year(month)::INT AS year, month(month)::INT AS m,
           received::DOUBLE AS received, accepted::DOUBLE AS accepted, closed::DOUBLE AS closed, replied::DOUBLE AS replied
         FROM complaints_monthly WHERE month BETWEEN ?::DATE AND ?::DATE ORDER BY month`,
        [`${year - 1}-01-01`, ext.as_of],
      )
    }
  }
  if (hasEnforcement) {
    out.enforcement = await db.query<EnforcementYear>(
      `SELECT year::INT AS year, reminders::DOUBLE AS reminders, court_applications::DOUBLE AS court_applications,
         open_cases::DOUBLE AS open_cases, closed_cases::DOUBLE AS closed_cases
       FROM enforcement_yearly WHERE year IS NOT NULL ORDER BY year`,
    )
  }
  return out
}

/** Newest date any loaded dataset covers (a month counts to its last day); null when nothing is dated. */
export async function newestDataDate(db: Db): Promise<string | null> {
  const parts: string[] = []
  if (await tableExists(db, 'air_daily')) parts.push('SELECT max(date) AS d FROM air_daily')
  if (await tableExists(db, 'air_hourly')) parts.push('SELECT max(time)::DATE AS d FROM air_hourly')
  if (await tableExists(db, 'complaints_monthly')) parts.push('SELECT max(last_day(month)) AS d FROM complaints_monthly')
  if (await tableExists(db, 'events')) parts.push('SELECT max(date) AS d FROM events')
  if (await tableExists(db, 'ledger')) parts.push('SELECT max(greatest(closed_on, found_on)) AS d FROM ledger')
  if (parts.length === 0) return null
  const [row] = await db.query<{ d: string | null }>(`SELECT max(d)::DATE AS d FROM (${parts.join(' UNION ALL ')})`)
  return row?.d ?? null
}

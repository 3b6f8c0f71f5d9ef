/**
 * Everything the comparison shows, recomputed from a Db for a pair of windows: window statistics
 * (SQL over the daily table), the bootstrap intervals and difference-in-differences (JS, typed
 * arrays, seeded), and the ledger between the dates. No Vue here: the view calls it through
 * useQuery, `npm run bench` times it (see docs/compare.md).
 */
import { beforeAfterIntervals, mean, type BlockPlan, verdictFor, type Direction, type Interval, type Verdict } from '../domain/bootstrap'
import { shiftYears, windowDays, windowEditions, crossesEdition, EVENT_KEYS, type CompareState, type TimelineDates, type Window } from '../domain/compareWindows'
import type { AqiEdition } from '../domain/aqi'
import { ratePct, rateChangePp, relativeChangePct } from '../domain/stats'
import {
  airWindowsQuery, closingsQuery, complaintsWindowsQuery, dailySeriesQuery, ledgerBetweenAllQuery, ledgerItemsQuery,
  type AirWindowStats, type ComplaintsWindowStats, type DailyPoint, type LedgerBetweenRow, type LedgerGroupRow, type LedgerItemRow, type WindowKey,
} from './compareQueries'
import { eventsQuery, existingTables, type EventRow } from './queries'
import type { Db } from './types'

export type IndicatorKey = 'good_rate' | 'pm25' | 'pm10' | 'o3_8h' | 'heavy_days' | 'valid_days' | 'complaints' | 'closure_rate' | 'reply_rate'

export interface Indicator {
  key: IndicatorKey
  /** How the change is expressed: percentage points, relative percent, or a difference in days. */
  changeKind: 'pp' | 'pct' | 'diff'
  direction: Direction | 'neutral'
  a: number | null
  b: number | null
  change: number | null
  /** Bootstrap interval of b − a in the indicator's own unit (pp for rates, µg/m³ for means). */
  ci: Interval | null
  verdict: Verdict | null
  /** Difference-in-differences against the same windows a year earlier, with its interval. */
  did: Interval | null
  didVerdict: Verdict | null
  /** Number of daily values behind a and b (valid days for rates, months for complaints). */
  nA: number | null
  nB: number | null
  basis: 'days' | 'months'
}

export interface WindowInfo {
  window: Window
  days: number
  editions: AqiEdition[]
  crossesEdition: boolean
  air: AirWindowStats | null
  complaints: ComplaintsWindowStats | null
}

export interface LedgerSection {
  window: Window
  asOf: string
  totals: LedgerBetweenRow
  byAspect: LedgerGroupRow[]
  byUnit: LedgerGroupRow[]
  items: LedgerItemRow[]
}

export interface Comparison {
  state: CompareState
  timeline: TimelineDates
  events: EventRow[]
  windows: Record<WindowKey, WindowInfo>
  unequalLength: boolean
  indicators: Indicator[]
  /** Daily series of each window, for the charts. */
  series: Record<WindowKey, DailyPoint[]>
  /** Daily series from the first day of either window to the last, for the trend chart. */
  trend: DailyPoint[]
  closings: { date: string; n: number }[]
  ledger: LedgerSection | null
  seed: number
  resamples: number
  /** Milliseconds per phase (tables, air, daily, ledger, bootstrap, …), for `npm run bench`. */
  timings: Record<string, number>
}

export interface RecomputeOptions {
  seed?: number
  resamples?: number
}

const KEYS: readonly WindowKey[] = ['a', 'b', 'baseA', 'baseB']

export function timelineFrom(events: readonly EventRow[]): TimelineDates {
  const t = Object.fromEntries(EVENT_KEYS.map((k) => [k, null])) as unknown as TimelineDates
  for (const e of events) if ((EVENT_KEYS as readonly string[]).includes(e.event)) t[e.event as keyof TimelineDates] = e.date
  return t
}

type Column = 'aqi' | 'pm25' | 'pm10' | 'o3_8h'

function column(points: readonly DailyPoint[], col: Column, map: (v: number) => number = (v) => v): Float64Array {
  const out = new Float64Array(points.length)
  let n = 0
  for (const p of points) {
    const v = p[col]
    if (v != null) out[n++] = map(v)
  }
  return out.subarray(0, n)
}

export async function compareRecompute(db: Db, state: CompareState, opts: RecomputeOptions = {}): Promise<Comparison> {
  const seed = opts.seed ?? 20230726
  const resamples = opts.resamples ?? 2000
  const windows: Record<WindowKey, Window> = { a: state.a, b: state.b, baseA: shiftYears(state.a, -1), baseB: shiftYears(state.b, -1) }
  const timings: Record<string, number> = {}
  let mark = performance.now()
  const lap = (phase: string) => {
    const now = performance.now()
    timings[phase] = now - mark
    mark = now
  }
  const tables = await existingTables(db, ['air_daily', 'complaints_monthly', 'ledger', 'events'])
  const [hasAir, hasComplaints, hasLedger, hasEvents] = ['air_daily', 'complaints_monthly', 'ledger', 'events'].map((t) => tables.has(t))
  const events = hasEvents ? await eventsQuery(db) : []
  const timeline = timelineFrom(events)
  lap('tables_events')
  const air = hasAir ? await airWindowsQuery(db, windows) : new Map<WindowKey, AirWindowStats>()
  lap('air_windows')
  const complaints = hasComplaints ? await complaintsWindowsQuery(db, { a: windows.a, b: windows.b }) : new Map<WindowKey, ComplaintsWindowStats>()
  lap('complaints')
  const all = KEYS.map((k) => windows[k])
  const spanFrom = all.reduce((m, w) => (w.from < m ? w.from : m), all[0]?.from as string)
  const spanTo = all.reduce((m, w) => (w.to > m ? w.to : m), all[0]?.to as string)
  const daily = hasAir ? await dailySeriesQuery(db, spanFrom, spanTo) : []
  lap('daily_series')
  const series = Object.fromEntries(KEYS.map((k) => [k, daily.filter((p) => p.date >= windows[k].from && p.date <= windows[k].to)])) as Record<WindowKey, DailyPoint[]>
  const trendFrom = state.a.from < state.b.from ? state.a.from : state.b.from
  const trendTo = state.a.to > state.b.to ? state.a.to : state.b.to
  const trend = daily.filter((p) => p.date >= trendFrom && p.date <= trendTo)
  // The ledger queries run in the engine's worker while the bootstrap runs here: start them first.
  const ledgerStarted = performance.now()
  const closingsP = hasLedger ? closingsQuery(db, spanFrom, spanTo) : Promise.resolve([])
  const ledgerP: Promise<LedgerSection | null> = hasLedger
    ? (async () => {
        const asOf = timeline.as_of ?? state.b.to
        const all = await ledgerBetweenAllQuery(db, state.b, asOf)
        const section = { window: state.b, asOf, ...all, items: await ledgerItemsQuery(db, state.b, asOf) }
        timings.ledger = performance.now() - ledgerStarted
        return section
      })()
    : Promise.resolve(null)

  const info = (k: WindowKey): WindowInfo => ({
    window: windows[k], days: windowDays(windows[k]), editions: windowEditions(windows[k]), crossesEdition: crossesEdition(windows[k]),
    air: air.get(k) ?? null, complaints: complaints.get(k) ?? null,
  })
  // One block plan per window: all pollutants resample the same days (and draw them once).
  const boot = { seed, resamples, plans: new Map<string, BlockPlan>() }
  const meanIndicator = (key: IndicatorKey, col: Column, map?: (v: number) => number): Indicator => {
    const s = KEYS.map((k) => column(series[k], col, map))
    const [a, b, ba, bb] = s as [Float64Array, Float64Array, Float64Array, Float64Array]
    const isRate = key === 'good_rate'
    const ma = mean(a)
    const mb = mean(b)
    // Without enough baseline days (e.g. before the data starts) there is no DiD, and none is shown.
    const { diff: ci, did } = beforeAfterIntervals(a, b, ba, bb, boot)
    const direction: Direction = isRate ? 'higher_better' : 'lower_better'
    return {
      key, changeKind: isRate ? 'pp' : 'pct', direction, a: ma, b: mb,
      change: (isRate ? rateChangePp(mb, ma) : relativeChangePct(mb, ma)).value,
      ci, verdict: verdictFor(ci, direction), did, didVerdict: did ? verdictFor(did, direction) : null,
      nA: a.length, nB: b.length, basis: 'days',
    }
  }
  const plain = (key: IndicatorKey, changeKind: Indicator['changeKind'], direction: Indicator['direction'], a: number | null, b: number | null, basis: Indicator['basis'], nA: number | null, nB: number | null): Indicator => ({
    key, changeKind, direction, a, b, basis, nA, nB,
    change: changeKind === 'pp' ? rateChangePp(b, a).value : changeKind === 'pct' ? relativeChangePct(b, a).value : a == null || b == null ? null : b - a,
    ci: null, verdict: null, did: null, didVerdict: null,
  })
  const aa = air.get('a')
  const ab = air.get('b')
  const ca = complaints.get('a')
  const cb = complaints.get('b')
  const indicators: Indicator[] = hasAir
    ? [
        meanIndicator('good_rate', 'aqi', (v) => (v <= 100 ? 100 : 0)),
        meanIndicator('pm25', 'pm25'),
        meanIndicator('pm10', 'pm10'),
        meanIndicator('o3_8h', 'o3_8h'),
        plain('heavy_days', 'diff', 'lower_better', aa?.heavy_days ?? null, ab?.heavy_days ?? null, 'days', aa?.valid_days ?? null, ab?.valid_days ?? null),
        plain('valid_days', 'diff', 'neutral', aa?.valid_days ?? null, ab?.valid_days ?? null, 'days', aa?.days ?? null, ab?.days ?? null),
      ]
    : []
  if (hasComplaints) {
    indicators.push(
      plain('complaints', 'pct', 'neutral', ca?.received ?? null, cb?.received ?? null, 'months', ca?.months ?? null, cb?.months ?? null),
      plain('closure_rate', 'pp', 'higher_better', ratePct(ca?.closed ?? 0, ca?.accepted ?? 0), ratePct(cb?.closed ?? 0, cb?.accepted ?? 0), 'months', ca?.months ?? null, cb?.months ?? null),
      plain('reply_rate', 'pp', 'higher_better', ratePct(ca?.replied ?? 0, ca?.received ?? 0), ratePct(cb?.replied ?? 0, cb?.received ?? 0), 'months', ca?.months ?? null, cb?.months ?? null),
    )
  }
  lap('bootstrap')
  const [closings, ledger] = await Promise.all([closingsP, ledgerP])
  lap('ledger_wait')
  return {
    state, timeline, events,
    windows: { a: info('a'), b: info('b'), baseA: info('baseA'), baseB: info('baseB') },
    unequalLength: windowDays(state.a) !== windowDays(state.b),
    indicators, series, trend, closings, ledger, seed, resamples, timings,
  }
}

/** What `window.__compare` offers while #/compare is open (used by `npm run bench`, docs/compare.md). */
export interface CompareHook {
  /** The comparison currently shown (null before the first computation). */
  state(): CompareState | null
  /** Recompute everything for `state` (default: the current one) and return the milliseconds taken. */
  recompute(state?: CompareState): Promise<{ ms: number; indicators: number; ledgerItems: number; timings: Record<string, number> }>
}

declare global {
  interface Window {
    __compare?: CompareHook
  }
}

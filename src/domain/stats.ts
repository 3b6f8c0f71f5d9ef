/**
 * Rates, changes and percentiles as a leader reads them (DOMAIN.md §3, §4). Pure module.
 */

/** Share in percent, or null when the denominator is zero. */
export function ratePct(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null
}

/** 优良天数比例 = good days / valid days × 100%. */
export const goodDayRate = (goodDays: number, validDays: number): number | null => ratePct(goodDays, validDays)

export type ChangeKind = 'pp' | 'pct'

export interface Change {
  kind: ChangeKind
  /** Percentage points for rates, relative percent for concentrations and counts. */
  value: number | null
}

/** Rates change in percentage points, never as a relative % of a rate. */
export function rateChangePp(current: number | null, previous: number | null): Change {
  return { kind: 'pp', value: current == null || previous == null ? null : current - previous }
}

/** Concentrations and counts change relatively: (cur − prev) / prev × 100. */
export function relativeChangePct(current: number | null, previous: number | null): Change {
  return {
    kind: 'pct',
    value: current == null || previous == null || previous === 0 ? null : ((current - previous) / previous) * 100,
  }
}

/** Round half away from zero to `digits`, avoiding binary artefacts (0.05 → 0.1). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits
  return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f
}

/** HJ 663 percentile: k = 1 + (n−1)·p/100, X(s) + (X(s+1) − X(s))·(k − s). */
export function hjPercentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const xs = [...values].sort((a, b) => a - b)
  const k = 1 + ((xs.length - 1) * p) / 100
  const s = Math.floor(k)
  const xs1 = xs[s - 1] as number
  const xs2 = xs[Math.min(s, xs.length - 1)] as number
  return xs1 + (xs2 - xs1) * (k - s)
}

export interface CompositeInputs {
  so2Mean: number
  no2Mean: number
  pm10Mean: number
  pm25Mean: number
  /** 95th percentile of daily CO means, mg/m³. */
  coP95: number
  /** 90th percentile of daily O3 max-8h. */
  o3P90: number
}

/** 综合指数 (2014 ranking rules) = Σ C_i / S_i. Lower is better. */
export function compositeIndex(c: CompositeInputs): number {
  return c.so2Mean / 60 + c.no2Mean / 40 + c.pm10Mean / 70 + c.pm25Mean / 35 + c.coP95 / 4 + c.o3P90 / 160
}

/** Number of days in [from, to] inclusive, ISO dates. */
export function daysInclusive(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`)
  const b = Date.parse(`${to}T00:00:00Z`)
  return Math.round((b - a) / 86_400_000) + 1
}

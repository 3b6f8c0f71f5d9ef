/**
 * Comparison windows anchored on the rectification timeline, and their URL form. Pure module.
 * Dates are ISO 'YYYY-MM-DD', windows inclusive at both ends.
 */
import { EDITION_2026_FROM, editionFor, type AqiEdition } from './aqi'
import { daysInclusive } from './stats'

export interface Window {
  from: string
  to: string
}

export type PresetKey = 'inspection' | 'yoy' | 'mom' | 'custom'
export const PRESETS: readonly PresetKey[] = ['inspection', 'yoy', 'mom', 'custom']

export type Metric = 'pm25' | 'pm10' | 'o3_8h' | 'aqi'
export const METRICS: readonly Metric[] = ['pm25', 'pm10', 'o3_8h', 'aqi']

export interface CompareState {
  preset: PresetKey
  a: Window
  b: Window
  /** Daily series drawn in the charts. */
  metric: Metric
}

/** The timeline events the presets use (keys of the events table). */
export interface TimelineDates {
  inspection_start: string | null
  inspection_end: string | null
  feedback: string | null
  plan_adopted: string | null
  air_stats_as_of: string | null
  as_of: string | null
}

export const EVENT_KEYS: readonly (keyof TimelineDates)[] = ['inspection_start', 'inspection_end', 'feedback', 'plan_adopted', 'air_stats_as_of', 'as_of']

const DAY = 86_400_000
const toMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`)
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function addDays(iso: string, days: number): string {
  return fromMs(toMs(iso) + days * DAY)
}

/** Same calendar day n years earlier/later; 29 Feb becomes 28 Feb. */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years
  const md = iso.slice(5)
  if (md === '02-29') {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
    return `${y}-02-${leap ? '29' : '28'}`
  }
  return `${String(y).padStart(4, '0')}-${md}`
}

export const windowDays = (w: Window): number => daysInclusive(w.from, w.to)

export const shiftYears = (w: Window, years: number): Window => ({ from: addYears(w.from, years), to: addYears(w.to, years) })

/** The window of equal length ending the day before `w` starts (环比). */
export function precedingWindow(w: Window): Window {
  const n = windowDays(w)
  return { from: addDays(w.from, -n), to: addDays(w.from, -1) }
}

export const isIsoDate = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(toMs(v)) && fromMs(toMs(v)) === v

/**
 * Windows of a preset. The "after" window runs from feedback to the as-of date in every preset;
 * the "before" window is: the equal-length window ending the day before the inspection started
 * (inspection), the same window a year earlier (yoy, 同比), or the preceding window of equal
 * length (mom, 环比). Null when the events needed are missing.
 */
export function presetWindows(preset: Exclude<PresetKey, 'custom'>, d: TimelineDates): { a: Window; b: Window } | null {
  if (!d.feedback || !d.as_of || d.as_of < d.feedback) return null
  const b: Window = { from: d.feedback, to: d.as_of }
  if (preset === 'yoy') return { a: shiftYears(b, -1), b }
  if (preset === 'mom') return { a: precedingWindow(b), b }
  if (!d.inspection_start) return null
  return { a: { from: addDays(d.inspection_start, -windowDays(b)), to: addDays(d.inspection_start, -1) }, b }
}

/** URL query (route.query of #/compare) → state, or null when it does not describe one. */
export function parseCompareQuery(q: Record<string, unknown>): Partial<CompareState> {
  const out: Partial<CompareState> = {}
  const str = (v: unknown) => (Array.isArray(v) ? v[0] : v)
  const preset = str(q.preset)
  if (typeof preset === 'string' && (PRESETS as readonly string[]).includes(preset)) out.preset = preset as PresetKey
  const metric = str(q.m)
  if (typeof metric === 'string' && (METRICS as readonly string[]).includes(metric)) out.metric = metric as Metric
  const win = (f: unknown, t: unknown): Window | undefined => {
    const a = str(f)
    const b = str(t)
    if (!isIsoDate(a) || !isIsoDate(b)) return undefined
    return a <= b ? { from: a, to: b } : { from: b, to: a }
  }
  const a = win(q.af, q.at)
  const b = win(q.bf, q.bt)
  if (a) out.a = a
  if (b) out.b = b
  return out
}

/** State → URL query. Dates are always written, so a link shows the same figures whatever the preset. */
export function toCompareQuery(s: CompareState): Record<string, string> {
  return { preset: s.preset, af: s.a.from, at: s.a.to, bf: s.b.from, bt: s.b.to, m: s.metric }
}

/** AQI editions a window's days fall under (DOMAIN.md §2); two when it spans 2026-03-01. */
export function windowEditions(w: Window): AqiEdition[] {
  const a = editionFor(w.from)
  const b = editionFor(w.to)
  return a === b ? [a] : [a, b]
}

export const crossesEdition = (w: Window): boolean => w.from < EDITION_2026_FROM && w.to >= EDITION_2026_FROM

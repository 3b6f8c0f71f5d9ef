/** How the wall words a change against the same period last year (DOMAIN.md §4). Pure module. */
import type { Change } from '../../domain/stats'
import { roundTo } from '../../domain/stats'
import { fmtNumber } from '../../format'

export type ChangeDirection = 'up' | 'down' | 'flat' | 'none'

export interface ChangeWords {
  direction: ChangeDirection
  /** i18n key under `wall.change`, e.g. `pp.up`, `pct.down`, `flat`, `none`. */
  key: string
  /** Absolute size of the change, formatted for the locale (no sign, no unit). */
  v: string
  /** Whether the change is good news, given which way is better; null when flat or unknown. */
  good: boolean | null
}

/** Rates move in percentage points, concentrations and counts in relative percent, both to 0.1. */
export function describeChange(change: Change, locale: string, better: 'up' | 'down'): ChangeWords {
  if (change.value == null || !Number.isFinite(change.value)) return { direction: 'none', key: 'none', v: '', good: null }
  const r = roundTo(change.value, 1)
  if (r === 0) return { direction: 'flat', key: 'flat', v: '', good: null }
  const direction = r > 0 ? 'up' : 'down'
  return { direction, key: `${change.kind}.${direction}`, v: fmtNumber(Math.abs(r), locale, 1), good: direction === better }
}

/** 'HH:MM:SS' of a Date in local time (the wall clock). */
export function clockText(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** Local calendar date 'YYYY-MM-DD' (the stale check compares the data with the wall's own today). */
export function localIsoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

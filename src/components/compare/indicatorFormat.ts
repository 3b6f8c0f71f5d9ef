/**
 * How each comparison indicator is written: digits, unit, sign, and the tone of a change given
 * whether lower or higher is better. Pure; the components pass the locale and translated units.
 */
import type { Indicator, IndicatorKey } from '../../db/compareRecompute'
import type { Verdict } from '../../domain/bootstrap'
import { fmtNumber } from '../../format'

export type Tone = 'good' | 'bad' | 'neutral'

/** Digits of the values themselves (DOMAIN.md §4: pollutants in whole µg/m³, rates to 0.1). */
export const VALUE_DIGITS: Record<IndicatorKey, number> = {
  good_rate: 1, pm25: 0, pm10: 0, o3_8h: 0, heavy_days: 0, valid_days: 0, complaints: 0, closure_rate: 1, reply_rate: 1,
}

export type UnitKind = 'pct' | 'ug' | 'days' | 'pieces'
export const UNIT_OF: Record<IndicatorKey, UnitKind> = {
  good_rate: 'pct', pm25: 'ug', pm10: 'ug', o3_8h: 'ug', heavy_days: 'days', valid_days: 'days', complaints: 'pieces', closure_rate: 'pct', reply_rate: 'pct',
}

/** Tone of a change: good when it moves the way that is better; neutral for 0, null or neutral indicators. */
export function changeTone(ind: Pick<Indicator, 'change' | 'direction'>): Tone {
  if (ind.change == null || ind.direction === 'neutral' || Math.abs(ind.change) < 1e-9) return 'neutral'
  return ind.change > 0 === (ind.direction === 'higher_better') ? 'good' : 'bad'
}

export function verdictTone(v: Verdict | null): Tone {
  return v === 'improved' ? 'good' : v === 'worsened' ? 'bad' : 'neutral'
}

export const signOf = (v: number, digits: number): string => (Number(v.toFixed(digits)) > 0 ? '+' : Number(v.toFixed(digits)) < 0 ? '−' : '±')

/** Absolute value formatted, for use after signOf. */
export const absText = (v: number, locale: string, digits: number): string => fmtNumber(Math.abs(v), locale, digits)

/** Signed number with a real minus sign, e.g. "−3.2". */
export function signed(v: number, locale: string, digits: number): string {
  const s = signOf(v, digits)
  return `${s === '±' ? '' : s}${absText(v, locale, digits)}`
}

/** Digits of a change: pp and % to 0.1, day/case differences whole. */
export const changeDigits = (ind: Pick<Indicator, 'changeKind'>): number => (ind.changeKind === 'diff' ? 0 : 1)

/** Intervals are given to 0.1 of their unit (pp for rates, µg/m³ for means). */
export const CI_DIGITS = 1

import { useI18n } from 'vue-i18n'
import type { Change } from '../../domain/stats'
import { dateFormat, fmtDate, fmtNumber, fmtPct } from '../../format'
import { AQI_CATEGORIES } from '../../domain/aqi'
import { describeChange } from './wallFormat'

export interface ChangeText {
  text: string
  good: boolean | null
}

/** Locale-bound formatting for the wall pages. */
export function useWallText() {
  const { t, locale } = useI18n()
  const monthNames = (m: number) => (locale.value === 'zh' ? `${m}月` : dateFormat('en', 'm-short', { month: 'short' }).format(Date.UTC(2000, m - 1, 1)))
  return {
    t,
    locale,
    n: (v: number | null | undefined, digits = 0) => fmtNumber(v, locale.value, digits),
    pct: (v: number | null | undefined, digits = 1) => (v == null ? '—' : fmtNumber(v, locale.value, digits)),
    pctText: (v: number | null | undefined) => fmtPct(v, locale.value),
    date: (iso: string | null | undefined) => fmtDate(iso, locale.value),
    period: (from: string, to: string) => t('wall.period', { from: fmtDate(from, locale.value), to: fmtDate(to, locale.value) }),
    monthName: monthNames,
    levelName: (level: number) => {
      const c = AQI_CATEGORIES[level - 1]
      return c ? (locale.value === 'zh' ? c.zh : c.en) : ''
    },
    change: (c: Change, better: 'up' | 'down'): ChangeText => {
      const w = describeChange(c, locale.value, better)
      return { text: t(`wall.change.${w.key}`, { v: w.v }), good: w.good }
    },
  }
}

/** Locale-aware number and date formatting for figures a leader reads. */
import { roundTo } from './domain/stats'

const tag = (locale: string) => (locale === 'zh' ? 'zh-CN' : 'en-GB')

export function fmtNumber(v: number | null | undefined, locale: string, digits = 0): string {
  if (v == null || !Number.isFinite(v)) return '—'
  return new Intl.NumberFormat(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(roundTo(v, digits))
}

export function fmtPct(v: number | null | undefined, locale: string, digits = 1): string {
  return v == null ? '—' : `${fmtNumber(v, locale, digits)}%`
}

/** 'YYYY-MM-DD' → 2023年10月25日 / 25 Oct 2023, without time-zone drift. */
export function fmtDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—'
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return new Intl.DateTimeFormat(tag(locale), { year: 'numeric', month: locale === 'zh' ? 'long' : 'short', day: 'numeric', timeZone: 'UTC' }).format(d)
}

export function fmtMonth(iso: string, locale: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return new Intl.DateTimeFormat(tag(locale), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d)
}

/** A period as one short phrase: 2023年1月1日—10月6日 / 1 Jan – 6 Oct 2023 (the year once when shared). */
export function fmtPeriod(from: string, to: string, locale: string): string {
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${fmtDate(from, locale)} — ${fmtDate(to, locale)}`
  const d = (iso: string, opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(tag(locale), { ...opts, timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`))
  if (locale === 'zh') return `${fmtDate(from, locale)}—${d(to, { month: 'long', day: 'numeric' })}`
  return `${d(from, { day: 'numeric', month: 'short' })} – ${fmtDate(to, locale)}`
}

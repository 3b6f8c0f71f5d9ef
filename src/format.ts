/** Locale-aware number and date formatting for figures a leader reads. */
import { roundTo } from './domain/stats'

const tag = (locale: string) => (locale === 'zh' ? 'zh-CN' : 'en-GB')

/**
 * Intl formatters are costly to build (ICU objects), and a wall re-renders for days: build each
 * (locale, options) once. The keys come from this module only, so the caches stay a handful big.
 */
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${tag(locale)}|${digits}`
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits })))
  return f
}
export function dateFormat(locale: string, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${tag(locale)}|${key}`
  let f = dateFormats.get(k)
  if (!f) dateFormats.set(k, (f = new Intl.DateTimeFormat(tag(locale), { ...opts, timeZone: 'UTC' })))
  return f
}

export function fmtNumber(v: number | null | undefined, locale: string, digits = 0): string {
  if (v == null || !Number.isFinite(v)) return '—'
  return numberFormat(locale, digits).format(roundTo(v, digits))
}

export function fmtPct(v: number | null | undefined, locale: string, digits = 1): string {
  return v == null ? '—' : `${fmtNumber(v, locale, digits)}%`
}

/** 'YYYY-MM-DD' → 2023年10月25日 / 25 Oct 2023, without time-zone drift. */
export function fmtDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—'
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return dateFormat(locale, 'ymd', { year: 'numeric', month: locale === 'zh' ? 'long' : 'short', day: 'numeric' }).format(d)
}

export function fmtMonth(iso: string, locale: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return dateFormat(locale, 'ym', { year: 'numeric', month: 'short' }).format(d)
}

/** A period as one short phrase: 2023年1月1日—10月6日 / 1 Jan – 6 Oct 2023 (the year once when shared). */
export function fmtPeriod(from: string, to: string, locale: string): string {
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${fmtDate(from, locale)} — ${fmtDate(to, locale)}`
  const d = (iso: string, key: string, opts: Intl.DateTimeFormatOptions) => dateFormat(locale, key, opts).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`))
  if (locale === 'zh') return `${fmtDate(from, locale)}—${d(to, 'md-long', { month: 'long', day: 'numeric' })}`
  return `${d(from, 'dm-short', { day: 'numeric', month: 'short' })} – ${fmtDate(to, locale)}`
}

/** A byte count for people: '812 B', '154.9 KB', '12.3 MB'. */
export function fmtBytes(b: number): string {
  return b < 1024 ? `${b} B` : b < 1048576 ? `${(b / 1024).toFixed(1)} KB` : `${(b / 1048576).toFixed(1)} MB`
}

/**
 * Air Quality Index per HJ 633. Two editions apply by the date of the data:
 * HJ 633—2012 before 2026-03-01, HJ 633—2026 from that day on (DOMAIN.md §2).
 * Pure module: no Vue, no DuckDB.
 */

export type AqiEdition = '2012' | '2026'
export type DailyPollutant = 'so2' | 'no2' | 'pm10' | 'co' | 'o3_8h' | 'pm25'
export type Pollutant = DailyPollutant | 'o3_1h'

/** First day on which HJ 633—2026 applies. */
export const EDITION_2026_FROM = '2026-03-01'

const IAQI_STEPS = [0, 50, 100, 150, 200, 300, 400, 500] as const

type Breakpoints = Readonly<Record<Pollutant, readonly number[]>>

const DAILY_2012: Breakpoints = {
  so2: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  no2: [0, 40, 80, 180, 280, 565, 750, 940],
  pm10: [0, 50, 150, 250, 350, 420, 500, 600],
  co: [0, 2, 4, 14, 24, 36, 48, 60],
  o3_8h: [0, 100, 160, 215, 265, 800],
  pm25: [0, 35, 75, 115, 150, 250, 350, 500],
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
}

const DAILY_2026: Breakpoints = {
  ...DAILY_2012,
  pm10: [0, 50, 120, 250, 350, 420, 500, 600],
  pm25: [0, 35, 60, 115, 150, 250, 350, 500],
}

export const BREAKPOINTS: Readonly<Record<AqiEdition, Breakpoints>> = {
  '2012': DAILY_2012,
  '2026': DAILY_2026,
}

/** Edition in force for an ISO date (YYYY-MM-DD...). String comparison is exact for ISO dates. */
export function editionFor(isoDate: string): AqiEdition {
  return isoDate.slice(0, 10) >= EDITION_2026_FROM ? '2026' : '2012'
}

/** 2026 rounds concentrations before lookup: µg/m³ to integer, CO (mg/m³) to one decimal. */
function roundConcentration(p: Pollutant, c: number, edition: AqiEdition): number {
  if (edition === '2012') return c
  return p === 'co' ? Math.round(c * 10) / 10 : Math.round(c)
}

/**
 * Individual AQI for one pollutant, rounded up to an integer. Returns null when the value is
 * missing or outside the table (O3 8h above 800 in 2012: the caller must use O3 1h instead).
 */
export function iaqi(p: Pollutant, concentration: number | null | undefined, edition: AqiEdition): number | null {
  if (concentration == null || !Number.isFinite(concentration) || concentration < 0) return null
  const c = roundConcentration(p, concentration, edition)
  const bp = BREAKPOINTS[edition][p]
  if (p === 'o3_8h' && c > 800) return edition === '2026' ? 300 : null
  const top = bp[bp.length - 1] as number
  if (c >= top) return IAQI_STEPS[bp.length - 1] as number
  for (let i = 1; i < bp.length; i++) {
    const hi = bp[i] as number
    if (c <= hi) {
      const lo = bp[i - 1] as number
      const iLo = IAQI_STEPS[i - 1] as number
      const iHi = IAQI_STEPS[i] as number
      // Guard the float error of (x/y)*z so exact breakpoints do not round up past themselves.
      const raw = ((iHi - iLo) / (hi - lo)) * (c - lo) + iLo
      return Math.ceil(Math.round(raw * 1e9) / 1e9)
    }
  }
  return null
}

export interface DailyConcentrations {
  so2?: number | null
  no2?: number | null
  pm10?: number | null
  co?: number | null
  o3_8h?: number | null
  pm25?: number | null
  /** Daily max of hourly O3, used only where O3 8h exceeds 800 (2012). */
  o3_1h?: number | null
}

export interface AqiResult {
  /** null when not publishable (2026 §5.3.1: a pollutant missing and AQI ≤ 100). */
  aqi: number | null
  edition: AqiEdition
  iaqi: Partial<Record<DailyPollutant, number>>
  primary: DailyPollutant[]
  missing: DailyPollutant[]
}

const DAILY_POLLUTANTS: readonly DailyPollutant[] = ['so2', 'no2', 'pm10', 'co', 'o3_8h', 'pm25']

export function dailyAqi(values: DailyConcentrations, edition: AqiEdition): AqiResult {
  const parts: Partial<Record<DailyPollutant, number>> = {}
  const missing: DailyPollutant[] = []
  for (const p of DAILY_POLLUTANTS) {
    let v = iaqi(p, values[p], edition)
    if (p === 'o3_8h' && v == null && values.o3_8h != null && values.o3_8h > 800) {
      v = iaqi('o3_1h', values.o3_1h, edition)
    }
    if (v == null) missing.push(p)
    else parts[p] = v
  }
  const present = Object.values(parts)
  if (present.length === 0) return { aqi: null, edition, iaqi: parts, primary: [], missing }
  let aqi = Math.max(...present)
  if (edition === '2026') aqi = Math.min(500, Math.max(1, aqi))
  const primary = aqi > 50 ? DAILY_POLLUTANTS.filter((p) => parts[p] === aqi) : []
  const publishable = missing.length === 0 || aqi > 100 || edition === '2012'
  return { aqi: publishable ? aqi : null, edition, iaqi: parts, primary, missing }
}

export type AqiLevel = 1 | 2 | 3 | 4 | 5 | 6

export interface AqiCategory {
  level: AqiLevel
  /** Official category name, Chinese. */
  zh: string
  en: string
  color: string
  max: number
}

export const AQI_CATEGORIES: readonly AqiCategory[] = [
  { level: 1, zh: '优', en: 'Good', color: '#00E400', max: 50 },
  { level: 2, zh: '良', en: 'Moderate', color: '#FFFF00', max: 100 },
  { level: 3, zh: '轻度污染', en: 'Lightly polluted', color: '#FF7E00', max: 150 },
  { level: 4, zh: '中度污染', en: 'Moderately polluted', color: '#FF0000', max: 200 },
  { level: 5, zh: '重度污染', en: 'Heavily polluted', color: '#99004C', max: 300 },
  { level: 6, zh: '严重污染', en: 'Severely polluted', color: '#7E0023', max: Infinity },
]

export function aqiCategory(aqi: number): AqiCategory {
  return AQI_CATEGORIES.find((c) => aqi <= c.max) ?? (AQI_CATEGORIES[5] as AqiCategory)
}

/** 优良天: AQI ≤ 100. */
export const isGoodDay = (aqi: number): boolean => aqi <= 100
/** 重污染天: AQI > 200. */
export const isHeavyPollutionDay = (aqi: number): boolean => aqi > 200

/** GB 3095 class II limits in µg/m³ by edition in force. */
export function pm25Limits(isoDate: string): { annual: number; daily: number } {
  if (isoDate >= '2031-01-01') return { annual: 25, daily: 50 }
  return editionFor(isoDate) === '2026' ? { annual: 30, daily: 60 } : { annual: 35, daily: 75 }
}

export function pm10Limits(isoDate: string): { annual: number; daily: number } {
  return editionFor(isoDate) === '2026' ? { annual: 60, daily: 120 } : { annual: 70, daily: 150 }
}

export const POLLUTANT_LABELS: Readonly<Record<DailyPollutant, string>> = {
  so2: 'SO₂',
  no2: 'NO₂',
  pm10: 'PM10',
  co: 'CO',
  o3_8h: 'O₃-8h',
  pm25: 'PM2.5',
}

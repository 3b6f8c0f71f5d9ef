/**
 * HJ 633 IAQI/AQI as SQL expressions generated from the domain module's BREAKPOINTS, so SQL and
 * `src/domain/aqi.ts` compute the same numbers (tests/query/aqiSql.test.ts compares them on many
 * values). Every step mirrors `iaqi()` / `dailyAqi()` operation for operation, in DOUBLE.
 */
import { AQI_CATEGORIES, BREAKPOINTS, EDITION_2026_FROM, POLLUTANT_LABELS, type AqiEdition, type DailyPollutant, type Pollutant } from '../domain/aqi'
import { literal } from './sql'

const IAQI_STEPS = [0, 50, 100, 150, 200, 300, 400, 500] as const
const dbl = (n: number) => `CAST(${n} AS DOUBLE)`
const DAILY: readonly DailyPollutant[] = ['so2', 'no2', 'pm10', 'co', 'o3_8h', 'pm25']

/** 2026 rounds concentrations before lookup (µg/m³ to integer, CO to one decimal), as roundConcentration(). */
function rounded(p: Pollutant, c: string, edition: AqiEdition): string {
  if (edition === '2012') return c
  return p === 'co' ? `(round(${c} * 10) / 10)` : `round(${c})`
}

/** IAQI of one pollutant for a fixed edition; NULL where iaqi() returns null. `c` is a DOUBLE expression. */
export function iaqiSql(p: Pollutant, c: string, edition: AqiEdition): string {
  const rc = rounded(p, c, edition)
  const bp = BREAKPOINTS[edition][p]
  const arms: string[] = [`WHEN ${c} IS NULL OR NOT isfinite(${c}) OR ${c} < 0 THEN NULL`]
  if (p === 'o3_8h') arms.push(`WHEN ${rc} > 800 THEN ${edition === '2026' ? '300' : 'NULL'}`)
  arms.push(`WHEN ${rc} >= ${dbl(bp[bp.length - 1] as number)} THEN ${IAQI_STEPS[bp.length - 1]}`)
  for (let i = 1; i < bp.length; i++) {
    const lo = bp[i - 1] as number
    const hi = bp[i] as number
    const iLo = IAQI_STEPS[i - 1] as number
    const iHi = IAQI_STEPS[i] as number
    const raw = `((${dbl(iHi - iLo)} / ${dbl(hi - lo)}) * (${rc} - ${dbl(lo)}) + ${dbl(iLo)})`
    arms.push(`WHEN ${rc} <= ${dbl(hi)} THEN CAST(ceil(round(${raw} * 1e9) / 1e9) AS INTEGER)`)
  }
  return `(CASE ${arms.join(' ')} END)`
}

/** SQL for "this DATE expression falls under HJ 633—2026". */
export const is2026Sql = (date: string) => `(${date} >= DATE ${literal(EDITION_2026_FROM)})`

/** IAQI choosing the edition by the row's date. */
export function iaqiByDateSql(p: Pollutant, c: string, date: string): string {
  return `(CASE WHEN ${is2026Sql(date)} THEN ${iaqiSql(p, c, '2026')} ELSE ${iaqiSql(p, c, '2012')} END)`
}

export interface DailyAqiColumns {
  date: string
  so2: string
  no2: string
  pm10: string
  co: string
  o3_8h: string
  pm25: string
  /** Daily max of hourly O3; used only where O3 8h exceeds 800 (2012). */
  o3_1h: string
}

/**
 * A SELECT list fragment (aqi, primary_pollutant, level) over a relation that already has the six
 * IAQI columns named iaqi_<p> and an `is2026` BOOLEAN. Mirrors dailyAqi(): AQI = max IAQI, 2026
 * clamps to 1–500 and withholds a sub-100 AQI when a pollutant is missing; primary pollutants are
 * those equal to AQI when AQI > 50 (labels as in POLLUTANT_LABELS, joined by '/').
 */
export function aqiFromIaqiSql(): string {
  const parts = DAILY.map((p) => `iaqi_${p}`)
  const anyMissing = parts.map((x) => `${x} IS NULL`).join(' OR ')
  const maxRaw = `greatest(${parts.join(', ')})`
  const clamped = `(CASE WHEN is2026 THEN least(500, greatest(1, ${maxRaw})) ELSE ${maxRaw} END)`
  const aqi = `(CASE WHEN is2026 AND (${anyMissing}) AND ${clamped} <= 100 THEN NULL ELSE ${clamped} END)`
  return `${aqi} AS aqi, ${clamped} AS aqi_unpublished`
}

/** primary_pollutant and level from columns `aqi` and iaqi_<p> (a second projection step). */
export function primaryAndLevelSql(): string {
  const names = DAILY.map((p) => `CASE WHEN iaqi_${p} = aqi THEN ${literal(POLLUTANT_LABELS[p])} END`)
  const primary = `CASE WHEN aqi > 50 THEN concat_ws('/', ${names.join(', ')}) WHEN aqi IS NOT NULL THEN '—' END`
  const levels = AQI_CATEGORIES.filter((c) => Number.isFinite(c.max)).map((c) => `WHEN aqi <= ${c.max} THEN ${literal(c.zh)}`)
  const last = AQI_CATEGORIES[AQI_CATEGORIES.length - 1]
  const level = `CASE WHEN aqi IS NULL THEN NULL ${levels.join(' ')} ELSE ${literal(last ? last.zh : '')} END`
  return `${primary} AS primary_pollutant, ${level} AS level`
}

/** The six IAQI columns and `is2026` for a relation with daily concentration columns. */
export function iaqiColumnsSql(cols: DailyAqiColumns): string {
  const list = DAILY.map((p) => {
    if (p !== 'o3_8h') return `${iaqiByDateSql(p, cols[p], cols.date)} AS iaqi_${p}`
    // 2012: O3 8h above 800 has no IAQI of its own; the O3 1h IAQI stands in (dailyAqi()).
    const o3 = `(CASE WHEN ${is2026Sql(cols.date)} THEN ${iaqiSql('o3_8h', cols.o3_8h, '2026')}
      WHEN ${cols.o3_8h} > 800 THEN ${iaqiSql('o3_1h', cols.o3_1h, '2012')} ELSE ${iaqiSql('o3_8h', cols.o3_8h, '2012')} END)`
    return `${o3} AS iaqi_o3_8h`
  })
  return `${list.join(', ')}, ${is2026Sql(cols.date)} AS is2026`
}

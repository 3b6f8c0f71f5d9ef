/**
 * Writes the embedded sample CSVs in data/. Deterministic: the same code gives byte-identical files.
 * Run: npm run sample. Provenance of every file: data/README.md.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dailyAqi, aqiCategory, POLLUTANT_LABELS } from '../src/domain/aqi'
import { ASPECTS, LEDGER_ITEMS } from './ledger-items'

const here = dirname(fileURLToPath(import.meta.url))

function csvField(v: string | number | null): string {
  if (v == null) return ''
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const csv = (header: string[], rows: (string | number | null)[][]): string =>
  [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n'

/** mulberry32: small, fast, deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const iso = (d: Date): string => d.toISOString().slice(0, 10)
function daysBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(iso(new Date(t)))
  return out
}

// ---------------------------------------------------------------- ledger
function ledgerCsv(): string {
  const header = ['序号', '方面', '问题分组', '问题表现', '整改措施', '责任单位', '整改时限', '整改状态', '销号时间', '备注']
  const rows = LEDGER_ITEMS.map((i) => [
    i.no, ASPECTS[i.aspect], i.group, i.title, i.measures, i.unit, i.deadline, i.status, i.closedOn,
    '标题、方面、分组、措施摘自通报;责任单位、时限、状态、销号时间为示例假设',
  ])
  return csv(header, rows)
}

// ---------------------------------------------------------------- air quality, daily
interface Day {
  date: string
  pm25: number
  pm10: number
  o3: number
  no2: number
  so2: number
  co: number
  bad: 'pm' | 'o3' | 'heavy' | null
  gap: boolean
}

const CAL_FROM = '2023-01-01'
const CAL_TO = '2023-10-06'
const CAL_GOOD = 265
const CAL_VALID = 279
const CAL_PM25_MEAN = 29

/** Days that are not good (AQI > 100): winter PM, summer ozone. 2023 window has exactly 14. */
const BAD_DAYS: Record<string, Day['bad']> = {
  // 2022: 21 days, one heavy-pollution day
  '2022-01-05': 'pm', '2022-01-06': 'pm', '2022-01-07': 'heavy', '2022-01-08': 'pm', '2022-01-19': 'pm', '2022-01-27': 'pm',
  '2022-02-02': 'pm', '2022-02-03': 'pm', '2022-02-14': 'pm', '2022-03-02': 'pm', '2022-05-20': 'o3', '2022-06-18': 'o3',
  '2022-07-11': 'o3', '2022-07-12': 'o3', '2022-08-08': 'o3', '2022-08-21': 'o3', '2022-08-22': 'o3', '2022-11-29': 'pm',
  '2022-12-14': 'pm', '2022-12-20': 'pm', '2022-12-27': 'pm',
  // 2023-01-01..2023-10-06: 14 days (279 − 265)
  '2023-01-03': 'pm', '2023-01-11': 'pm', '2023-01-12': 'pm', '2023-01-22': 'pm', '2023-01-28': 'pm', '2023-02-07': 'pm',
  '2023-02-21': 'pm', '2023-03-09': 'pm', '2023-06-14': 'o3', '2023-07-19': 'o3', '2023-07-20': 'o3', '2023-08-09': 'o3',
  '2023-08-23': 'o3', '2023-09-05': 'o3',
  // rest of 2023
  '2023-12-12': 'pm', '2023-12-19': 'pm', '2023-12-28': 'pm',
}
/** Monitoring gaps (blank values): none inside the calibrated window. */
const GAPS = new Set(['2022-03-15', '2022-08-02', '2022-08-03', '2022-11-08', '2023-11-20', '2023-11-21'])

function generateAir(): Day[] {
  const rnd = prng(20230726)
  const noise = (scale: number) => (rnd() + rnd() + rnd() - 1.5) * scale
  const days = daysBetween('2022-01-01', '2023-12-31').map((date): Day => {
    const doy = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000
    const winter = (Math.cos((2 * Math.PI * (doy + 10)) / 365) + 1) / 2 // 1 in early Jan, 0 in July
    const yearFactor = date < '2023' ? 1.08 : 1 // 2022 a little worse: 同比 shows improvement
    const bad = BAD_DAYS[date] ?? null
    let pm25 = (16 + 34 * winter) * yearFactor + noise(9)
    let o3 = 70 + 70 * (1 - winter) + noise(22)
    if (bad === 'pm') pm25 = 78 + rnd() * 30
    else if (bad === 'heavy') pm25 = 158 + rnd() * 10
    else pm25 = Math.min(72, Math.max(6, pm25))
    o3 = bad === 'o3' ? 163 + rnd() * 30 : Math.min(155, Math.max(20, o3))
    return {
      date, bad, gap: GAPS.has(date), pm25: Math.round(pm25), o3: Math.round(o3),
      pm10: 0, no2: Math.round(Math.max(6, 14 + 14 * winter + noise(6))), so2: Math.round(Math.max(3, 6 + 4 * winter + noise(2))),
      co: Math.round(Math.max(0.3, 0.6 + 0.5 * winter + noise(0.2)) * 10) / 10,
    }
  })
  calibratePm25(days)
  for (const d of days) d.pm10 = Math.min(d.bad === 'pm' || d.bad === 'heavy' ? 240 : 145, Math.round(d.pm25 * 1.55 + 6 + noise(6)))
  return days
}

/** Shift good days in the calibrated window so that mean PM2.5 is exactly CAL_PM25_MEAN. */
function calibratePm25(days: Day[]): void {
  const win = days.filter((d) => d.date >= CAL_FROM && d.date <= CAL_TO)
  const adjustable = win.filter((d) => d.bad !== 'pm' && d.bad !== 'heavy')
  let diff = CAL_PM25_MEAN * win.length - win.reduce((s, d) => s + d.pm25, 0)
  const shift = Math.trunc(diff / adjustable.length)
  for (const d of adjustable) d.pm25 = Math.min(72, Math.max(5, d.pm25 + shift))
  diff = CAL_PM25_MEAN * win.length - win.reduce((s, d) => s + d.pm25, 0)
  for (let i = 0; diff !== 0; i = (i + 1) % adjustable.length) {
    const d = adjustable[i] as Day
    const step = Math.sign(diff)
    if (d.pm25 + step >= 5 && d.pm25 + step <= 72) {
      d.pm25 += step
      diff -= step
    }
  }
}

function airCsv(days: Day[]): string {
  const header = ['日期', 'AQI', 'PM2.5', 'PM10', 'O3_8h', 'NO2', 'SO2', 'CO', '首要污染物', '质量等级']
  let good = 0
  let valid = 0
  let pmSum = 0
  const rows = days.map((d) => {
    if (d.gap) return [d.date, null, null, null, null, null, null, null, null, null]
    const r = dailyAqi({ pm25: d.pm25, pm10: d.pm10, o3_8h: d.o3, no2: d.no2, so2: d.so2, co: d.co }, '2012')
    const aqi = r.aqi as number
    if (d.date >= CAL_FROM && d.date <= CAL_TO) {
      valid++
      pmSum += d.pm25
      if (aqi <= 100) good++
    }
    const primary = r.primary.map((p) => POLLUTANT_LABELS[p]).join('/') || '—'
    return [d.date, aqi, d.pm25, d.pm10, d.o3, d.no2, d.so2, d.co.toFixed(1), primary, aqiCategory(aqi).zh]
  })
  if (good !== CAL_GOOD || valid !== CAL_VALID || pmSum !== CAL_PM25_MEAN * CAL_VALID) {
    throw new Error(`calibration failed: good ${good}/${valid}, PM2.5 sum ${pmSum}`)
  }
  return csv(header, rows)
}

// ---------------------------------------------------------------- complaints, monthly
function complaintsCsv(): string {
  const rnd = prng(77722308)
  const header = ['月份', '接到', '受理', '办结', '回复']
  const rows: (string | number)[][] = []
  for (const y of [2022, 2023]) {
    for (let m = 1; m <= 12; m++) {
      const summer = m >= 5 && m <= 9 ? 10 : 0
      const received = Math.round(28 + summer + rnd() * 14 - (y === 2023 ? 4 : 0))
      const accepted = received - Math.round(rnd() * 3)
      const closed = accepted - (y === 2023 && m >= 10 ? 2 + Math.round(rnd() * 2) : Math.round(rnd() * 1.2))
      const replied = y === 2023 ? received : received - Math.round(rnd() * 1.4)
      rows.push([`${y}-${String(m).padStart(2, '0')}`, received, accepted, closed, replied])
    }
  }
  return csv(header, rows)
}

// ---------------------------------------------------------------- events and enforcement
function eventsCsv(): string {
  return csv(['事件', '日期', '说明'], [
    ['inspection_start', '2023-03-22', '区委第二巡察组进驻开展常规巡察'],
    ['inspection_end', '2023-05-26', '巡察结束'],
    ['feedback', '2023-07-26', '巡察组反馈巡察意见'],
    ['plan_adopted', '2023-07-28', '局党组会议审议通过整改工作方案'],
    ['air_stats_as_of', '2023-10-06', '通报中空气质量统计截至日期'],
    ['as_of', '2023-10-25', '整改进展通报截至日期'],
  ])
}

function enforcementCsv(): string {
  // Totals are the notice's (12 reminders, 11 court applications since 2020; 6 of 8 open cases
  // closed in 2023); the split across years is an assumption.
  return csv(['年份', '义务催告', '申请强制执行', '未结案件', '已结案件'], [
    [2020, 3, 3, 0, 0],
    [2021, 4, 3, 0, 0],
    [2022, 3, 3, 0, 0],
    [2023, 2, 2, 8, 6],
  ])
}

const files: Record<string, string> = {
  'ledger.csv': ledgerCsv(),
  'air_quality_daily.csv': airCsv(generateAir()),
  'complaints_monthly.csv': complaintsCsv(),
  'events.csv': eventsCsv(),
  'enforcement_yearly.csv': enforcementCsv(),
}
for (const [name, text] of Object.entries(files)) writeFileSync(join(here, name), text, 'utf8')
console.log(`wrote ${Object.keys(files).join(', ')} to ${here}`)

/**
 * Air-quality page of the wall: rows in, ECharts option out. No Vue, no DOM, no HTML formatters
 * (ECharts' default tooltip escapes names).
 */
import { format, type EChartsCoreOption } from 'echarts/core'
import { AQI_CATEGORIES, editionFor, pm25Limits } from '../../domain/aqi'
import { goodDayRate, roundTo } from '../../domain/stats'
import type { WallAirMonth } from '../../db/wallQueries'

export interface WallInk {
  text: string
  muted: string
  good: string
  warn: string
  bad: string
  prev: string
}

export const WALL_GRID = { left: 16, right: 24, top: 56, bottom: 12, containLabel: true }

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const

/** Value per month 1..12 of one year; null where the month has no data. */
export function byMonth<T extends { year: number; m: number }>(rows: readonly T[], year: number, pick: (r: T) => number | null): (number | null)[] {
  return MONTHS.map((m) => {
    const r = rows.find((x) => x.year === year && x.m === m)
    return r ? pick(r) : null
  })
}

export interface YearPairLabels {
  current: string
  previous: string
  monthName: (m: number) => string
}

const pctFormatter = (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—')

export function buildWallGoodRateOption(months: readonly WallAirMonth[], year: number, labels: YearPairLabels, ink: WallInk): EChartsCoreOption {
  const rate = (r: WallAirMonth) => {
    const v = goodDayRate(r.good_days, r.valid_days)
    return v == null ? null : roundTo(v, 1)
  }
  return {
    grid: WALL_GRID,
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', valueFormatter: pctFormatter },
    xAxis: { type: 'category', data: MONTHS.map(labels.monthName) },
    yAxis: { type: 'value', max: 100, min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.previous, type: 'bar', barGap: '10%', barMaxWidth: 26, itemStyle: { color: ink.prev }, data: byMonth(months, year - 1, rate) },
      {
        name: labels.current,
        type: 'bar',
        barMaxWidth: 26,
        itemStyle: { color: ink.good },
        label: { show: true, position: 'top', color: ink.text, fontSize: 13, formatter: (p: { value: number | null }) => (p.value == null ? '' : p.value.toFixed(0)) },
        data: byMonth(months, year, rate),
      },
    ],
  }
}

export interface Pm25Labels extends YearPairLabels {
  limit: (v: number, edition: string) => string
}

/** Monthly mean PM2.5 of two years, with the annual class II limit of the edition in force each month. */
export function buildWallPm25Option(months: readonly WallAirMonth[], year: number, labels: Pm25Labels, ink: WallInk): EChartsCoreOption {
  const cats = MONTHS.map(labels.monthName)
  const segments: { from: string; to: string; v: number; e: string }[] = []
  for (const [i, m] of MONTHS.entries()) {
    const first = `${year}-${String(m).padStart(2, '0')}-01`
    const v = pm25Limits(first).annual
    const last = segments[segments.length - 1]
    if (last && last.v === v) last.to = cats[i] as string
    else segments.push({ from: cats[i] as string, to: cats[i] as string, v, e: editionFor(first) })
  }
  const pm = (r: WallAirMonth) => (r.pm25_mean == null ? null : roundTo(r.pm25_mean, 0))
  return {
    grid: WALL_GRID,
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(0)} µg/m³` : '—') },
    xAxis: { type: 'category', boundaryGap: false, data: cats },
    yAxis: { type: 'value', name: 'µg/m³', min: 0 },
    series: [
      { name: labels.previous, type: 'line', symbol: 'none', lineStyle: { width: 2, type: 'dashed', color: ink.prev }, itemStyle: { color: ink.prev }, data: byMonth(months, year - 1, pm) },
      {
        name: labels.current,
        type: 'line',
        smooth: true,
        symbolSize: 8,
        lineStyle: { width: 4 },
        areaStyle: { opacity: 0.15 },
        label: { show: true, position: 'top', color: ink.text, fontSize: 13 },
        data: byMonth(months, year, pm),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: ink.bad, type: 'dashed', width: 2 },
          label: { position: 'insideMiddleTop', color: ink.bad, fontSize: 15 },
          data: segments.map((s) => [{ xAxis: s.from, yAxis: s.v, name: labels.limit(s.v, s.e) }, { xAxis: s.to, yAxis: s.v }]),
        },
      },
    ],
  }
}

/** Official AQI colours as visualMap pieces; the category names come from the caller's locale. */
export function aqiPieces(name: (level: number) => string): { min: number; max?: number; color: string; label: string }[] {
  let lo = 0
  return AQI_CATEGORIES.map((c) => {
    const piece = Number.isFinite(c.max) ? { min: lo, max: c.max, color: c.color, label: name(c.level) } : { min: lo, color: c.color, label: name(c.level) }
    lo = c.max + 0.001
    return piece
  })
}

export function buildAqiCalendarOption(days: readonly { date: string; aqi: number }[], year: number, levelName: (level: number) => string, locale: string): EChartsCoreOption {
  const nameMap = locale === 'zh' ? 'ZH' : 'EN'
  return {
    tooltip: {
      position: 'top',
      // Tooltips render HTML: everything that is not a number is escaped.
      formatter: (p: { value?: unknown }) => {
        const [date, aqi] = Array.isArray(p.value) ? (p.value as [string, number]) : ['', NaN]
        const level = Number.isFinite(aqi) ? levelName(AQI_CATEGORIES.findIndex((c) => aqi <= c.max) + 1) : ''
        return `${format.encodeHTML(String(date))}<br/>AQI ${Number.isFinite(aqi) ? aqi : '—'} ${format.encodeHTML(level)}`
      },
    },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemGap: 18,
      pieces: aqiPieces(levelName),
    },
    calendar: {
      range: String(year),
      left: 48,
      right: 16,
      top: 48,
      bottom: 56,
      cellSize: ['auto', 'auto'],
      dayLabel: { firstDay: 1, nameMap },
      monthLabel: { nameMap },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data: days.map((d) => [d.date, d.aqi]) }],
  }
}

/** Stacked days per AQI level for each month of the year, in official colours. */
export function buildAqiLevelsOption(months: readonly WallAirMonth[], year: number, labels: { monthName: (m: number) => string; levelName: (level: number) => string }): EChartsCoreOption {
  const keys = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'] as const
  return {
    grid: { ...WALL_GRID, top: 64 },
    legend: { top: 0, left: 'center', itemGap: 14 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: MONTHS.map(labels.monthName) },
    yAxis: { type: 'value', max: 31, minInterval: 1 },
    series: keys.map((k, i) => ({
      name: labels.levelName(i + 1),
      type: 'bar',
      stack: 'days',
      barMaxWidth: 34,
      itemStyle: { color: AQI_CATEGORIES[i]?.color },
      data: byMonth(months, year, (r) => r[k]),
    })),
  }
}

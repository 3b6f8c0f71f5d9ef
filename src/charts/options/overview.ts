/**
 * Pure option builders for the overview: rows in, ECharts option out. No Vue, no DOM.
 * Text from data goes into ECharts as data (names, categories); the default tooltip escapes it,
 * and no builder here sets an HTML formatter.
 */
import type { EChartsCoreOption } from 'echarts/core'
import { pm25Limits } from '../../domain/aqi'
import { goodDayRate, roundTo } from '../../domain/stats'
import type { AirMonth, StatusBreakdown } from '../../db/queries'

export const STATUS_COLORS = { closed: '#2e9d5b', in_progress: '#f0a020', long_term: '#5470c6' } as const

const baseGrid = { left: 48, right: 24, top: 40, bottom: 32, containLabel: true }

export interface MonthlyLabels {
  series: string
  monthLabel: (iso: string) => string
}

export function buildGoodRateMonthlyOption(months: readonly AirMonth[], labels: MonthlyLabels): EChartsCoreOption {
  return {
    grid: baseGrid,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    xAxis: { type: 'category', data: months.map((m) => labels.monthLabel(m.month)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: labels.series,
        type: 'bar',
        barMaxWidth: 36,
        data: months.map((m) => {
          const rate = goodDayRate(m.good_days, m.valid_days)
          return { value: rate == null ? null : roundTo(rate, 1), itemStyle: { color: rate != null && rate >= 90 ? '#2e9d5b' : '#f0a020' } }
        }),
      },
    ],
  }
}

export interface Pm25Labels extends MonthlyLabels {
  /** Label of the limit line, given the value, e.g. '年均二级限值 35'. */
  limit: (v: number) => string
}

/**
 * Monthly mean PM2.5 with the GB 3095 annual limit drawn piecewise: 35 before 2026-03-01, 30 from then
 * (25 from 2031). Each segment spans only the months its edition covers.
 */
export function buildPm25MonthlyOption(months: readonly AirMonth[], labels: Pm25Labels): EChartsCoreOption {
  const cats = months.map((m) => labels.monthLabel(m.month))
  const segments: { from: string; to: string; v: number }[] = []
  for (const [i, m] of months.entries()) {
    // Editions change on the first of a month (2026-03-01), so a month's first day decides.
    const v = pm25Limits(m.month).annual
    const last = segments[segments.length - 1]
    if (last && last.v === v) last.to = cats[i] as string
    else segments.push({ from: cats[i] as string, to: cats[i] as string, v })
  }
  return {
    grid: baseGrid,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(0)} µg/m³` : '—') },
    xAxis: { type: 'category', data: cats },
    yAxis: { type: 'value', name: 'µg/m³', min: 0 },
    series: [
      {
        name: labels.series,
        type: 'line',
        smooth: true,
        symbolSize: 6,
        itemStyle: { color: '#3b7dd8' },
        areaStyle: { opacity: 0.12 },
        data: months.map((m) => (m.pm25_mean == null ? null : roundTo(m.pm25_mean, 1))),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#d9534f', type: 'dashed', width: 2 },
          label: { position: 'insideEndTop', color: '#d9534f' },
          data: segments.map((s) => [
            { xAxis: s.from, yAxis: s.v, name: labels.limit(s.v) },
            { xAxis: s.to, yAxis: s.v },
          ]),
        },
      },
    ],
  }
}

export interface StatusLabels {
  closed: string
  in_progress: string
  long_term: string
}

export function buildLedgerStatusOption(rows: readonly StatusBreakdown[], labels: StatusLabels): EChartsCoreOption {
  const keys = ['closed', 'in_progress', 'long_term'] as const
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { width: 220, overflow: 'truncate' },
    },
    series: keys.map((k) => ({
      name: labels[k],
      type: 'bar',
      stack: 'status',
      barMaxWidth: 28,
      itemStyle: { color: STATUS_COLORS[k] },
      label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      data: rows.map((r) => r[k]),
    })),
  }
}

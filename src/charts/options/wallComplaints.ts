/** Complaints and enforcement page of the wall: rows in, ECharts option out. Pure. */
import type { EChartsCoreOption } from 'echarts/core'
import { ratePct, roundTo } from '../../domain/stats'
import type { ComplaintsMonth, EnforcementYear } from '../../db/wallQueries'
import { WALL_GRID, byMonth, type WallInk, type YearPairLabels } from './wallAir'

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]

export function buildComplaintsMonthlyOption(months: readonly ComplaintsMonth[], year: number, labels: YearPairLabels, ink: WallInk): EChartsCoreOption {
  return {
    grid: WALL_GRID,
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: MONTHS.map(labels.monthName) },
    yAxis: { type: 'value', min: 0, minInterval: 1 },
    series: [
      { name: labels.previous, type: 'bar', barGap: '10%', barMaxWidth: 26, itemStyle: { color: ink.prev }, data: byMonth(months, year - 1, (r) => r.received) },
      {
        name: labels.current,
        type: 'bar',
        barMaxWidth: 26,
        label: { show: true, position: 'top', color: ink.text, fontSize: 13 },
        data: byMonth(months, year, (r) => r.received),
      },
    ],
  }
}

const rate = (part: number | null, whole: number | null): number | null => {
  const v = part == null || whole == null ? null : ratePct(part, whole)
  return v == null ? null : roundTo(v, 1)
}

/** Reply rate = replied / received; closure rate = closed / accepted (DOMAIN.md §6). */
export function buildComplaintsRatesOption(months: readonly ComplaintsMonth[], year: number, labels: YearPairLabels & { reply: string; close: string }, ink: WallInk): EChartsCoreOption {
  return {
    grid: WALL_GRID,
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    xAxis: { type: 'category', boundaryGap: false, data: MONTHS.map(labels.monthName) },
    yAxis: { type: 'value', max: 100, min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 5) * 5 - 5), axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.reply, type: 'line', symbolSize: 8, lineStyle: { width: 4 }, itemStyle: { color: ink.good }, data: byMonth(months, year, (r) => rate(r.replied, r.received)) },
      { name: labels.close, type: 'line', symbolSize: 8, lineStyle: { width: 4 }, itemStyle: { color: ink.warn }, data: byMonth(months, year, (r) => rate(r.closed, r.accepted)) },
    ],
  }
}

export function buildEnforcementOption(years: readonly EnforcementYear[], labels: { reminders: string; court: string }, ink: WallInk): EChartsCoreOption {
  return {
    grid: WALL_GRID,
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: years.map((y) => String(y.year)) },
    yAxis: { type: 'value', min: 0, minInterval: 1 },
    series: [
      { name: labels.reminders, type: 'bar', barMaxWidth: 40, label: { show: true, position: 'top', color: ink.text }, data: years.map((y) => y.reminders) },
      { name: labels.court, type: 'bar', barMaxWidth: 40, label: { show: true, position: 'top', color: ink.text }, data: years.map((y) => y.court_applications) },
    ],
  }
}

export function buildCasesOption(open: number, closed: number, labels: { open: string; closed: string; center: string; centerLabel: string }, ink: WallInk): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, left: 'center' },
    title: {
      text: labels.center,
      subtext: labels.centerLabel,
      left: 'center',
      top: '36%',
      textStyle: { fontSize: 40, fontWeight: 'bold', color: ink.text },
      subtextStyle: { fontSize: 18, color: ink.muted },
    },
    series: [
      {
        type: 'pie',
        radius: ['56%', '76%'],
        center: ['50%', '46%'],
        label: { show: true, formatter: '{c}', fontSize: 18, color: ink.text },
        data: [
          { name: labels.closed, value: closed, itemStyle: { color: ink.good } },
          { name: labels.open, value: Math.max(0, open - closed), itemStyle: { color: ink.warn } },
        ],
      },
    ],
  }
}

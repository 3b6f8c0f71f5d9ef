/** Rectification page of the wall: rows in, ECharts option out. Pure. */
import type { EChartsCoreOption } from 'echarts/core'
import type { LedgerSummary, StatusBreakdown } from '../../db/queries'
import type { BurnPoint } from '../../db/wallQueries'
import { STATUS_COLORS } from './overview'
import type { WallInk } from './wallAir'

export interface StatusNames {
  closed: string
  in_progress: string
  long_term: string
}

export function buildCompletionRingOption(s: LedgerSummary, names: StatusNames, center: { value: string; label: string }, ink: WallInk): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, left: 'center' },
    title: {
      text: center.value,
      subtext: center.label,
      left: 'center',
      top: '36%',
      textStyle: { fontSize: 44, fontWeight: 'bold', color: ink.text },
      subtextStyle: { fontSize: 18, color: ink.muted },
    },
    series: [
      {
        type: 'pie',
        radius: ['56%', '76%'],
        center: ['50%', '46%'],
        avoidLabelOverlap: true,
        label: { show: true, formatter: '{c}', fontSize: 18, color: ink.text },
        labelLine: { length: 10, length2: 8 },
        data: [
          { name: names.closed, value: s.closed, itemStyle: { color: STATUS_COLORS.closed } },
          { name: names.in_progress, value: s.in_progress, itemStyle: { color: STATUS_COLORS.in_progress } },
          { name: names.long_term, value: s.long_term, itemStyle: { color: STATUS_COLORS.long_term } },
        ],
      },
    ],
  }
}

/** Horizontal stacked status bars; long names are cut to `labelWidth` (the tooltip shows them whole). */
export function buildWallStatusOption(rows: readonly StatusBreakdown[], names: StatusNames, labelWidth: number): EChartsCoreOption {
  const keys = ['closed', 'in_progress', 'long_term'] as const
  return {
    grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: labelWidth, overflow: 'truncate', fontSize: 15, interval: 0 } },
    series: keys.map((k) => ({
      name: names[k],
      type: 'bar',
      stack: 'status',
      barMaxWidth: 26,
      itemStyle: { color: STATUS_COLORS[k] },
      label: { show: true, fontSize: 14, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      data: rows.map((r) => r[k]),
    })),
  }
}

export interface BurnLabels {
  remaining: string
  planned: string
  asOf: string
}

/** Open items per day, actual (up to the as-of date) against what the deadlines planned. */
export function buildBurnDownOption(burn: readonly BurnPoint[], asOf: string, labels: BurnLabels, ink: WallInk): EChartsCoreOption {
  return {
    grid: { ...{ left: 16, right: 32, top: 56, bottom: 12 }, containLabel: true },
    legend: { top: 0, right: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, minInterval: 1 },
    series: [
      {
        name: labels.planned,
        type: 'line',
        step: 'end',
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 2, color: ink.muted },
        itemStyle: { color: ink.muted },
        data: burn.map((p) => [p.date, p.planned]),
      },
      {
        name: labels.remaining,
        type: 'line',
        step: 'end',
        symbol: 'none',
        lineStyle: { width: 4, color: ink.warn },
        itemStyle: { color: ink.warn },
        areaStyle: { opacity: 0.18, color: ink.warn },
        data: burn.filter((p) => p.remaining != null).map((p) => [p.date, p.remaining]),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: ink.text, type: 'solid', width: 1 },
          label: { formatter: labels.asOf, color: ink.text, fontSize: 14 },
          data: [{ xAxis: asOf }],
        },
      },
    ],
  }
}

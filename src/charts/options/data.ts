/** Quick chart of an SQL console result: rows → ECharts option. Pure (no Vue, no DOM). */
import type { EChartsCoreOption } from 'echarts/core'
import type { Row } from '../../db/types'

export const QUICK_CHART_MAX_POINTS = 2000

export function numericColumns(rows: readonly Row[], columns: readonly string[]): string[] {
  return columns.filter((c) => rows.some((r) => typeof r[c] === 'number') && rows.every((r) => r[c] == null || typeof r[c] === 'number'))
}

/** Bars for a few categories, a line for a series; x values shown as text, y values as numbers. */
export function buildQuickChartOption(rows: readonly Row[], x: string, ys: readonly string[]): EChartsCoreOption {
  const shown = rows.slice(0, QUICK_CHART_MAX_POINTS)
  const type = shown.length <= 40 ? 'bar' : 'line'
  return {
    animation: false,
    grid: { left: 56, right: 20, top: 36, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: shown.map((r) => (r[x] == null ? '' : String(r[x]))) },
    yAxis: { type: 'value' },
    series: ys.map((y) => ({ name: y, type, showSymbol: false, data: shown.map((r) => (typeof r[y] === 'number' ? r[y] : null)) })),
  }
}

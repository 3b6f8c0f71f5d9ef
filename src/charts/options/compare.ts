/**
 * Pure option builders for the before/after comparison: rows in, ECharts option out. No Vue, no DOM.
 * No HTML formatter is set: labels and names go in as data and ECharts' default tooltip escapes them.
 */
import type { EChartsCoreOption } from 'echarts/core'
import type { DailyPoint } from '../../db/compareQueries'
import type { Metric, Window } from '../../domain/compareWindows'
import { roundTo } from '../../domain/stats'

export const WINDOW_COLORS = { a: 'rgba(120, 130, 150, 0.16)', b: 'rgba(47, 111, 219, 0.14)' } as const
const LINE = '#3b7dd8'
const BASELINE = '#9aa4b5'

const value = (p: DailyPoint, m: Metric): number | null => {
  const v = p[m]
  return v == null ? null : roundTo(v, m === 'aqi' ? 0 : 1)
}

export interface TrendMarker {
  date: string
  label: string
  /** Events get a labelled line; closings a thin unlabelled tick. */
  kind: 'event' | 'closing'
}

export interface TrendLabels {
  series: string
  unit: string
  windowA: string
  windowB: string
}

/**
 * Daily values with the two windows shaded (markArea) and the timeline events and closing dates as
 * vertical lines (markLine). Time axis, so markers fall on their dates even across gaps.
 */
export function buildTrendOption(points: readonly DailyPoint[], metric: Metric, windows: { a: Window; b: Window }, markers: readonly TrendMarker[], labels: TrendLabels): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 44, right: 24, top: 36, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v} ${labels.unit}` : '—') },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: labels.unit, min: 0 },
    series: [
      {
        name: labels.series,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1.2, color: LINE },
        itemStyle: { color: LINE },
        connectNulls: false,
        data: points.map((p) => [p.date, value(p, metric)]),
        markArea: {
          silent: true,
          label: { position: 'insideTop', color: '#445' },
          data: [
            [{ name: labels.windowA, xAxis: windows.a.from, itemStyle: { color: WINDOW_COLORS.a } }, { xAxis: windows.a.to }],
            [{ name: labels.windowB, xAxis: windows.b.from, itemStyle: { color: WINDOW_COLORS.b } }, { xAxis: windows.b.to }],
          ],
        },
        markLine: {
          symbol: 'none',
          silent: true,
          data: markers.map((m) =>
            m.kind === 'event'
              ? { xAxis: m.date, name: m.label, lineStyle: { color: '#d9534f', type: 'dashed', width: 1.5 }, label: { formatter: '{b}', position: 'insideEndTop', color: '#b03a36', fontSize: 11 } }
              : { xAxis: m.date, name: m.label, lineStyle: { color: '#2e9d5b', type: 'solid', width: 1, opacity: 0.5 }, label: { show: false } },
          ),
        },
      },
    ],
  }
}

export interface WindowChartLabels {
  thisYear: string
  lastYear: string
  unit: string
  /** Category label of the n-th day of the window (1-based). */
  day: (n: number) => string
}

/**
 * One window day by day, with the same window a year earlier dashed. The x axis is the day index
 * (`days` = the longer window, so both charts have the same axis), so the before and after charts line up and, linked in one ECharts group, share the tooltip.
 * Both charts get the same y maximum (`yMax`) so heights compare.
 */
export interface WindowSeries {
  window: Window
  points: readonly DailyPoint[]
}

export function buildWindowOption(current: WindowSeries, baseline: WindowSeries, metric: Metric, days: number, yMax: number | null, labels: WindowChartLabels): EChartsCoreOption {
  const byIndex = (rows: readonly DailyPoint[], from: string): (number | null)[] => {
    const out: (number | null)[] = new Array(days).fill(null)
    const t0 = Date.parse(`${from}T00:00:00Z`)
    for (const p of rows) {
      const i = Math.round((Date.parse(`${p.date}T00:00:00Z`) - t0) / 86_400_000)
      if (i >= 0 && i < days) out[i] = value(p, metric)
    }
    return out
  }
  return {
    animation: false,
    grid: { left: 40, right: 36, top: 32, bottom: 24, containLabel: true },
    legend: { top: 0, itemWidth: 18 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v} ${labels.unit}` : '—') },
    xAxis: { type: 'category', data: Array.from({ length: days }, (_, i) => labels.day(i + 1)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, ...(yMax != null ? { max: niceCeil(yMax) } : {}) },
    series: [
      {
        name: labels.thisYear,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1.5, color: LINE },
        itemStyle: { color: LINE },
        data: byIndex(current.points, current.window.from),
        markLine: { symbol: 'none', silent: true, precision: 0, data: [{ type: 'average', name: 'mean' }], lineStyle: { color: LINE, type: 'dotted' }, label: { formatter: '{c}' } },
      },
      {
        name: labels.lastYear,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1, type: 'dashed', color: BASELINE },
        itemStyle: { color: BASELINE },
        data: byIndex(baseline.points, baseline.window.from),
      },
    ],
  }
}

/** Round an axis maximum up to a readable step: 10s up to 100, then 50s. */
export const niceCeil = (v: number): number => (v <= 100 ? Math.ceil(v / 10) * 10 : Math.ceil(v / 50) * 50)

/** Largest value of a metric over several series (for a shared y axis). */
export function maxOf(metric: Metric, ...series: (readonly DailyPoint[])[]): number | null {
  let m: number | null = null
  for (const s of series) for (const p of s) {
    const v = p[metric]
    if (v != null && (m == null || v > m)) m = v
  }
  return m
}

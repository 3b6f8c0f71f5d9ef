import { describe, expect, it } from 'vitest'
import { buildGoodRateMonthlyOption, buildLedgerStatusOption, buildPm25MonthlyOption } from '../../src/charts/options/overview'

const monthLabel = (iso: string) => iso.slice(0, 7)
type Opt = Record<string, unknown> & { series: Array<Record<string, unknown>>; xAxis: { data: string[] } }

describe('overview option builders', () => {
  it('monthly good-day rate: one bar per month, rate rounded to 0.1', () => {
    const o = buildGoodRateMonthlyOption(
      [
        { month: '2023-01-01', valid_days: 31, good_days: 24, pm25_mean: 50 },
        { month: '2023-02-01', valid_days: 0, good_days: 0, pm25_mean: null },
      ],
      { series: '优良天数比例', monthLabel },
    ) as unknown as Opt
    expect(o.xAxis.data).toEqual(['2023-01', '2023-02'])
    const data = o.series[0]?.data as Array<{ value: number | null }>
    expect(data.map((d) => d.value)).toEqual([77.4, null])
  })

  it('PM2.5 limit line is piecewise across 2026-03-01 (35 → 30)', () => {
    const months = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'].map((month) => ({ month, valid_days: 28, good_days: 28, pm25_mean: 31.26 }))
    const o = buildPm25MonthlyOption(months, { series: 'PM2.5', monthLabel, limit: (v) => `limit ${v}` }) as unknown as Opt
    const s = o.series[0] as { data: number[]; markLine: { data: Array<[{ xAxis: string; yAxis: number; name: string }, { xAxis: string }]> } }
    expect(s.data).toEqual([31.3, 31.3, 31.3, 31.3])
    expect(s.markLine.data.map(([a, b]) => [a.xAxis, b.xAxis, a.yAxis, a.name])).toEqual([
      ['2026-01', '2026-02', 35, 'limit 35'],
      ['2026-03', '2026-04', 30, 'limit 30'],
    ])
  })

  it('ledger status: stacked bars per aspect keep the untrusted name as plain data', () => {
    const name = '<img src=x onerror=alert(1)>'
    const o = buildLedgerStatusOption([{ name, closed: 2, in_progress: 1, long_term: 0 }], { closed: 'c', in_progress: 'p', long_term: 'l' }) as unknown as Opt & { yAxis: { data: string[] } }
    expect(o.yAxis.data).toEqual([name])
    expect(o.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['c', 'status', [2]],
      ['p', 'status', [1]],
      ['l', 'status', [0]],
    ])
    expect(JSON.stringify(o)).not.toContain('formatter":"')
  })
})

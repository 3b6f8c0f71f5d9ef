import { describe, expect, it } from 'vitest'
import { buildTrendOption, buildWindowOption, maxOf, niceCeil } from '../../src/charts/options/compare'
import type { DailyPoint } from '../../src/db/compareQueries'

const p = (date: string, pm25: number | null): DailyPoint => ({ date, aqi: pm25 == null ? null : pm25 * 1.4, pm25, pm10: null, o3_8h: null })
type Opt = { series: Array<Record<string, unknown>>; xAxis: { data?: string[] }; yAxis: { max?: number } }

describe('compare option builders', () => {
  it('trend: windows shaded, events labelled, closings as ticks, untrusted labels stay data', () => {
    const evil = '<img src=x onerror=alert(1)>'
    const o = buildTrendOption([p('2023-07-25', 30.04), p('2023-07-26', null)], 'pm25', { a: { from: '2023-01-01', to: '2023-03-01' }, b: { from: '2023-07-26', to: '2023-10-25' } },
      [{ date: '2023-07-26', label: evil, kind: 'event' }, { date: '2023-08-10', label: 'c', kind: 'closing' }],
      { series: 'PM2.5', unit: 'µg/m³', windowA: 'A', windowB: 'B' }) as unknown as Opt
    const s = o.series[0] as { data: unknown[]; markArea: { data: Array<[{ xAxis: string; name: string }, { xAxis: string }]> }; markLine: { data: Array<{ xAxis: string; name: string; label: { show?: boolean } }> } }
    expect(s.data).toEqual([['2023-07-25', 30], ['2023-07-26', null]])
    expect(s.markArea.data.map(([x, y]) => [x.name, x.xAxis, y.xAxis])).toEqual([['A', '2023-01-01', '2023-03-01'], ['B', '2023-07-26', '2023-10-25']])
    expect(s.markLine.data.map((m) => [m.xAxis, m.name, m.label.show])).toEqual([['2023-07-26', evil, undefined], ['2023-08-10', 'c', false]])
  })
  it('before/after: values placed by day index, missing days null, shared y max rounded up', () => {
    const o = buildWindowOption(
      { window: { from: '2023-07-26', to: '2023-07-29' }, points: [p('2023-07-26', 10), p('2023-07-28', 12.26)] },
      { window: { from: '2022-07-26', to: '2022-07-29' }, points: [p('2022-07-27', 9)] },
      'pm25', 5, 41, { thisYear: 'now', lastYear: 'then', unit: 'µg/m³', day: (n) => `d${n}` },
    ) as unknown as Opt
    expect(o.xAxis.data).toEqual(['d1', 'd2', 'd3', 'd4', 'd5'])
    expect(o.series.map((s) => s.data)).toEqual([[10, null, 12.3, null, null], [null, 9, null, null, null]])
    expect(o.yAxis.max).toBe(50)
  })
  it('axis maximum rounds up to 10s, then 50s', () => {
    expect([niceCeil(41), niceCeil(100), niceCeil(163), niceCeil(201)]).toEqual([50, 100, 200, 250])
  })
  it('maxOf skips nulls across series', () => {
    expect(maxOf('pm25', [p('2023-01-01', 3), p('2023-01-02', null)], [p('2023-01-03', 7)])).toBe(7)
    expect(maxOf('pm10', [p('2023-01-01', 3)])).toBeNull()
  })
})

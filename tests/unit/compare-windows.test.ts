import { describe, expect, it } from 'vitest'
import {
  addYears, crossesEdition, parseCompareQuery, precedingWindow, presetWindows, toCompareQuery, windowDays, windowEditions, type CompareState, type TimelineDates,
} from '../../src/domain/compareWindows'

const dates: TimelineDates = {
  inspection_start: '2023-03-22', inspection_end: '2023-05-26', feedback: '2023-07-26', plan_adopted: '2023-07-28', air_stats_as_of: '2023-10-06', as_of: '2023-10-25',
}

describe('comparison presets from the timeline', () => {
  it('after = feedback .. as-of (92 days)', () => {
    const w = presetWindows('inspection', dates)
    expect(w?.b).toEqual({ from: '2023-07-26', to: '2023-10-25' })
    expect(windowDays(w?.b ?? { from: '', to: '' })).toBe(92)
  })
  it('inspection: the 92 days before the inspection started', () => {
    expect(presetWindows('inspection', dates)?.a).toEqual({ from: '2022-12-20', to: '2023-03-21' })
  })
  it('同比: the same window a year earlier', () => {
    expect(presetWindows('yoy', dates)?.a).toEqual({ from: '2022-07-26', to: '2022-10-25' })
  })
  it('环比: the preceding window of equal length', () => {
    expect(presetWindows('mom', dates)?.a).toEqual({ from: '2023-04-25', to: '2023-07-25' })
    expect(precedingWindow({ from: '2024-03-01', to: '2024-03-31' })).toEqual({ from: '2024-01-30', to: '2024-02-29' })
  })
  it('missing events: no preset', () => {
    expect(presetWindows('yoy', { ...dates, feedback: null })).toBeNull()
    expect(presetWindows('inspection', { ...dates, inspection_start: null })).toBeNull()
  })
  it('29 February a year earlier is 28 February', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28')
    expect(addYears('2023-02-28', 1)).toBe('2024-02-28')
  })
})

describe('URL round trip', () => {
  it('state → query → state', () => {
    const s: CompareState = { preset: 'custom', a: { from: '2022-01-01', to: '2022-10-06' }, b: { from: '2023-01-01', to: '2023-10-06' }, metric: 'o3_8h' }
    expect(parseCompareQuery(toCompareQuery(s))).toEqual(s)
  })
  it('ignores malformed values and orders reversed dates', () => {
    expect(parseCompareQuery({ preset: 'x', af: '2023-02-30', at: '2023-03-01', bf: '2023-05-01', bt: '2023-04-01', m: ['pm10'] })).toEqual({
      b: { from: '2023-04-01', to: '2023-05-01' }, metric: 'pm10',
    })
  })
})

describe('AQI edition of a window', () => {
  it('a window crossing 2026-03-01 uses both editions', () => {
    const w = { from: '2026-02-01', to: '2026-03-31' }
    expect(windowEditions(w)).toEqual(['2012', '2026'])
    expect(crossesEdition(w)).toBe(true)
    expect(crossesEdition({ from: '2026-03-01', to: '2026-03-31' })).toBe(false)
    expect(windowEditions({ from: '2023-01-01', to: '2023-10-06' })).toEqual(['2012'])
  })
})

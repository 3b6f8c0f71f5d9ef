import { describe, expect, it } from 'vitest'
import { aqiCategory, dailyAqi, editionFor, iaqi, isGoodDay, isHeavyPollutionDay, pm25Limits, pm10Limits } from '../../src/domain/aqi'

describe('IAQI worked values from DOMAIN.md', () => {
  it.each([
    ['pm25', 50, '2012', 69],
    ['pm25', 50, '2026', 80],
    ['pm25', 75, '2012', 100],
    ['pm25', 75, '2026', 114],
    ['pm10', 150, '2012', 100],
    ['pm10', 150, '2026', 112],
  ] as const)('%s %d (%s) → %d', (p, c, ed, expected) => {
    expect(iaqi(p, c, ed)).toBe(expected)
  })

  it('rounds up to an integer and stays exact at breakpoints', () => {
    expect(iaqi('pm25', 35, '2012')).toBe(50)
    expect(iaqi('pm25', 35.1, '2012')).toBe(51)
    expect(iaqi('so2', 150, '2012')).toBe(100)
    expect(iaqi('co', 4, '2012')).toBe(100)
    expect(iaqi('o3_8h', 160, '2012')).toBe(100)
  })

  it('2026 rounds concentrations first (µg/m³ to integer, CO to 1 decimal)', () => {
    // 35.4 → 35 → IAQI 50 in 2026, while 2012 uses 35.4 → 51
    expect(iaqi('pm25', 35.4, '2026')).toBe(50)
    expect(iaqi('pm25', 35.4, '2012')).toBe(51)
    expect(iaqi('co', 2.04, '2026')).toBe(50)
  })

  it('O3 8h above 800: 2012 defers to O3 1h, 2026 gives 300', () => {
    expect(iaqi('o3_8h', 900, '2012')).toBeNull()
    expect(iaqi('o3_8h', 900, '2026')).toBe(300)
    const r = dailyAqi({ o3_8h: 900, o3_1h: 1000, pm25: 10 }, '2012')
    expect(r.iaqi.o3_8h).toBe(400)
  })
})

describe('daily AQI', () => {
  it('is the max IAQI with the primary pollutant(s) when AQI > 50', () => {
    const r = dailyAqi({ so2: 10, no2: 20, pm10: 80, co: 0.8, o3_8h: 120, pm25: 50 }, '2012')
    expect(r.aqi).toBe(69)
    expect(r.primary).toEqual(['pm25'])
  })
  it('lists ties as joint primary pollutants', () => {
    const r = dailyAqi({ pm10: 150, pm25: 75 }, '2012')
    expect(r.aqi).toBe(100)
    expect(r.primary).toEqual(['pm10', 'pm25'])
  })
  it('has no primary pollutant when AQI ≤ 50', () => {
    expect(dailyAqi({ pm25: 20, pm10: 30 }, '2012').primary).toEqual([])
  })
  it('2026: a missing pollutant hides AQI ≤ 100 but publishes AQI > 100 (§5.3.1)', () => {
    expect(dailyAqi({ pm25: 50, pm10: 60 }, '2026').aqi).toBeNull()
    expect(dailyAqi({ pm25: 80, pm10: 60 }, '2026').aqi).toBe(119)
  })
  it('2026 AQI range is 1–500', () => {
    const all = { so2: 0, no2: 0, pm10: 0, co: 0, o3_8h: 0, pm25: 0 }
    expect(dailyAqi(all, '2026').aqi).toBe(1)
    expect(dailyAqi({ ...all, pm25: 900 }, '2026').aqi).toBe(500)
  })
})

describe('editions, levels and limits', () => {
  it('chooses the edition by date', () => {
    expect(editionFor('2026-02-28')).toBe('2012')
    expect(editionFor('2026-03-01')).toBe('2026')
    expect(editionFor('2023-07-26T10:00')).toBe('2012')
  })
  it.each([
    [50, 1, '优', '#00E400'],
    [51, 2, '良', '#FFFF00'],
    [100, 2, '良', '#FFFF00'],
    [150, 3, '轻度污染', '#FF7E00'],
    [200, 4, '中度污染', '#FF0000'],
    [201, 5, '重度污染', '#99004C'],
    [300, 5, '重度污染', '#99004C'],
    [301, 6, '严重污染', '#7E0023'],
  ] as const)('AQI %d is level %d %s %s', (aqi, level, zh, color) => {
    const c = aqiCategory(aqi)
    expect([c.level, c.zh, c.color]).toEqual([level, zh, color])
  })
  it('good day ≤ 100, heavy pollution > 200', () => {
    expect([isGoodDay(100), isGoodDay(101)]).toEqual([true, false])
    expect([isHeavyPollutionDay(200), isHeavyPollutionDay(201)]).toEqual([false, true])
  })
  it('GB 3095 PM limits follow the edition in force', () => {
    expect(pm25Limits('2023-06-01')).toEqual({ annual: 35, daily: 75 })
    expect(pm25Limits('2026-03-01')).toEqual({ annual: 30, daily: 60 })
    expect(pm25Limits('2031-01-01')).toEqual({ annual: 25, daily: 50 })
    expect(pm10Limits('2026-03-01')).toEqual({ annual: 60, daily: 120 })
  })
})

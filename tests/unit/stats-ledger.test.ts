import { describe, expect, it } from 'vitest'
import { compositeIndex, goodDayRate, hjPercentile, rateChangePp, relativeChangePct, roundTo, daysInclusive } from '../../src/domain/stats'
import { completionRate, onTimeRate, overdueCount, statusBucket, type LedgerItemLike } from '../../src/domain/ledger'

describe('rates and changes', () => {
  it('good-day rate of the seed notice: 265 / 279 = 95.0%', () => {
    expect(roundTo(goodDayRate(265, 279) as number, 1)).toBe(95.0)
    expect(goodDayRate(0, 0)).toBeNull()
  })
  it('rates change in percentage points, concentrations relatively', () => {
    expect(rateChangePp(95.5, 95.0)).toEqual({ kind: 'pp', value: 0.5 })
    const rel = relativeChangePct(29, 30.66)
    expect(rel.kind).toBe('pct')
    expect(roundTo(rel.value as number, 1)).toBe(-5.4)
    expect(relativeChangePct(5, 0).value).toBeNull()
  })
  it('HJ 663 percentile: {2,3,4,4,5,8}, p = 90 → 6.5', () => {
    expect(hjPercentile([8, 2, 4, 3, 5, 4], 90)).toBeCloseTo(6.5, 10)
    expect(hjPercentile([], 90)).toBeNull()
    expect(hjPercentile([7], 95)).toBe(7)
  })
  it('composite index sums C/S', () => {
    expect(compositeIndex({ so2Mean: 60, no2Mean: 40, pm10Mean: 70, pm25Mean: 35, coP95: 4, o3P90: 160 })).toBeCloseTo(6, 10)
  })
  it('counts days inclusively: 2023-01-01..2023-10-06 is 279 days', () => {
    expect(daysInclusive('2023-01-01', '2023-10-06')).toBe(279)
  })
})

describe('ledger metrics', () => {
  const items: LedgerItemLike[] = [
    { status: 'closed', deadline: '2023-09-30', closedOn: '2023-09-01' },
    { status: 'closed', deadline: '2023-09-30', closedOn: '2023-10-10' },
    { status: 'in_progress', deadline: '2023-09-30', closedOn: null },
    { status: 'in_progress', deadline: '2023-12-31', closedOn: null },
    { status: 'long_term', deadline: '2023-08-31', closedOn: null },
  ]
  it('completion rate counts only completed items: Kunming 688/697 = 98.71%', () => {
    const k: LedgerItemLike[] = Array.from({ length: 697 }, (_, i) => ({ status: i < 688 ? 'closed' : 'in_progress', deadline: null, closedOn: null }))
    expect(roundTo(completionRate(k) as number, 2)).toBe(98.71)
    expect(roundTo(completionRate(items) as number, 1)).toBe(40)
  })
  it('overdue excludes long-term items', () => {
    expect(overdueCount(items, '2023-10-25')).toBe(1)
    expect(overdueCount(items, '2024-01-01')).toBe(2)
  })
  it('on-time rate = closed by deadline / items due', () => {
    expect(onTimeRate(items, '2023-10-25')).toBeCloseTo(100 / 3, 10)
    expect(onTimeRate(items, '2023-01-01')).toBeNull()
  })
  it('maps status text onto three buckets and reports unknown text as null', () => {
    expect(statusBucket('已销号')).toBe('closed')
    expect(statusBucket(' 正在推进 ')).toBe('in_progress')
    expect(statusBucket('需长期整改')).toBe('long_term')
    expect(statusBucket('Closed')).toBe('closed')
    expect(statusBucket('搁置')).toBeNull()
    expect(statusBucket('')).toBeNull()
  })
})

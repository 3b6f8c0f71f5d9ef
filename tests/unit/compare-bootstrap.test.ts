import { describe, expect, it } from 'vitest'
import {
  beforeAfterIntervals, blockBootstrapMeans, blockPlan, planMeans, type BlockPlan, blockLength, didCI, diffOfMeansCI, differenceInDifferences, mean, mulberry32, quantileSorted, verdictFor,
} from '../../src/domain/bootstrap'
import { rateChangePp, relativeChangePct } from '../../src/domain/stats'

const constant = (n: number, v: number) => new Float64Array(n).fill(v)
/** A wavy series with autocorrelation, deterministic. */
const wave = (n: number, level: number) => Float64Array.from({ length: n }, (_, i) => level + 8 * Math.sin(i / 3) + ((i * 7) % 5))

describe('seeded PRNG and block bootstrap', () => {
  it('mulberry32 is reproducible and in [0, 1)', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(mulberry32(43)()).not.toBe(xs[0])
  })
  it('block length is ⌈n^(1/3)⌉ within [1, n]', () => {
    expect([blockLength(0), blockLength(1), blockLength(8), blockLength(9), blockLength(92), blockLength(1000)]).toEqual([0, 1, 2, 3, 5, 10])
  })
  it('replicate means of a constant series are that constant', () => {
    const reps = blockBootstrapMeans(constant(50, 3.5), 200, mulberry32(1))
    expect(new Set(reps)).toEqual(new Set([3.5]))
  })
  it('with block length n every replicate is the series mean', () => {
    const x = Float64Array.from([1, 2, 3, 4, 10])
    const reps = blockBootstrapMeans(x, 20, mulberry32(1), 5)
    for (const r of reps) expect(r).toBeCloseTo(4, 12)
  })
  it('type-7 quantiles', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5])
    expect([quantileSorted(s, 0), quantileSorted(s, 0.5), quantileSorted(s, 0.25), quantileSorted(s, 0.975)]).toEqual([1, 3, 2, 4.9])
  })
})

describe('interval of a difference of means', () => {
  it('constant series give a zero-width interval at the difference', () => {
    const ci = diffOfMeansCI(constant(30, 40), constant(30, 32))
    expect(ci).toMatchObject({ estimate: -8, lo: -8, hi: -8, level: 0.95 })
    expect(verdictFor(ci, 'lower_better')).toBe('improved')
    expect(verdictFor(ci, 'higher_better')).toBe('worsened')
  })
  it('identical constant windows: zero difference is "no clear change"', () => {
    const ci = diffOfMeansCI(constant(30, 40), constant(30, 40))
    expect([ci?.lo, ci?.hi]).toEqual([0, 0])
    expect(verdictFor(ci, 'lower_better')).toBe('no_clear_change')
  })
  it('a series shifted by 15 gives an interval around 15 that excludes zero', () => {
    const before = wave(92, 30)
    const after = wave(92, 15)
    const ci = diffOfMeansCI(before, after)
    expect(ci?.estimate).toBeCloseTo(-15, 10)
    expect(ci?.hi).toBeLessThan(0)
    expect(ci?.lo).toBeLessThan(-15)
    expect(ci?.hi).toBeGreaterThan(-15)
    expect(verdictFor(ci, 'lower_better')).toBe('improved')
  })
  it('the same noisy series against itself spans zero: no clear change', () => {
    const x = wave(92, 30)
    const ci = diffOfMeansCI(x, x.slice().reverse())
    expect(ci?.lo).toBeLessThan(0)
    expect(ci?.hi).toBeGreaterThan(0)
    expect(verdictFor(ci, 'lower_better')).toBe('no_clear_change')
  })
  it('is reproducible for a seed and changes with it', () => {
    const a = diffOfMeansCI(wave(60, 30), wave(60, 28), { seed: 7 })
    expect(diffOfMeansCI(wave(60, 30), wave(60, 28), { seed: 7 })).toEqual(a)
    expect(diffOfMeansCI(wave(60, 30), wave(60, 28), { seed: 8 })?.lo).not.toBe(a?.lo)
  })
  it('too few values: no interval, verdict insufficient', () => {
    expect(diffOfMeansCI(constant(9, 1), constant(30, 2))).toBeNull()
    expect(verdictFor(null, 'lower_better')).toBe('insufficient')
  })
})

describe('difference-in-differences', () => {
  it('arithmetic: (after − before) − (baseline after − baseline before)', () => {
    expect(differenceInDifferences(40, 30, 45, 38)).toBe(-3)
    expect(differenceInDifferences(40, 30, null, 38)).toBeNull()
  })
  it('the interval of constant series is exactly the DiD', () => {
    const ci = didCI([constant(20, 40), constant(20, 30), constant(20, 45), constant(20, 38)])
    expect([ci?.estimate, ci?.lo, ci?.hi]).toEqual([-3, -3, -3])
  })
  it('a purely seasonal drop (same in the baseline year) is not an improvement', () => {
    const ci = didCI([wave(92, 40), wave(92, 25), wave(92, 44), wave(92, 29)])
    expect(ci?.estimate).toBeCloseTo(0, 10)
    expect(verdictFor(ci, 'lower_better')).toBe('no_clear_change')
  })
  it('one set of replicates gives the same intervals as separate calls', () => {
    const s = [wave(60, 30), wave(60, 27), wave(60, 33), wave(60, 31)] as const
    const both = beforeAfterIntervals(...s, { seed: 5 })
    expect(both.diff).toEqual(diffOfMeansCI(s[0], s[1], { seed: 5 }))
    expect(both.did).toEqual(didCI(s, { seed: 5 }))
    expect(beforeAfterIntervals(s[0], s[1], new Float64Array(3), s[3]).did).toBeNull()
  })
  it('shared plans resample the same days for every indicator', () => {
    const plans = new Map<string, BlockPlan>()
    const pm = [wave(60, 30), wave(60, 27), wave(60, 33), wave(60, 31)] as const
    const shifted = pm.map((x) => x.map((v) => v + 5)) as unknown as typeof pm
    const a = beforeAfterIntervals(...pm, { plans })
    const b = beforeAfterIntervals(...shifted, { plans })
    expect(plans.size).toBe(4)
    // Adding a constant to every day leaves the differences, and so the intervals, unchanged.
    expect(b.diff?.lo).toBeCloseTo(a.diff?.lo as number, 9)
    expect(b.did?.hi).toBeCloseTo(a.did?.hi as number, 9)
  })
  it('a plan takes ⌈n/l⌉ blocks per replicate and cuts the last block', () => {
    const plan = blockPlan(10, 3, mulberry32(9), 4)
    expect([plan.k, plan.starts.length]).toEqual([3, 9])
    expect(Math.max(...plan.starts)).toBeLessThanOrEqual(6)
    const x = Float64Array.from({ length: 10 }, (_, i) => i)
    const means = planMeans(x, plan)
    const [s0, s1, s2] = [plan.starts[0] as number, plan.starts[1] as number, plan.starts[2] as number]
    const block = (s: number, len: number) => Array.from({ length: len }, (_, i) => s + i).reduce((p, q) => p + q, 0)
    expect(means[0]).toBeCloseTo((block(s0, 4) + block(s1, 4) + block(s2, 2)) / 10, 12)
  })
  it('mean of the replicates stays near the estimate', () => {
    expect(mean(blockBootstrapMeans(wave(100, 10), 2000, mulberry32(3)))).toBeCloseTo(mean(wave(100, 10)) as number, 0)
  })
})

describe('percentage points vs percent', () => {
  it('a good-day rate from 90% to 95% is +5 pp, never +5.6%', () => {
    expect(rateChangePp(95, 90).value).toBe(5)
    expect(rateChangePp(95, 90).kind).toBe('pp')
  })
  it('PM2.5 from 40 to 30 µg/m³ is −25%', () => {
    expect(relativeChangePct(30, 40)).toEqual({ kind: 'pct', value: -25 })
  })
})

/**
 * Is a before/after change real? Moving-block bootstrap over days for the difference of two window
 * means, and the seasonal difference-in-differences against the same windows a year earlier.
 * Pure module: typed arrays in, numbers out; seeded, so the same inputs give the same interval.
 *
 * Why blocks: daily air quality is autocorrelated (an episode lasts days), so resampling single
 * days would make intervals too narrow. Blocks of consecutive days keep that memory
 * (Künsch 1989; block length of order n^(1/3), Hall, Horowitz & Jing 1995).
 */

/** mulberry32: small, fast, deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const DEFAULT_SEED = 20230726
export const DEFAULT_RESAMPLES = 2000
/** Below this many values in a window no interval is given (a verdict would overclaim). */
export const MIN_VALUES = 10

/** Block length used for a series of n values: ⌈n^(1/3)⌉, at least 1, at most n. */
export function blockLength(n: number): number {
  return n <= 0 ? 0 : Math.min(n, Math.max(1, Math.ceil(Math.cbrt(n))))
}

export function mean(x: ArrayLike<number>): number | null {
  if (x.length === 0) return null
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i] as number
  return s / x.length
}

/**
 * Which blocks each replicate takes: for `resamples` replicates, k = ⌈n/l⌉ block starts each,
 * uniform in [0, n − l]. Several series of the same days can share one plan (the days are
 * resampled together), which also spares drawing the random numbers again.
 */
export interface BlockPlan {
  n: number
  l: number
  k: number
  resamples: number
  starts: Int32Array
}

export function blockPlan(n: number, resamples: number, rnd: () => number, l = blockLength(n)): BlockPlan {
  const k = n === 0 ? 0 : Math.ceil(n / l)
  const starts = new Int32Array(resamples * k)
  const range = n - l + 1
  for (let i = 0; i < starts.length; i++) starts[i] = Math.floor(rnd() * range)
  return { n, l, k, resamples, starts }
}

/** Replicate means of x under a plan: blocks concatenated and cut to n values. */
export function planMeans(x: ArrayLike<number>, plan: BlockPlan): Float64Array {
  const { n, l, k, resamples, starts } = plan
  if (x.length !== n) throw new Error('series length differs from the plan')
  const out = new Float64Array(resamples)
  if (n === 0) return out.fill(Number.NaN)
  // Prefix sums make each block's sum O(1): the bootstrap is O(resamples · n / l).
  const prefix = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (x[i] as number)
  const lastLen = n - (k - 1) * l
  for (let r = 0, o = 0; r < resamples; r++) {
    let sum = 0
    for (let j = 0; j < k; j++, o++) {
      const s = starts[o] as number
      sum += (prefix[s + (j === k - 1 ? lastLen : l)] as number) - (prefix[s] as number)
    }
    out[r] = sum / n
  }
  return out
}

/**
 * Means of `resamples` moving-block bootstrap replicates of x: ⌈n/l⌉ blocks of l consecutive
 * values, each starting uniformly in [0, n − l], concatenated and cut to n values.
 */
export function blockBootstrapMeans(x: ArrayLike<number>, resamples: number, rnd: () => number, l = blockLength(x.length)): Float64Array {
  return planMeans(x, blockPlan(x.length, resamples, rnd, l))
}

/** Percentile of a sorted array by linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, n - 1)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (h - lo)
}

export interface Interval {
  /** Point estimate from the data (not from the replicates). */
  estimate: number
  lo: number
  hi: number
  /** Confidence level, e.g. 0.95. */
  level: number
}

export interface BootstrapOptions {
  seed?: number
  resamples?: number
  level?: number
  /**
   * Plans shared between calls, keyed by the window's slot (0–3) and length: indicators measured
   * on the same days then resample the same days, and the random draws are made once.
   */
  plans?: Map<string, BlockPlan>
}

/** Sorts a copy: the caller's replicates stay in draw order. */
function percentileInterval(estimate: number, replicates: Float64Array, level: number): Interval {
  const sorted = replicates.slice().sort()
  const a = (1 - level) / 2
  return { estimate, lo: quantileSorted(sorted, a), hi: quantileSorted(sorted, 1 - a), level }
}

/**
 * Percentile interval of mean(after) − mean(before), each window resampled in blocks on its own.
 * Null when either window has fewer than MIN_VALUES values.
 */
export function diffOfMeansCI(before: ArrayLike<number>, after: ArrayLike<number>, opts: BootstrapOptions = {}): Interval | null {
  return beforeAfterIntervals(before, after, [], [], opts).diff
}

/**
 * Difference-in-differences: (after − before) − (baselineAfter − baselineBefore), the baseline
 * being the same windows one year earlier. Removes the seasonal part a before/after change shares
 * with the year before. Null when a mean is missing.
 */
export function differenceInDifferences(before: number | null, after: number | null, baselineBefore: number | null, baselineAfter: number | null): number | null {
  if (before == null || after == null || baselineBefore == null || baselineAfter == null) return null
  return after - before - (baselineAfter - baselineBefore)
}

/** Bootstrap interval of the difference-in-differences of four series [before, after, baselineBefore, baselineAfter]. */
export function didCI(series: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>], opts: BootstrapOptions = {}): Interval | null {
  return beforeAfterIntervals(...series, opts).did
}

/**
 * Both intervals from one set of replicates: each series is resampled once, in the order before,
 * after, baseline before, baseline after, from one seeded stream. `diff` needs before and after
 * (MIN_VALUES each); `did` needs all four.
 */
export function beforeAfterIntervals(
  before: ArrayLike<number>, after: ArrayLike<number>, baselineBefore: ArrayLike<number>, baselineAfter: ArrayLike<number>, opts: BootstrapOptions = {},
): { diff: Interval | null; did: Interval | null } {
  if (before.length < MIN_VALUES || after.length < MIN_VALUES) return { diff: null, did: null }
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES
  const level = opts.level ?? 0.95
  const rnd = mulberry32(opts.seed ?? DEFAULT_SEED)
  const replicates = (x: ArrayLike<number>, slot: number): Float64Array => {
    if (!opts.plans) return blockBootstrapMeans(x, resamples, rnd)
    const key = `${slot}:${x.length}:${resamples}`
    let plan = opts.plans.get(key)
    if (!plan) opts.plans.set(key, (plan = blockPlan(x.length, resamples, rnd)))
    return planMeans(x, plan)
  }
  const ra = replicates(before, 0)
  const rb = replicates(after, 1)
  const d = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) d[r] = (rb[r] as number) - (ra[r] as number)
  const diffEstimate = (mean(after) as number) - (mean(before) as number)
  const diff = percentileInterval(diffEstimate, d, level)
  if (baselineBefore.length < MIN_VALUES || baselineAfter.length < MIN_VALUES) return { diff, did: null }
  const rba = replicates(baselineBefore, 2)
  const rbb = replicates(baselineAfter, 3)
  for (let r = 0; r < resamples; r++) d[r] = (d[r] as number) - ((rbb[r] as number) - (rba[r] as number))
  const did = percentileInterval(diffEstimate - ((mean(baselineAfter) as number) - (mean(baselineBefore) as number)), d, level)
  return { diff, did }
}

export type Direction = 'lower_better' | 'higher_better'
export type Verdict = 'improved' | 'worsened' | 'no_clear_change' | 'insufficient'

/**
 * What may be said about a change: improved or worsened only when the whole interval lies on one
 * side of zero; otherwise "no clear change" (无明显变化). No interval → insufficient data.
 */
export function verdictFor(ci: Interval | null, direction: Direction): Verdict {
  if (!ci || !Number.isFinite(ci.lo) || !Number.isFinite(ci.hi)) return 'insufficient'
  if (ci.lo <= 0 && ci.hi >= 0) return 'no_clear_change'
  const up = ci.lo > 0
  return up === (direction === 'higher_better') ? 'improved' : 'worsened'
}

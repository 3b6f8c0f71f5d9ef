import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import shippedSample from '../../data/last-figures.sample.json'
import { asLastFigures, forgetStoredFigures, pickLastFigures, readStoredFigures, withEntry, writeStoredFigures, type LastFigures } from '../storage/lastFigures'

/**
 * Figures shown on a cold open before the engine is ready, and their check against the live
 * queries (useQuery does both). Kept only for data the next open will load again (sample + stored
 * uploads); anything else is never written.
 */
export const useLastFiguresStore = defineStore('lastFigures', () => {
  /** Kept figures for the data this open expects, once the stored uploads are listed. */
  const armed = shallowRef<LastFigures | null>(null)
  /** Queries drawing kept figures right now (none once the engine has answered them). */
  const showing = ref(0)
  /** Query keys whose kept figures differed from the live result (they were corrected on screen). */
  const mismatches = ref<string[]>([])
  const confirmed = ref(0)
  let kept: LastFigures | null = null
  let saveTimer: ReturnType<typeof setTimeout> | null = null

  function arm(fingerprint: string): void {
    armed.value = pickLastFigures(fingerprint, readStoredFigures(), asLastFigures(shippedSample))
  }

  function get(key: string): string | undefined {
    return armed.value?.entries[key]
  }

  let firstShown: () => void = () => undefined
  const firstShownP = new Promise<void>((resolve) => (firstShown = resolve))

  function shown(): void {
    if (showing.value++ === 0 && !performance.getEntriesByName('app:last-figures').length) {
      performance.mark('app:last-figures')
      firstShown()
    }
  }

  /** Resolves once kept figures have been painted (two frames after the first is shown), or after `maxMs`. */
  function painted(maxMs: number): Promise<void> {
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()))
    return Promise.race([firstShownP.then(frame).then(frame), new Promise<void>((r) => setTimeout(r, maxMs))])
  }

  /** The live result replaced kept figures; `same` when they were equal. */
  function checked(key: string, same: boolean): void {
    showing.value = Math.max(0, showing.value - 1)
    confirmed.value++
    if (!same) mismatches.value = [...mismatches.value, key]
    if (showing.value === 0 && !performance.getEntriesByName('app:figures-live').length) performance.mark('app:figures-live')
  }

  function dropped(): void {
    showing.value = Math.max(0, showing.value - 1)
  }

  /** Keep a live result for the data identified by `fingerprint`; saved a moment later, in one write. */
  function put(fingerprint: string, key: string, json: string): void {
    if (kept?.fingerprint !== fingerprint) {
      // This browser's own kept figures carry over; the shipped ones never do (a stale key would linger).
      const base = pickLastFigures(fingerprint, readStoredFigures())
      kept = { v: 1, fingerprint, entries: { ...base?.entries } }
    }
    if (kept.entries[key] === json) return
    kept = withEntry(kept, key, json)
    saveTimer ??= setTimeout(() => {
      saveTimer = null
      if (kept) writeStoredFigures(kept)
    }, 300)
  }

  /**
   * The loaded data changed to `fingerprint`: figures kept for other data (a deleted upload's
   * overdue list, say) are forgotten at once, not only when the overview or the wall is next drawn.
   */
  function keepOnly(fingerprint: string): void {
    if (kept && kept.fingerprint !== fingerprint) kept = null
    const stored = readStoredFigures()
    if (stored && stored.fingerprint !== fingerprint) forgetStoredFigures()
  }

  if (typeof window !== 'undefined') {
    // Read by the e2e tests and the bench (kept figures vs live).
    ;(window as unknown as { __lastFigures: unknown }).__lastFigures = {
      armed: () => armed.value?.fingerprint ?? null,
      showing: () => showing.value,
      confirmed: () => confirmed.value,
      mismatches: () => mismatches.value,
    }
  }

  return { armed, showing, mismatches, confirmed, arm, get, shown, painted, checked, dropped, put, keepOnly }
})

import { shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { storeToRefs } from 'pinia'
import { useDatasetsStore } from '../stores/datasets'
import { useLastFiguresStore } from '../stores/lastFigures'
import { entryKey, resultJson } from '../storage/lastFigures'
import type { Db } from '../db/types'

export interface QueryState<T> {
  data: Ref<T | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  /** `data` are kept figures of the last session, not yet checked by the engine. */
  fromLastFigures: Ref<boolean>
  /** Live runs completed (a run whose result equals the shown one counts, though `data` keeps its object). */
  runs: Ref<number>
}

export interface QueryOptions {
  /**
   * Keep results under this name as last figures: a cold open shows them while the engine starts,
   * then the live result confirms or replaces them. For small results only (KPIs, chart series).
   * An equal live result leaves `data` untouched, so nothing re-renders.
   */
  lastFigures?: string
}

/**
 * Run `fn` when the engine is ready, again whenever loaded data or `deps` change; results of a
 * superseded run are dropped. `fn` returns null when its inputs are not there yet.
 */
export function useQuery<T>(fn: (db: Db) => Promise<T | null> | null, deps: WatchSource[] = [], options: QueryOptions = {}): QueryState<T> {
  const store = useDatasetsStore()
  const { version, db } = storeToRefs(store)
  const name = options.lastFigures
  const figures = name ? useLastFiguresStore() : null
  const data = shallowRef<T | null>(null)
  const loading = shallowRef(true)
  const error = shallowRef<string | null>(null)
  const fromLastFigures = shallowRef(false)
  const runs = shallowRef(0)
  /** JSON of what `data` shows (kept figures or the last live result), for the equality check. */
  let shownJson: string | null = null
  let run = 0
  watch(
    [version, db, () => figures?.armed, ...deps],
    async (values) => {
      const current = db.value
      const key = name ? entryKey(name, values.slice(3)) : ''
      if (!current || version.value === 0) {
        if (figures) showKept(figures, key)
        return
      }
      const id = ++run
      loading.value = true
      try {
        const result = await fn(current)
        if (id !== run) return
        const json = figures ? resultJson(result) : null
        if (json === null || json !== shownJson) data.value = result
        if (fromLastFigures.value) figures?.checked(key, json !== null && json === shownJson)
        fromLastFigures.value = false
        shownJson = json
        error.value = null
        runs.value++
        const fingerprint = store.liveFingerprint
        // A null result (inputs not there yet) is not worth keeping.
        if (figures && json !== null && json !== 'null' && fingerprint) figures.put(fingerprint, key, json)
      } catch (e) {
        if (id !== run) return
        error.value = e instanceof Error ? e.message : String(e)
      } finally {
        if (id === run) loading.value = false
      }
    },
    { immediate: true },
  )

  /** Before the engine: show the kept figures for these inputs, or nothing (never another input's). */
  function showKept(f: ReturnType<typeof useLastFiguresStore>, key: string): void {
    const json = f.get(key)
    if (json !== undefined && json === shownJson) return
    if (json !== undefined) {
      data.value = JSON.parse(json) as T
      loading.value = false
      if (!fromLastFigures.value) f.shown()
      fromLastFigures.value = true
      shownJson = json
    } else if (fromLastFigures.value) {
      data.value = null
      loading.value = true
      fromLastFigures.value = false
      shownJson = null
      f.dropped()
    }
  }

  return { data, loading, error, fromLastFigures, runs }
}

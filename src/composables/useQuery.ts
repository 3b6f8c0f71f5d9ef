import { shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { storeToRefs } from 'pinia'
import { useDatasetsStore } from '../stores/datasets'
import type { Db } from '../db/types'

export interface QueryState<T> {
  data: Ref<T | null>
  loading: Ref<boolean>
  error: Ref<string | null>
}

/**
 * Run `fn` when the engine is ready, again whenever loaded data or `deps` change; results of a
 * superseded run are dropped. `fn` returns null when its inputs are not there yet.
 */
export function useQuery<T>(fn: (db: Db) => Promise<T | null> | null, deps: WatchSource[] = []): QueryState<T> {
  const store = useDatasetsStore()
  const { version, db } = storeToRefs(store)
  const data = shallowRef<T | null>(null)
  const loading = shallowRef(true)
  const error = shallowRef<string | null>(null)
  let run = 0
  watch(
    [version, db, ...deps],
    async () => {
      const current = db.value
      if (!current || version.value === 0) return
      const id = ++run
      loading.value = true
      try {
        const result = await fn(current)
        if (id !== run) return
        data.value = result
        error.value = null
      } catch (e) {
        if (id !== run) return
        error.value = e instanceof Error ? e.message : String(e)
      } finally {
        if (id === run) loading.value = false
      }
    },
    { immediate: true },
  )
  return { data, loading, error }
}

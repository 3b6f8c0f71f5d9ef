import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { KindKey } from '../csv/kinds'
import type { LoadResult } from '../db/load'
import type { Db } from '../db/types'
import { SAMPLE_FILES } from '../sample/files'

export interface DatasetInfo {
  kind: KindKey
  table: string
  fileName: string
  rows: number
  loadedAt: string
  asOf: string | null
  source: 'sample' | 'upload'
  encoding: string | null
}

export type EngineState = 'idle' | 'starting' | 'loading' | 'ready' | 'recovering' | 'error'

/** What is loaded, with provenance, and the engine's state. No SQL lives here beyond calling db/. */
export const useDatasetsStore = defineStore('datasets', () => {
  const state = ref<EngineState>('idle')
  const error = ref<string | null>(null)
  const engineStartMs = ref<number | null>(null)
  const sampleLoadMs = ref<number | null>(null)
  const datasets = ref<Partial<Record<KindKey, DatasetInfo>>>({})
  /** Bumped after every change of loaded data, so queries re-run. */
  const version = ref(0)
  const db = shallowRef<Db | null>(null)
  /** Why the engine was last restarted, and how long recovery took (ms). */
  const lastRecovery = ref<{ reason: string; ms: number | null; at: string } | null>(null)
  let started: Promise<void> | null = null

  const ready = computed(() => state.value === 'ready')

  async function loadDb(): Promise<Db> {
    // The engine module (DuckDB-WASM and Arrow) is its own chunk, fetched while the shell renders.
    const { getEngine, onEngineLost } = await import('../db/engine')
    unsubscribeLost ??= onEngineLost((reason) => void recover(reason))
    const handle = await getEngine()
    engineStartMs.value = handle.startMs
    db.value = handle.db
    return handle.db
  }

  function record(result: LoadResult, source: DatasetInfo['source']): void {
    if (!result.ok || !result.kind || !result.table) return
    datasets.value = {
      ...datasets.value,
      [result.kind]: {
        kind: result.kind, table: result.table, fileName: result.fileName, rows: result.rowsLoaded,
        loadedAt: new Date().toISOString(), asOf: result.asOf, source, encoding: result.encoding,
      },
    }
  }

  async function loadSample(target: Db): Promise<void> {
    const t0 = performance.now()
    const { loadCsv } = await import('../db/load')
    for (const f of SAMPLE_FILES) {
      const res = await fetch(f.url)
      // A dev server answers a missing file with index.html; never feed that to read_csv.
      if (!res.ok) throw new Error(`${f.fileName}: HTTP ${res.status}`)
      const result = await loadCsv(target, { fileName: f.fileName, bytes: new Uint8Array(await res.arrayBuffer()) })
      if (!result.ok) throw new Error(result.error ?? f.fileName)
      record(result, 'sample')
    }
    sampleLoadMs.value = performance.now() - t0
  }

  let unsubscribeLost: (() => void) | null = null

  /** The worker died: start a new engine and rebuild every loaded dataset, without a page reload. */
  async function recover(reason: string): Promise<void> {
    const t0 = performance.now()
    lastRecovery.value = { reason, ms: null, at: new Date().toISOString() }
    db.value = null
    state.value = 'recovering'
    try {
      const target = await loadDb()
      await loadSample(target)
      state.value = 'ready'
      lastRecovery.value = { ...lastRecovery.value, ms: performance.now() - t0 }
      version.value++
    } catch (e) {
      state.value = 'error'
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  /** Start the engine and load the embedded sample, once. */
  function start(): Promise<void> {
    started ??= (async () => {
      try {
        state.value = 'starting'
        const target = await loadDb()
        state.value = 'loading'
        await loadSample(target)
        state.value = 'ready'
        version.value++
      } catch (e) {
        state.value = 'error'
        error.value = e instanceof Error ? e.message : String(e)
      }
    })()
    return started
  }

  async function loadFile(fileName: string, bytes: Uint8Array): Promise<LoadResult> {
    await start()
    if (!db.value) throw new Error(error.value ?? 'engine not available')
    const { loadCsv } = await import('../db/load')
    const result = await loadCsv(db.value, { fileName, bytes })
    if (result.ok) {
      record(result, 'upload')
      version.value++
    }
    return result
  }

  return { state, error, engineStartMs, sampleLoadMs, datasets, version, db, lastRecovery, ready, start, loadFile }
})

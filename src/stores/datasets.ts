import { defineStore } from 'pinia'
import { loaderText, type LoaderMessage } from '../i18n/loader'
import { computed, ref, shallowRef, toRaw, watch } from 'vue'
import type { Encoding } from '../csv/decode'
import type { KindKey, LoadKind } from '../csv/kinds'
import type { OwnTable } from '../csv/ownTable'
import type { CoUnit, LoadMode, LoadResult, LoadStage } from '../db/load'
import type { Db } from '../db/types'
import { SAMPLE_FILES } from '../sample/files'
import { fingerprintOf } from '../storage/lastFigures'
import { useLastFiguresStore } from './lastFigures'
import { QuotaError, openUploadStorage, sizeOf, requestPersistence, type StorageBackend, type StoredUpload, type UploadStorage } from '../storage/uploads'

export interface DatasetInfo {
  kind: LoadKind
  table: string
  fileName: string
  rows: number
  loadedAt: string
  asOf: string | null
  source: 'sample' | 'upload'
  encoding: string | null
  /** Stored upload this table came from (the last one, when appended). */
  uploadId?: string
}

export type EngineState = 'idle' | 'starting' | 'loading' | 'ready' | 'recovering' | 'error'

export interface LoadOptions {
  encoding?: Encoding
  mode?: LoadMode
  kind?: LoadKind
  columns?: Record<string, string>
  own?: OwnTable
  coUnit?: CoUnit
  onProgress?: (stage: LoadStage) => void
  signal?: AbortSignal
  /** The uploaded File: stored as it is instead of a copy of its bytes (a 500 MB file is not held twice). */
  original?: Blob
}

/** Tabs tell each other when uploads change; a listener calls restoreFromStorage(). */
export const CHANNEL_NAME = 'eco-dashboard'
export type ChannelMessage = { type: 'datasets-changed' }

/**
 * Key of a dataset in the store: the kind for known kinds (each has one current table), the table
 * name for own tables (several can be loaded; their names never equal a kind's table).
 */
export function datasetKey(kind: LoadKind, table: string | undefined): string {
  return kind === 'own' ? (table ?? '') : kind
}

/** What is loaded, with provenance, the engine's state and the persisted uploads. No SQL lives here beyond calling db/. */
export const useDatasetsStore = defineStore('datasets', () => {
  const state = ref<EngineState>('idle')
  const error = ref<string | null>(null)
  const engineStartMs = ref<number | null>(null)
  const sampleLoadMs = ref<number | null>(null)
  /** The current table of each kind, and each own table, by datasetKey(). */
  const datasets = ref<Partial<Record<string, DatasetInfo>>>({})
  /** Tables kept next to the current one ("keep both as versions"). */
  const versions = ref<DatasetInfo[]>([])
  /** Bumped after every change of loaded data, so queries re-run. */
  const version = ref(0)
  const db = shallowRef<Db | null>(null)
  const uploads = ref<StoredUpload[]>([])
  const storageBackend = ref<StorageBackend | null>(null)
  /** Last storage problem (quota, unavailable), shown on the data page. */
  /** Chinese text, and the message for the UI language. */
  const storageError = ref<string | null>(null)
  const storageErrorMsg = ref<LoaderMessage | null>(null)
  const persisted = ref<boolean | null>(null)
  /** Stored uploads that failed to load again on restore, with the reason. */
  const restoreErrors = ref<Array<{ name: string; error: string; errorMsg?: LoaderMessage | null }>>([])
  let started: Promise<void> | null = null
  /** Why the engine was last restarted, and how long recovery took (ms). */
  const lastRecovery = ref<{ reason: string; ms: number | null; at: string } | null>(null)
  let unsubscribeLost: (() => void) | null = null
  const sampleByKind = new Map<KindKey, (typeof SAMPLE_FILES)[number]>()
  let channel: BroadcastChannel | null = null

  const ready = computed(() => state.value === 'ready')
  /** Loads and restores under way: tables may already differ from `uploads`. */
  const changing = ref(0)
  const sampleUrls = SAMPLE_FILES.map((f) => f.url)
  const uploadIds = (list: StoredUpload[]) => [...list].sort((a, b) => a.seq - b.seq).map((u) => u.id)
  /**
   * What the loaded data are, when the next open will load exactly them again (the sample and the
   * stored uploads): the key for keeping last figures. Null while a load or restore is under way, or
   * when a table came from an upload that was not stored.
   */
  const liveFingerprint = computed(() => {
    if (state.value !== 'ready' || changing.value > 0) return null
    if ([...Object.values(datasets.value), ...versions.value].some((d) => d?.source === 'upload' && !d.uploadId)) return null
    return fingerprintOf(sampleUrls, uploadIds(uploads.value))
  })
  const lastFigures = useLastFiguresStore()
  watch(liveFingerprint, (fp) => fp && lastFigures.keepOnly(fp))

  /** Which kept figures fit this open: the stored uploads are listed while the engine compiles. */
  async function armLastFigures(): Promise<void> {
    let list: StoredUpload[] = []
    try {
      list = await (await storage()).list()
    } catch {
      // Nothing stored can be read: the open shows the sample alone.
    }
    lastFigures.arm(fingerprintOf(sampleUrls, uploadIds(list)))
  }

  async function loadDb(): Promise<Db> {
    // The engine module (DuckDB-WASM and Arrow) is its own chunk, fetched while the shell renders.
    const { getEngine, onEngineLost } = await import('../db/engine')
    // The sample downloads while the engine compiles; asked for only now, so that on HTTP/1.1 (six
    // connections) its five files do not hold up the first view's chunks.
    fetchSamples().catch(() => undefined)
    unsubscribeLost ??= onEngineLost((reason) => void recover(reason))
    const handle = await getEngine()
    engineStartMs.value = handle.startMs
    db.value = handle.db
    return handle.db
  }

  function infoOf(result: LoadResult, source: DatasetInfo['source'], uploadId?: string): DatasetInfo {
    return {
      kind: result.kind as LoadKind, table: result.table as string, fileName: result.fileName, rows: result.rowsTotal || result.rowsLoaded,
      loadedAt: new Date().toISOString(), asOf: result.asOf, source, encoding: result.encoding, uploadId,
    }
  }

  function record(result: LoadResult, source: DatasetInfo['source'], uploadId?: string): void {
    if (!result.ok || !result.kind || !result.table) return
    const info = infoOf(result, source, uploadId)
    if (result.mode === 'version') versions.value = [...versions.value, info]
    else datasets.value = { ...datasets.value, [datasetKey(result.kind, result.table)]: info }
    // An hourly load also rebuilds the daily table (db/hourly.ts): list it with its origin.
    if (result.kind === 'air_hourly' && result.mode !== 'version') {
      const derived: DatasetInfo = { ...info, kind: 'air_daily', table: 'air_daily', fileName: `${result.fileName} → 日均`, rows: 0 }
      datasets.value = { ...datasets.value, air_daily: derived }
      void db.value?.query<{ n: number }>('SELECT count(*)::INT AS n FROM air_daily').then(([r]) => {
        // The store holds a reactive copy: compare the raw object (else the count never lands).
        if (toRaw(datasets.value.air_daily) === derived) datasets.value = { ...datasets.value, air_daily: { ...derived, rows: r?.n ?? 0 } }
      })
    }
  }

  async function fetchSample(f: (typeof SAMPLE_FILES)[number]): Promise<Uint8Array> {
    const res = await fetch(f.url)
    // A dev server answers a missing file with index.html; never feed that to read_csv.
    if (!res.ok) throw new Error(`${f.fileName}: HTTP ${res.status}`)
    return new Uint8Array(await res.arrayBuffer())
  }

  /** The sample files, fetched once per start while the engine compiles (recovery fetches again). */
  let sampleBytes: Promise<Uint8Array[]> | null = null
  const fetchSamples = () => (sampleBytes ??= Promise.all(SAMPLE_FILES.map(fetchSample)))

  async function loadSample(target: Db): Promise<void> {
    const t0 = performance.now()
    const pending = fetchSamples()
    sampleBytes = null
    const [{ loadCsv }, bytes] = await Promise.all([import('../db/load'), pending])
    for (const [i, f] of SAMPLE_FILES.entries()) {
      const result = await loadCsv(target, { fileName: f.fileName, bytes: bytes[i] as Uint8Array })
      if (!result.ok) throw new Error(result.error ?? f.fileName)
      if (result.kind && result.kind !== 'own') sampleByKind.set(result.kind, f)
      record(result, 'sample')
    }
    sampleLoadMs.value = performance.now() - t0
  }

  function listen(): void {
    if (channel || typeof BroadcastChannel === 'undefined') return
    channel = new BroadcastChannel(CHANNEL_NAME)
    channel.onmessage = (e: MessageEvent<ChannelMessage>) => {
      if (e.data?.type === 'datasets-changed') void restoreFromStorage()
    }
  }

  function announce(): void {
    const msg: ChannelMessage = { type: 'datasets-changed' }
    // A BroadcastChannel does not deliver to itself, so this tab is not re-restored.
    channel?.postMessage(msg)
  }

  /** The worker died: start a new engine and rebuild the sample and stored uploads, without a page reload. */
  async function recover(reason: string): Promise<void> {
    const t0 = performance.now()
    lastRecovery.value = { reason, ms: null, at: new Date().toISOString() }
    db.value = null
    state.value = 'recovering'
    try {
      const target = await loadDb()
      await loadSample(target)
      await restoreNow(false)
      state.value = 'ready'
      lastRecovery.value = { ...lastRecovery.value, ms: performance.now() - t0 }
      version.value++
    } catch (e) {
      state.value = 'error'
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  /**
   * Start the engine, load the embedded sample and restore persisted uploads, once. `figuresFirst`
   * says whether the view being opened draws kept figures (then they are painted first).
   */
  function start(options: { figuresFirst?: () => Promise<boolean> } = {}): Promise<void> {
    started ??= (async () => {
      try {
        state.value = 'starting'
        await armLastFigures()
        // With kept figures to draw, the engine's chunk (parsed on this thread) waits until they
        // are painted; the wasm compile that follows runs on the worker's thread.
        if (lastFigures.armed && (await options.figuresFirst?.())) await lastFigures.painted(1000)
        performance.mark('app:engine-start')
        const target = await loadDb()
        performance.mark('app:engine-ready')
        state.value = 'loading'
        await loadSample(target)
        performance.mark('app:sample-loaded')
        listen()
        await restoreNow(false)
        state.value = 'ready'
        version.value++
      } catch (e) {
        state.value = 'error'
        error.value = e instanceof Error ? e.message : String(e)
      }
    })()
    return started
  }

  async function storage(): Promise<UploadStorage> {
    const s = await openUploadStorage()
    storageBackend.value = s.backend
    return s
  }

  async function engine(): Promise<Db> {
    await start()
    if (!db.value) throw new Error(error.value ?? 'engine not available')
    return db.value
  }

  /**
   * Load a file the user chose. On success the file is stored (unless `persist` is false) so it is
   * restored after a reload, and other tabs are told.
   */
  async function loadFile(fileName: string, bytes: Uint8Array, options: LoadOptions & { persist?: boolean } = {}): Promise<LoadResult> {
    const target = await engine()
    const { loadCsv } = await import('../db/load')
    // read_csv takes the buffer over (it is emptied): storage gets the File itself, else a copy.
    const { original, persist, ...load } = options
    const keep = persist === false ? null : (original ?? bytes.slice())
    changing.value++
    try {
      const result = await loadCsv(target, { fileName, bytes, ...load })
      if (!result.ok) return result
      let uploadId: string | undefined
      if (keep && result.kind) uploadId = await persistUpload(fileName, keep, result, options)
      record(result, 'upload', uploadId)
      version.value++
      announce()
      return result
    } finally {
      changing.value--
    }
  }

  async function persistUpload(fileName: string, data: Uint8Array | Blob, result: LoadResult, options: LoadOptions): Promise<string | undefined> {
    const s = await storage()
    const meta: StoredUpload = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, name: fileName, fileName, size: sizeOf(data),
      addedAt: new Date().toISOString(), seq: Math.max(0, ...uploads.value.map((u) => u.seq)) + 1, kind: result.kind as LoadKind, mode: result.mode,
      encoding: options.encoding, columns: options.columns, coUnit: options.coUnit ?? result.coUnit ?? undefined,
    }
    if (options.own) meta.own = options.own
    if (options.kind) meta.kind = options.kind
    try {
      await s.put(meta, data)
      storageError.value = null
      storageErrorMsg.value = null
      // A replace makes earlier replace/append uploads of that kind irrelevant to the replay.
      if (result.mode === 'replace') {
        const key = datasetKey(meta.kind, meta.own?.table)
        for (const old of uploads.value.filter((u) => u.id !== meta.id && datasetKey(u.kind, u.own?.table) === key && u.mode !== 'version')) await s.remove(old.id)
      }
      uploads.value = await s.list()
      persisted.value ??= await requestPersistence()
      return meta.id
    } catch (e) {
      const msg: LoaderMessage =
        e instanceof QuotaError
          ? { key: 'storageQuota', params: { file: fileName, size: (e.size / 1048576).toFixed(1) } }
          : { key: 'storageFailed', params: { file: fileName, detail: (e as Error).message } }
      storageError.value = loaderText(msg)
      storageErrorMsg.value = msg
      return undefined
    }
  }

  let restoring: Promise<void> | null = null
  let again = false

  /**
   * Bring the engine in line with the stored uploads: kinds touched by uploads go back to the sample,
   * version tables are dropped, then the stored files are loaded again in their order. Safe to call
   * again (calls while one runs are coalesced into one more run).
   */
  function restoreFromStorage(): Promise<void> {
    if (restoring) {
      again = true
      return restoring
    }
    restoring = (async () => {
      changing.value++
      try {
        await start()
        do {
          again = false
          await restoreNow()
        } while (again)
        version.value++
      } finally {
        restoring = null
        changing.value--
      }
    })()
    return restoring
  }

  /** `reset` false: the tables hold just the sample (first start), nothing to put back. */
  async function restoreNow(reset = true): Promise<void> {
    const target = db.value
    if (!target) return
    const { loadCsv } = await import('../db/load')
    const { ident } = await import('../db/sql')
    let stored: StoredUpload[]
    try {
      stored = (await (await storage()).list()).sort((a, b) => a.seq - b.seq)
    } catch (e) {
      storageError.value = `无法读取浏览器存储:${(e as Error).message}`
      return
    }
    uploads.value = stored
    const touched = new Set<string>([
      ...stored.map((u) => datasetKey(u.kind, u.own?.table)),
      ...Object.entries(datasets.value).filter(([, d]) => d?.source === 'upload').map(([k]) => k),
    ])
    // Hourly uploads derive the daily table, so it goes back to the sample with them.
    if (touched.has('air_hourly')) touched.add('air_daily')
    for (const v of versions.value) await target.exec(`DROP TABLE IF EXISTS ${ident(v.table)}`)
    versions.value = []
    for (const kind of reset ? touched : []) {
      const sample = sampleByKind.get(kind as KindKey)
      const current = datasets.value[kind]
      if (sample) {
        const r = await loadCsv(target, { fileName: sample.fileName, bytes: await fetchSample(sample) })
        record(r, 'sample')
      } else if (current) {
        await target.exec(`DROP TABLE IF EXISTS ${ident(current.table)}`)
        datasets.value = Object.fromEntries(Object.entries(datasets.value).filter(([k]) => k !== kind))
      }
    }
    const errors: Array<{ name: string; error: string; errorMsg?: LoaderMessage | null }> = []
    const s = await storage()
    for (const u of stored) {
      try {
        const bytes = await s.read(u.id)
        const r = await loadCsv(target, { fileName: u.fileName, bytes, encoding: u.encoding, kind: u.kind, columns: u.columns, own: u.own, coUnit: u.coUnit, mode: u.mode })
        if (r.ok) record({ ...r, fileName: u.name }, 'upload', u.id)
        else errors.push({ name: u.name, error: r.error ?? '', errorMsg: r.errorMsg })
      } catch (e) {
        errors.push({ name: u.name, error: (e as Error).message })
      }
    }
    restoreErrors.value = errors
  }

  async function deleteUpload(id: string): Promise<void> {
    await (await storage()).remove(id)
    await restoreFromStorage()
    announce()
  }

  async function renameUpload(id: string, name: string): Promise<void> {
    const u = uploads.value.find((x) => x.id === id)
    const clean = name.trim()
    if (!u || !clean) return
    const s = await storage()
    await s.update({ ...u, name: clean })
    uploads.value = await s.list()
    const rename = (d: DatasetInfo): DatasetInfo => (d.uploadId === id ? { ...d, fileName: clean } : d)
    datasets.value = Object.fromEntries(Object.entries(datasets.value).map(([k, d]) => [k, rename(d as DatasetInfo)]))
    versions.value = versions.value.map(rename)
    announce()
  }

  return {
    state, error, engineStartMs, sampleLoadMs, datasets, versions, version, db, ready, liveFingerprint, lastRecovery, uploads, storageBackend, storageError, storageErrorMsg, persisted, restoreErrors,
    start, loadFile, restoreFromStorage, deleteUpload, renameUpload,
  }
})

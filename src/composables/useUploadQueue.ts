import { ref } from 'vue'
import type { Encoding } from '../csv/decode'
import { applyMapping, inspectHead, inspectionError, mappingTarget, type ColumnMapping, type Inspection } from '../csv/inspect'
import { ownTableProblems } from '../csv/ownTable'
import type { CoUnit, LoadMode, LoadResult, LoadStage } from '../db/load'
import type { RemoteDataset } from '../db/remote'
import type { Transfer } from '../csv/httpFile'
import { isParquetHead } from '../csv/decode'
import { tooLargeMessage } from '../csv/limits'
import type { ParquetCsv, ParquetInfo } from '../csv/parquet'
import type { ParquetReply } from '../csv/parquetRead'
import { datasetKey, useDatasetsStore, type DatasetInfo, type LoadOptions } from '../stores/datasets'
import { saveMapping, savedMapping } from '../storage/mappings'

export type UploadStatus = 'reading' | LoadStage | 'waiting' | 'done' | 'failed' | 'cancelled'

/** What the user must answer before the file loads. */
export type Question = { type: 'conflict'; existing: DatasetInfo } | { type: 'mapping' } | { type: 'co_unit' }

export interface UploadItem {
  id: number
  file: File
  status: UploadStatus
  inspection: Inspection | null
  result: LoadResult | null
  question: Question | null
  /** Encoding chosen by the user (re-load). */
  encoding?: Encoding
  mode?: LoadMode
  mapping?: ColumnMapping
  mappingReused: boolean
  /** This file has been loaded once already (a re-load replaces what it put in). */
  loadedOnce: boolean
  coUnit?: CoUnit
  abort: AbortController | null
  /** Rows that did not come from a CSV file as picked: a Parquet file (read into CSV) and/or a URL. */
  origin?: Origin
}

/** What the card shows of a Parquet read (the CSV bytes are the item's file). */
const parquetInfo = ({ rows, fileRows, rowGroupsRead, rowGroupsTotal, columns, skipped, kind, periodColumn }: ParquetCsv): ParquetInfo => ({ rows, fileRows, rowGroupsRead, rowGroupsTotal, columns, skipped, kind, periodColumn })

export interface Origin {
  url?: string
  /** Size of the file as picked or served, before its rows became CSV text. */
  size?: number
  transfer?: Transfer
  parquet?: ParquetInfo
}

/** Enough of the head to decide encoding, delimiter and headers (csv/decode.ts reads 256 KB). */
const HEAD_BYTES = 256 * 1024 + 4

export const PROGRESS: Record<UploadStatus, number> = { reading: 5, decode: 15, parse: 35, validate: 65, swap: 90, waiting: 0, done: 100, failed: 100, cancelled: 100 }

/** The files the user dropped, each inspected, asked about when needed, then loaded one at a time. */
export function useUploadQueue() {
  const store = useDatasetsStore()
  const items = ref<UploadItem[]>([])
  let nextId = 1
  // Loads run one after another (the engine runs one statement at a time anyway).
  let chain: Promise<unknown> = Promise.resolve()

  const find = (id: number) => items.value.find((i) => i.id === id) as UploadItem
  const patch = (id: number, p: Partial<UploadItem>) => Object.assign(find(id), p)

  function addFiles(files: Iterable<File>, origin?: Origin): void {
    // Newest batch on top, files of one batch in the order they were picked.
    const batch: UploadItem[] = [...files].map((file) => ({ id: nextId++, file, status: 'reading', inspection: null, result: null, question: null, mappingReused: false, loadedOnce: false, abort: null, origin }))
    items.value = [...batch, ...items.value]
    for (const item of batch) void prepare(item.id)
  }

  /** A dataset fetched from a URL (db/remote.ts): loaded like a picked file, with where it came from. */
  function addRemote(url: string, remote: RemoteDataset): void {
    const parquet = remote.parquet ? parquetInfo(remote.parquet) : undefined
    addFiles([new File([remote.bytes], remote.fileName, { type: 'text/csv' })], { url, size: remote.transfer.size, transfer: remote.transfer, parquet })
  }

  /** A picked Parquet file becomes CSV text for the intake (csv/parquet.ts); hyparquet loads only now. */
  async function fromParquet(id: number): Promise<boolean> {
    const item = find(id)
    if (!isParquetHead(new Uint8Array(await item.file.slice(0, 4).arrayBuffer()))) return true
    const { parquetFailure, readParquet } = await import('../csv/parquetRead')
    let reply: ParquetReply
    try {
      reply = await readParquet({ buffer: await item.file.arrayBuffer() })
    } catch (e) {
      reply = { ok: false, stage: 'parquet', message: (e as Error).message }
    }
    if (!reply.ok) {
      patch(id, { status: 'failed', inspection: inspectionError(item.file.name, parquetFailure(item.file.name, reply)) })
      return false
    }
    const size = item.origin?.size ?? item.file.size
    patch(id, { file: new File([reply.csv.bytes], item.file.name, { type: 'text/csv' }), origin: { ...item.origin, size, parquet: parquetInfo(reply.csv) } })
    return true
  }

  async function bytesOf(id: number): Promise<Uint8Array> {
    return new Uint8Array(await find(id).file.arrayBuffer())
  }

  /** Read the head, decide what to ask, or go straight to loading. */
  async function prepare(id: number): Promise<void> {
    const item = find(id)
    patch(id, { status: 'reading', result: null, question: null })
    const tooLarge = tooLargeMessage(item.file)
    if (tooLarge) return void patch(id, { status: 'failed', inspection: inspectionError(item.file.name, tooLarge) })
    if (!(await fromParquet(id))) return
    let inspection: Inspection
    try {
      inspection = inspectHead(new Uint8Array(await item.file.slice(0, HEAD_BYTES).arrayBuffer()), item.file.name, item.encoding)
    } catch (e) {
      patch(id, { status: 'failed', result: null, inspection: { fileName: item.file.name, error: (e as Error).message, encoding: null, sniff: null, match: null } })
      return
    }
    patch(id, { inspection })
    if (inspection.error || !inspection.sniff) return void patch(id, { status: 'failed' })
    // Dataset the file goes into: a kind, or the table of an own-table mapping.
    let target: string | undefined = inspection.match?.kind.key
    if (!item.mapping && (!inspection.match || inspection.match.missingRequired.length > 0)) {
      const saved = savedMapping(inspection.sniff.headers)
      const usable = saved && (saved.kind !== 'own' || (saved.own && ownTableProblems(saved.own).length === 0))
      if (saved && usable && applyMapping(saved, inspection.sniff.headers).missingRequired.length === 0) patch(id, { mapping: saved, mappingReused: true })
    }
    const mapping = find(id).mapping
    if (mapping) target = datasetKey(mapping.kind, mappingTarget(mapping))
    else if (!target || (inspection.match?.missingRequired.length ?? 0) > 0) return void patch(id, { status: 'waiting', question: { type: 'mapping' } })
    const existing = target ? store.datasets[target] : undefined
    if (!item.mode && existing?.source === 'upload') return void patch(id, { status: 'waiting', question: { type: 'conflict', existing } })
    enqueue(id)
  }

  function enqueue(id: number): void {
    const abort = new AbortController()
    patch(id, { status: 'decode', question: null, abort })
    chain = chain.then(() => run(id, abort.signal)).catch(() => undefined)
  }

  async function run(id: number, signal: AbortSignal): Promise<void> {
    const item = find(id)
    if (signal.aborted) return void patch(id, { status: 'cancelled', abort: null })
    const options: LoadOptions = {
      encoding: item.encoding, mode: item.mode, coUnit: item.coUnit, signal,
      kind: item.mapping?.kind, columns: item.mapping?.columns, own: item.mapping?.own,
      onProgress: (stage) => patch(id, { status: stage }), original: item.file,
    }
    let result: LoadResult
    try {
      result = await store.loadFile(item.file.name, await bytesOf(id), options)
    } catch (e) {
      patch(id, { status: 'failed', abort: null, result: null, inspection: { ...(item.inspection as Inspection), error: (e as Error).message } })
      return
    }
    if (result.needs === 'co_unit') return void patch(id, { status: 'waiting', result, abort: null, question: { type: 'co_unit' } })
    if (result.needs === 'mapping' && !item.mapping) return void patch(id, { status: 'waiting', result, abort: null, question: { type: 'mapping' } })
    patch(id, { status: result.ok ? 'done' : signal.aborted ? 'cancelled' : 'failed', result, abort: null, loadedOnce: item.loadedOnce || result.ok })
  }

  function choose(id: number, mode: LoadMode): void {
    patch(id, { mode })
    enqueue(id)
  }

  function chooseCoUnit(id: number, unit: CoUnit): void {
    patch(id, { coUnit: unit })
    enqueue(id)
  }

  function submitMapping(id: number, mapping: ColumnMapping, remember: boolean): void {
    const headers = find(id).inspection?.sniff?.headers ?? []
    if (remember) saveMapping(headers, mapping)
    patch(id, { mapping, mappingReused: false })
    void prepare(id)
  }

  function reloadWithEncoding(id: number, encoding: Encoding): void {
    const item = find(id)
    // Loading the same file again replaces what its earlier load put in (a version stays a version).
    const mode = item.loadedOnce ? (item.mode === 'version' ? 'version' : 'replace') : undefined
    patch(id, { encoding, mode, coUnit: undefined })
    void prepare(id)
  }

  function cancel(id: number): void {
    const item = find(id)
    if (item.abort) item.abort.abort()
    else if (item.status === 'waiting') patch(id, { status: 'cancelled', question: null })
  }

  function dismiss(id: number): void {
    items.value = items.value.filter((i) => i.id !== id)
  }

  return { items, addFiles, addRemote, choose, chooseCoUnit, submitMapping, reloadWithEncoding, cancel, dismiss }
}

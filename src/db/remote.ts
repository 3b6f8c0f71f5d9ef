/**
 * Data beyond one tab: datasets opened from an HTTP(S) URL (same origin, or a CORS-enabled file
 * server / object store listed in the CSP's connect-src), and loaded tables exported as Parquet for
 * such a server.
 *
 * - CSV at a URL: fetched whole (a CSV has no column index, so range requests would not save
 *   transfer) and handed to the intake exactly like an upload.
 * - Parquet at a URL: read with HTTP Range requests by hyparquet (csv/parquet.ts): the footer, then
 *   only the column chunks a known kind needs and the row groups of the requested period. The rows
 *   go through the same intake as an upload.
 * - Why not DuckDB's read_parquet: DuckDB-WASM 1.32 (DuckDB 1.4.3) does not link the `parquet`
 *   extension and would fetch it from extensions.duckdb.org, which an intranet cannot reach and the
 *   app must never contact (engine.ts points the extension repository at the app's own origin).
 *   hyparquet and hyparquet-writer are plain JS, bundled, and loaded only when Parquet is used.
 */
import { isParquetHead } from '../csv/decode'
import { checkResponse, type Transfer } from '../csv/httpFile'
import { MAX_UPLOAD_BYTES, tooLargeMessage } from '../csv/limits'
import type { ParquetCsv, Period } from '../csv/parquet'
import { parquetFailure, readParquet, type ParquetJob } from '../csv/parquetRead'
import { runWorker } from '../csv/runWorker'
import type { ExportReply } from './parquetExport.worker'
import { loaderText, type LoaderMessage } from '../i18n/loader'
import { ident } from './sql'
import type { Db } from './types'

export interface FetchProgress {
  loaded: number
  total: number | null
}

/** The file at a URL is bigger than the intake takes (csv/limits.ts). */
export class TooLarge extends Error {
  constructor(readonly size: number) {
    super(`${size} bytes`)
  }
}

/**
 * GET a URL into bytes, reporting progress; a non-2xx answer or an HTML page fails, and so does a
 * file over `maxBytes` (from its Content-Length before any byte is read, else once it passes it).
 */
export async function fetchBytes(url: string, onProgress?: (p: FetchProgress) => void, signal?: AbortSignal, maxBytes = MAX_UPLOAD_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(url, { signal, credentials: 'same-origin' })
  checkResponse(url, res)
  const total = Number(res.headers.get('content-length')) || null
  if (total != null && total > maxBytes) {
    await res.body?.cancel()
    throw new TooLarge(total)
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer())
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let loaded = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    loaded += value.length
    if (loaded > maxBytes) {
      await reader.cancel()
      throw new TooLarge(loaded)
    }
    onProgress?.({ loaded, total })
  }
  const out = new Uint8Array(loaded)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

export interface RemoteDataset {
  /** Name for the dataset list and the validation report: the last part of the URL's path. */
  fileName: string
  /** CSV bytes for the intake (a Parquet file's rows converted, a CSV file as it is). */
  bytes: Uint8Array<ArrayBuffer>
  parquet: ParquetCsv | null
  transfer: Transfer
}

const PARQUET_PATH = /\.(parquet|parq|pq)$/i

/** Why a URL gave no dataset, as a loader message (both languages). */
export class RemoteError extends Error {
  constructor(readonly msg: LoaderMessage) {
    super(loaderText(msg))
  }
}

/** A Parquet job (in a worker) whose failure becomes the message for its stage. */
async function asParquet(fileName: string, job: ParquetJob, signal: AbortSignal | undefined): Promise<{ csv: ParquetCsv; transfer: Transfer | null }> {
  const reply = await readParquet(job, signal)
  if (reply.ok) return reply
  throw new RemoteError(parquetFailure(fileName, reply))
}

/**
 * Fetch a dataset from a URL for the intake. Parquet (by its extension, or its PAR1 magic) is read
 * with range requests for the needed columns and, with a period, only the overlapping row groups.
 */
export async function fetchDataset(
  address: string,
  options: { period?: Period; maxRows?: number; maxBytes?: number; onProgress?: (p: FetchProgress) => void; signal?: AbortSignal } = {},
): Promise<RemoteDataset> {
  // Absolute, so that a worker (whose base is its script) fetches the same address.
  const url = new URL(address, globalThis.location?.href).href
  const path = new URL(url).pathname
  const fileName = decodeURIComponent(path.split('/').pop() || 'remote.csv')
  if (PARQUET_PATH.test(path)) {
    const { csv, transfer } = await asParquet(fileName, { url, period: options.period, maxRows: options.maxRows }, options.signal)
    return { fileName, bytes: csv.bytes, parquet: csv, transfer: transfer as Transfer }
  }
  const max = options.maxBytes ?? MAX_UPLOAD_BYTES
  let bytes: Uint8Array<ArrayBuffer>
  try {
    bytes = await fetchBytes(url, options.onProgress, options.signal, max)
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e
    throw new RemoteError((e instanceof TooLarge && tooLargeMessage({ name: fileName, size: e.size }, max)) || { key: 'urlFailed', params: { detail: (e as Error).message } })
  }
  const transfer: Transfer = { size: bytes.length, fetched: bytes.length, requests: 1 }
  if (isParquetHead(bytes)) {
    const { csv } = await asParquet(fileName, { buffer: bytes.buffer, period: options.period, maxRows: options.maxRows }, options.signal)
    return { fileName, bytes: csv.bytes, parquet: csv, transfer }
  }
  return { fileName, bytes, parquet: null, transfer }
}

/**
 * A loaded table as a Parquet file (SNAPPY, row groups of 122,880 rows, column statistics, DATE and
 * TIMESTAMP types) for a file server or object store; it reads back through fetchDataset with the
 * same values. The engine's Arrow IPC bytes go to a worker as they are (never decoded on this
 * thread); the columns are taken from them and written there, so a big export does not freeze the page.
 */
export async function exportParquet(db: Db, table: string, options: { rowGroupSize?: number } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const ipc = await db.queryIpc(`SELECT * FROM ${ident(table)}`)
  // No Worker (Node tests): the same writer inline.
  if (typeof Worker === 'undefined') return (await import('./parquetExport')).ipcToParquet(ipc, options)
  const create = () => new Worker(new URL('./parquetExport.worker.ts', import.meta.url), { type: 'module' })
  const reply = await runWorker<ExportReply>(create, { ipc, rowGroupSize: options.rowGroupSize }, [ipc.buffer], 'Parquet export')
  if (!reply.ok) throw new Error(reply.message)
  return reply.bytes
}

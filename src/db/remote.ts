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
import { asyncBufferFromUrl, type AsyncBuffer } from 'hyparquet'
import type { SchemaElement } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { FOOTER_FETCH, isParquetHead, parquetToCsv, type ParquetCsv, type Period } from '../csv/parquet'
import { loaderText, type LoaderMessage } from '../i18n/loader'
import { ident } from './sql'
import type { Db } from './types'

export interface FetchProgress {
  loaded: number
  total: number | null
}

function checkResponse(url: string, res: Response): void {
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  // A dev server or an SPA host answers a missing file with index.html (200): never take that for data.
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`${url}: 服务器返回的是网页而不是数据文件`)
}

/** GET a URL into bytes, reporting progress; a non-2xx answer or an HTML page fails. */
export async function fetchBytes(url: string, onProgress?: (p: FetchProgress) => void, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(url, { signal, credentials: 'same-origin' })
  checkResponse(url, res)
  const total = Number(res.headers.get('content-length')) || null
  if (!res.body) return new Uint8Array(await res.arrayBuffer())
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let loaded = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    loaded += value.length
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

/** What travelled for one remote file. */
export interface Transfer {
  /** Size of the file on the server. */
  size: number
  /** Bytes received (range answers, or the whole file). */
  fetched: number
  /** GET requests made (a HEAD for the size is not counted). */
  requests: number
}

/**
 * A URL as a file hyparquet can slice: its size from a HEAD (or, where HEAD is refused, as signed
 * object-store URLs do, from a one-byte Range GET), then one Range request per slice. A server that
 * ignores Range sends the whole file once, and the slices are cut from it.
 */
export async function rangeFile(url: string, signal?: AbortSignal): Promise<AsyncBuffer & { transfer: Transfer }> {
  const transfer: Transfer = { size: 0, fetched: 0, requests: 0 }
  const counted = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, { ...init, signal, credentials: 'same-origin' })
    checkResponse(url, res)
    transfer.requests++
    transfer.fetched += Number(res.headers.get('content-length')) || 0
    return res
  }
  const head = await fetch(url, { method: 'HEAD', signal, credentials: 'same-origin' })
  if (head.ok || head.status === 404) checkResponse(url, head)
  let byteLength = head.ok ? Number(head.headers.get('content-length')) || 0 : 0
  if (!byteLength) {
    const probe = await counted(url, { headers: { Range: 'bytes=0-0' } })
    const total = /\/(\d+)\s*$/.exec(probe.headers.get('content-range') ?? '')
    if (probe.status !== 206 || !total) {
      const whole = await probe.arrayBuffer()
      transfer.size = whole.byteLength
      return Object.assign(whole, { transfer })
    }
    byteLength = Number(total[1])
  }
  if (byteLength <= FOOTER_FETCH) {
    // The footer read would fetch all of it anyway: one request instead of several.
    const whole = await (await counted(url)).arrayBuffer()
    transfer.size = whole.byteLength
    return Object.assign(whole, { transfer })
  }
  const file = await asyncBufferFromUrl({ url, byteLength, fetch: counted })
  transfer.size = byteLength
  return Object.assign(file, { transfer })
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

async function asParquet(fileName: string, file: AsyncBuffer, period: Period | undefined): Promise<ParquetCsv> {
  try {
    return await parquetToCsv(file, period)
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e
    throw new RemoteError({ key: 'parquetInvalid', params: { file: fileName, detail: (e as Error).message } })
  }
}

/**
 * Fetch a dataset from a URL for the intake. Parquet (by its extension, or its PAR1 magic) is read
 * with range requests for the needed columns and, with a period, only the overlapping row groups.
 */
export async function fetchDataset(url: string, options: { period?: Period; onProgress?: (p: FetchProgress) => void; signal?: AbortSignal } = {}): Promise<RemoteDataset> {
  const path = new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname
  const fileName = decodeURIComponent(path.split('/').pop() || 'remote.csv')
  const http = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step()
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') throw e
      throw new RemoteError({ key: 'urlFailed', params: { detail: (e as Error).message } })
    }
  }
  if (PARQUET_PATH.test(path)) {
    const file = await http(() => rangeFile(url, options.signal))
    const parquet = await asParquet(fileName, file, options.period)
    return { fileName, bytes: parquet.bytes, parquet, transfer: file.transfer }
  }
  const bytes = await http(() => fetchBytes(url, options.onProgress, options.signal))
  const transfer: Transfer = { size: bytes.length, fetched: bytes.length, requests: 1 }
  if (isParquetHead(bytes)) {
    const parquet = await asParquet(fileName, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), options.period)
    return { fileName, bytes: parquet.bytes, parquet, transfer }
  }
  return { fileName, bytes, parquet: null, transfer }
}

/** Parquet schema element for a DuckDB column type; every column is nullable. */
function parquetElement(name: string, duckType: string): SchemaElement {
  const t = duckType.toUpperCase()
  const el = (e: Omit<SchemaElement, 'name' | 'repetition_type'>): SchemaElement => ({ name, repetition_type: 'OPTIONAL', ...e })
  if (t === 'BOOLEAN') return el({ type: 'BOOLEAN' })
  if (t === 'INTEGER' || t === 'SMALLINT' || t === 'TINYINT' || t.startsWith('UTINYINT') || t === 'USMALLINT') return el({ type: 'INT32' })
  if (t === 'BIGINT' || t === 'UINTEGER' || t === 'HUGEINT' || t === 'UBIGINT') return el({ type: 'INT64' })
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL' || t.startsWith('DECIMAL')) return el({ type: 'DOUBLE' })
  if (t === 'DATE') return el({ type: 'INT32', converted_type: 'DATE' })
  if (t.startsWith('TIMESTAMP')) return el({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' })
  return el({ type: 'BYTE_ARRAY', converted_type: 'UTF8' })
}

/** A row value (db/rows.ts: dates 'YYYY-MM-DD', timestamps 'YYYY-MM-DDTHH:MM:SS') as the writer wants it. */
function writerValue(v: unknown, el: SchemaElement): unknown {
  if (v === null || v === undefined) return null
  if (el.converted_type === 'DATE' || el.converted_type === 'TIMESTAMP_MILLIS') return new Date(`${String(v)}${String(v).length > 10 ? 'Z' : 'T00:00:00Z'}`)
  if (el.type === 'INT64') return BigInt(Math.round(Number(v)))
  if (el.converted_type === 'UTF8') return typeof v === 'string' ? v : String(v)
  return v
}

/**
 * A loaded table as a Parquet file (SNAPPY, row groups of 122,880 rows, column statistics) for a
 * file server or object store; it reads back through fetchDataset with the same values.
 */
export async function exportParquet(db: Db, table: string, options: { rowGroupSize?: number } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const cols = await db.query<{ name: string; type: string }>(
    // Internal columns (`__row`: the source line) stay in the app.
    "SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = ? AND NOT starts_with(column_name, '__') ORDER BY column_index",
    [table],
  )
  if (cols.length === 0) throw new Error(`${table}: 没有这个表`)
  const rows = await db.query(`SELECT ${cols.map((c) => ident(c.name)).join(', ')} FROM ${ident(table)}`)
  const schema: SchemaElement[] = [{ name: 'root', num_children: cols.length }, ...cols.map((c) => parquetElement(c.name, c.type))]
  const columnData = cols.map((c, i) => {
    const el = schema[i + 1] as SchemaElement
    return { name: c.name, data: rows.map((r) => writerValue(r[c.name], el)) }
  })
  const buffer = parquetWriteBuffer({ columnData, schema, rowGroupSize: options.rowGroupSize ?? 122_880, statisticsTruncateLength: 32, createdBy: 'eco-rectify-dashboard' })
  return new Uint8Array(buffer)
}

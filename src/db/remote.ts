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
import { DataType, TimeUnit, type Vector } from 'apache-arrow'
import type { DecodedArray, SchemaElement } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { isParquetHead } from '../csv/decode'
import { checkResponse, type Transfer } from '../csv/httpFile'
import type { ParquetCsv, Period } from '../csv/parquet'
import { readParquet, type ParquetJob } from '../csv/parquetRead'
import { loaderText, type LoaderMessage } from '../i18n/loader'
import { ident } from './sql'
import type { Db } from './types'

export interface FetchProgress {
  loaded: number
  total: number | null
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

export function tooManyRows(file: string, rows: number, limit: number): LoaderMessage {
  return { key: 'parquetTooMany', params: { file, rows: rows.toLocaleString('en'), limit: limit.toLocaleString('en') } }
}

/** A Parquet job (in a worker) whose failure becomes the message for its stage. */
async function asParquet(fileName: string, job: ParquetJob, signal: AbortSignal | undefined): Promise<{ csv: ParquetCsv; transfer: Transfer | null }> {
  const reply = await readParquet(job, signal)
  if (reply.ok) return reply
  if (reply.stage === 'http') throw new RemoteError({ key: 'urlFailed', params: { detail: reply.message } })
  if (reply.stage === 'rows') throw new RemoteError(tooManyRows(fileName, reply.rows, reply.limit))
  throw new RemoteError({ key: 'parquetInvalid', params: { file: fileName, detail: reply.message } })
}

/**
 * Fetch a dataset from a URL for the intake. Parquet (by its extension, or its PAR1 magic) is read
 * with range requests for the needed columns and, with a period, only the overlapping row groups.
 */
export async function fetchDataset(address: string, options: { period?: Period; maxRows?: number; onProgress?: (p: FetchProgress) => void; signal?: AbortSignal } = {}): Promise<RemoteDataset> {
  // Absolute, so that a worker (whose base is its script) fetches the same address.
  const url = new URL(address, globalThis.location?.href).href
  const path = new URL(url).pathname
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
    const { csv, transfer } = await asParquet(fileName, { url, period: options.period, maxRows: options.maxRows }, options.signal)
    return { fileName, bytes: csv.bytes, parquet: csv, transfer: transfer as Transfer }
  }
  const bytes = await http(() => fetchBytes(url, options.onProgress, options.signal))
  const transfer: Transfer = { size: bytes.length, fetched: bytes.length, requests: 1 }
  if (isParquetHead(bytes)) {
    const { csv } = await asParquet(fileName, { buffer: bytes.buffer, period: options.period, maxRows: options.maxRows }, options.signal)
    return { fileName, bytes: csv.bytes, parquet: csv, transfer }
  }
  return { fileName, bytes, parquet: null, transfer }
}

/** A column of an Arrow result as the Parquet element and the values hyparquet-writer takes. */
function parquetColumn(name: string, v: Vector): { element: SchemaElement; data: DecodedArray } {
  const element = (e: Omit<SchemaElement, 'name' | 'repetition_type'>): SchemaElement => ({ name, repetition_type: 'OPTIONAL', ...e })
  const raw = v.toArray() as ArrayLike<unknown>
  // Computed over all of the vector's batches on every read: read it once.
  const nulls = v.nullCount
  // Typed arrays hold garbage where the value is NULL: take the validity bitmap into account.
  const values = <T>(map: (x: unknown) => T): Array<T | null> => {
    const out = new Array<T | null>(v.length)
    for (let i = 0; i < v.length; i++) out[i] = nulls > 0 && !v.isValid(i) ? null : map(raw[i])
    return out
  }
  const same = (x: unknown) => x
  const t = v.type
  if (DataType.isFloat(t)) return { element: element({ type: 'DOUBLE' }), data: nulls ? values(same) : Float64Array.from(raw as ArrayLike<number>) }
  if (DataType.isInt(t) && t.bitWidth <= 32 && t.isSigned) return { element: element({ type: 'INT32' }), data: nulls ? values(same) : (raw as Int32Array) }
  if (DataType.isInt(t)) return { element: element({ type: 'INT64' }), data: values((x) => BigInt(x as number | bigint)) }
  if (DataType.isBool(t)) return { element: element({ type: 'BOOLEAN' }), data: values(Boolean) }
  // Date32 arrives as epoch milliseconds; Parquet's DATE is days.
  if (DataType.isDate(t)) return { element: element({ type: 'INT32', converted_type: 'DATE' }), data: values((x) => Math.round(Number(x) / 86_400_000)) }
  // DuckDB's TIMESTAMP is microseconds (a BigInt64Array here).
  if (DataType.isTimestamp(t) && t.unit === TimeUnit.MICROSECOND) return { element: element({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' }), data: values((x) => BigInt(x as bigint)) }
  if (DataType.isUtf8(t)) return { element: element({ type: 'BYTE_ARRAY', converted_type: 'UTF8' }), data: raw as string[] }
  // Anything else (DECIMAL, other time units, …) through Arrow's own value conversion.
  const data = new Array<unknown>(v.length)
  for (let i = 0; i < v.length; i++) data[i] = v.get(i)
  if (DataType.isTimestamp(t)) return { element: element({ type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }), data: data.map((x) => (x == null ? null : BigInt(Math.round(Number(x))))) }
  if (DataType.isDecimal(t)) return { element: element({ type: 'DOUBLE' }), data: data.map((x) => (x == null ? null : Number(x) / 10 ** t.scale)) }
  return { element: element({ type: 'BYTE_ARRAY', converted_type: 'UTF8' }), data: data.map((x) => (x == null ? null : String(x))) }
}

/**
 * A loaded table as a Parquet file (SNAPPY, row groups of 122,880 rows, column statistics, DATE and
 * TIMESTAMP types) for a file server or object store; it reads back through fetchDataset with the
 * same values. Columns are taken from the engine's Arrow result as they are (no row objects).
 */
export async function exportParquet(db: Db, table: string, options: { rowGroupSize?: number } = {}): Promise<Uint8Array<ArrayBuffer>> {
  const result = await db.queryArrow(`SELECT * FROM ${ident(table)}`)
  // Internal columns (`__row`: the source line) stay in the app.
  const columns = result.schema.fields
    .filter((f) => !f.name.startsWith('__'))
    .map((f) => ({ name: f.name, ...parquetColumn(f.name, result.getChild(f.name) as Vector) }))
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)]
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, data: c.data })),
    schema, rowGroupSize: options.rowGroupSize ?? 122_880, statisticsTruncateLength: 32, createdBy: 'eco-rectify-dashboard',
  })
  return new Uint8Array(buffer)
}

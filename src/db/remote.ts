/**
 * Data beyond one tab: datasets opened from an HTTP(S) URL (same origin, or a CORS-enabled file
 * server / object store), and loaded tables exported as Parquet for such a server.
 *
 * - CSV at a URL: fetched and loaded through loadCsv, so it gets exactly the intake's decoding,
 *   validation and atomic swap. (A CSV has no column index, so range requests would not save
 *   transfer: every byte is needed.)
 * - Parquet at a URL: registered with DuckDB's HTTP file system, which reads the footer and then
 *   only the needed columns and row groups with Range requests; the table is a VIEW over the URL.
 * - Parquet needs DuckDB's `parquet` extension. DuckDB-WASM 1.32 (DuckDB 1.4.3) does NOT link it
 *   statically (duckdb_extensions() lists it NOT_INSTALLED) and by default fetches it from
 *   extensions.duckdb.org. useLocalExtensions() points the extension repository at the app's own
 *   origin (`./duckdb-extensions/`), so the engine never asks another origin; a deployment that
 *   wants Parquet copies `v1.4.3/wasm_eh/parquet.duckdb_extension.wasm` (and wasm_mvp) there
 *   (README, "Province-scale deployment"). Without it, Parquet calls fail with ParquetUnavailable.
 */
import { loadCsv, type LoadResult } from './load'
import { ident, literal } from './sql'
import type { Db } from './types'

/** DuckDB version inside @duckdb/duckdb-wasm 1.32.0; extension files are per version. */
export const DUCKDB_VERSION = 'v1.4.3'
export const EXTENSIONS_DIR = 'duckdb-extensions'

export class ParquetUnavailable extends Error {
  constructor(cause: string) {
    super(`Parquet 支持需要部署 DuckDB parquet 扩展(${EXTENSIONS_DIR}/${DUCKDB_VERSION}/…/parquet.duckdb_extension.wasm):${cause}`)
  }
}

/** Point DuckDB's extension repository at the app's own origin (never extensions.duckdb.org). */
export async function useLocalExtensions(db: Db, appBase: string): Promise<string> {
  const repo = new URL(EXTENSIONS_DIR, appBase).href.replace(/\/$/, '')
  await db.exec(`SET custom_extension_repository = ${literal(repo)}`)
  return repo
}

export interface FetchProgress {
  loaded: number
  total: number | null
}

/** GET a URL into bytes, reporting progress; a non-2xx answer (e.g. a dev server's index.html fallback is 200, so also check the type) fails. */
export async function fetchBytes(url: string, onProgress?: (p: FetchProgress) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal, credentials: 'same-origin' })
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  if ((res.headers.get('content-type') ?? '').startsWith('text/html')) throw new Error(`${url}: 服务器返回的是网页而不是数据文件`)
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

/** Open a CSV at a URL as a dataset: exactly an upload of the same bytes. */
export async function openRemoteCsv(db: Db, url: string, onProgress?: (p: FetchProgress) => void): Promise<LoadResult> {
  const bytes = await fetchBytes(url, onProgress)
  const name = decodeURIComponent(new URL(url, 'http://x/').pathname.split('/').pop() || 'remote.csv')
  return loadCsv(db, { fileName: name, bytes })
}

let remoteSeq = 0

/**
 * Open a Parquet file at a URL as a VIEW named `table` (only the footer is read now; queries fetch
 * the columns and row groups they need). Returns the row count from the footer metadata.
 */
export async function openRemoteParquet(db: Db, url: string, table: string): Promise<{ rows: number }> {
  if (!db.registerUrl) throw new ParquetUnavailable('this engine cannot read URLs')
  const name = `remote_${++remoteSeq}.parquet`
  await db.registerUrl(name, url)
  try {
    await db.exec(`CREATE OR REPLACE VIEW ${ident(table)} AS SELECT * FROM read_parquet(${literal(name)})`)
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::INT AS n FROM ${ident(table)}`)
    return { rows: r?.n ?? 0 }
  } catch (e) {
    await db.exec(`DROP VIEW IF EXISTS ${ident(table)}`).catch(() => undefined)
    const msg = (e as Error).message
    if (/extension|parquet/i.test(msg)) throw new ParquetUnavailable(msg)
    throw e
  }
}

/** A loaded table as Parquet bytes (ZSTD), for a file server or object store. */
export async function exportParquet(db: Db, table: string): Promise<Uint8Array> {
  if (!db.copyFileToBuffer) throw new ParquetUnavailable('this engine cannot export files')
  const name = `export_${++remoteSeq}.parquet`
  try {
    await db.exec(`COPY (SELECT * FROM ${ident(table)}) TO ${literal(name)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`)
  } catch (e) {
    throw new ParquetUnavailable((e as Error).message)
  }
  try {
    return await db.copyFileToBuffer(name)
  } finally {
    await db.dropFile(name).catch(() => undefined)
  }
}

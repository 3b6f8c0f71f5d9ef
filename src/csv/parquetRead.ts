/**
 * A Parquet file to CSV text for the intake, in a worker: hyparquet's decoding and the CSV text of a
 * million rows take seconds of JavaScript, which on the main thread would freeze the page. Where
 * there is no Worker (Node tests), the same code runs inline.
 */
import { rangeFile, type Transfer } from './httpFile'
import { runWorker } from './runWorker'
import type { ParquetCsv, Period } from './parquet'
import type { LoaderMessage } from '../i18n/loader'

export type ParquetJob = { period?: Period; maxRows?: number } & ({ url: string } | { buffer: ArrayBuffer })

/** 'http': the URL did not give the file; 'parquet': the bytes are not a readable Parquet file; 'rows': too many rows needed. */
export type ParquetReply =
  | { ok: true; csv: ParquetCsv; transfer: Transfer | null }
  | { ok: false; stage: 'http' | 'parquet'; message: string }
  | { ok: false; stage: 'rows'; message: string; rows: number; limit: number }

/** What the user is told when a read failed (the file named as the user knows it). */
export function parquetFailure(file: string, reply: Exclude<ParquetReply, { ok: true }>): LoaderMessage {
  if (reply.stage === 'http') return { key: 'urlFailed', params: { detail: reply.message } }
  if (reply.stage === 'rows') return { key: 'parquetTooMany', params: { file, rows: reply.rows.toLocaleString('en'), limit: reply.limit.toLocaleString('en') } }
  return { key: 'parquetInvalid', params: { file, detail: reply.message } }
}

export async function readParquetInline(job: ParquetJob): Promise<ParquetReply> {
  const { parquetToCsv, TooManyRows } = await import('./parquet')
  let source: Awaited<ReturnType<typeof rangeFile>> | { file: ArrayBuffer; transfer: null }
  try {
    source = 'url' in job ? await rangeFile(job.url) : { file: job.buffer, transfer: null }
  } catch (e) {
    return { ok: false, stage: 'http', message: (e as Error).message }
  }
  try {
    const csv = await parquetToCsv(source.file, job.period, job.maxRows)
    return { ok: true, csv, transfer: source.transfer }
  } catch (e) {
    if (e instanceof TooManyRows) return { ok: false, stage: 'rows', message: e.message, rows: e.rows, limit: e.limit }
    return { ok: false, stage: 'parquet', message: (e as Error).message }
  }
}

/** Run the job in a worker of its own (terminated when done, or when `signal` aborts). */
export function readParquet(job: ParquetJob, signal?: AbortSignal): Promise<ParquetReply> {
  if (typeof Worker === 'undefined') return readParquetInline(job)
  const create = () => new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module' })
  return runWorker<ParquetReply>(create, job, 'buffer' in job ? [job.buffer] : [], 'Parquet', signal)
}

/** Reads a Parquet file (bytes, or a URL with Range requests) into CSV text off the main thread (see parquetRead.ts). */
import { readParquetInline, type ParquetJob, type ParquetReply } from './parquetRead'

interface Scope {
  onmessage: ((e: MessageEvent<ParquetJob>) => void) | null
  postMessage: (message: ParquetReply, transfer: Transferable[]) => void
}

const scope = globalThis as unknown as Scope
scope.onmessage = async (e) => {
  const reply = await readParquetInline(e.data)
  scope.postMessage(reply, reply.ok ? [reply.csv.bytes.buffer] : [])
}

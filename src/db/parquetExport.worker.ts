/** Writes a table (Arrow IPC bytes from the engine) as Parquet off the main thread (see remote.ts, exportParquet). */
import { ipcToParquet } from './parquetExport'

export type ExportReply = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; message: string }

interface Scope {
  onmessage: ((e: MessageEvent<{ ipc: Uint8Array; rowGroupSize?: number }>) => void) | null
  postMessage: (message: ExportReply, transfer: Transferable[]) => void
}

const scope = globalThis as unknown as Scope
scope.onmessage = (e) => {
  try {
    const bytes = ipcToParquet(e.data.ipc, { rowGroupSize: e.data.rowGroupSize })
    scope.postMessage({ ok: true, bytes }, [bytes.buffer])
  } catch (err) {
    scope.postMessage({ ok: false, message: (err as Error).message }, [])
  }
}

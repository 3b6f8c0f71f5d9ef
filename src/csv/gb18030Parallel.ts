/**
 * GB18030 → UTF-8 for large files in workers: the main thread only cuts the file at line feeds and
 * joins the parts, so it keeps painting, and on a machine with several cores the parts convert at
 * the same time. Where workers are unavailable (Node tests) or fail, the same transcoder runs on this
 * thread in slices.
 */
import { gb18030ToUtf8, lineAt, sliceEnd, type Gb18030Result } from './gb18030'
import { runWorker } from './runWorker'

/** Below this, starting workers costs more than it saves. */
const PARALLEL_MIN = 8 * 1024 * 1024
/** Above this, the parts are not copied: one worker takes the whole buffer (memory over speed). */
const COPY_MAX = 256 * 1024 * 1024

function inWorker(bytes: Uint8Array, transfer: boolean): Promise<Gb18030Result> {
  const create = () => new Worker(new URL('./gb18030.worker.ts', import.meta.url), { type: 'module' })
  return runWorker<Gb18030Result>(create, { bytes }, transfer ? [bytes.buffer] : [], 'transcoding')
}

/** Parts of about equal size, each ending just after a line feed (the last at the end). */
function parts(bytes: Uint8Array, n: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  let a = 0
  for (let k = 1; k <= n && a < bytes.length; k++) {
    const b = k === n ? bytes.length : sliceEnd(bytes, 0, Math.floor((bytes.length * k) / n))
    if (b > a) out.push([a, b])
    a = b
  }
  return out
}

/**
 * Transcode `bytes`. Above COPY_MAX the buffer is handed to the worker and is empty afterwards (as
 * registering it with DuckDB would leave it); callers that need the bytes keep their own copy.
 */
export async function gb18030ToUtf8Parallel(bytes: Uint8Array): Promise<Gb18030Result> {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 2
  if (typeof Worker === 'undefined' || bytes.length < PARALLEL_MIN) return gb18030ToUtf8(bytes)
  try {
    if (bytes.length > COPY_MAX) {
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
      return await inWorker(own, true)
    }
    const cuts = parts(bytes, Math.max(2, Math.min(4, cores)))
    const results = await Promise.all(cuts.map(([a, b]) => inWorker(bytes.slice(a, b), true)))
    const utf8 = new Uint8Array(results.reduce((n, r) => n + r.utf8.length, 0))
    let at = 0
    let undecodable: Gb18030Result['undecodable']
    results.forEach((r, k) => {
      utf8.set(r.utf8, at)
      at += r.utf8.length
      if (!r.undecodable) return
      if (undecodable) undecodable.count += r.undecodable.count
      else undecodable = { ...r.undecodable, line: r.undecodable.line + lineAt(bytes, (cuts[k] as [number, number])[0]) - 1 }
    })
    return { utf8, ...(undecodable ? { undecodable } : {}) }
  } catch {
    if (bytes.length === 0 && bytes.buffer.byteLength === 0) throw new Error('transcoding failed after the buffer was handed over')
    return gb18030ToUtf8(bytes)
  }
}

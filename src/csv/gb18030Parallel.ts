/**
 * GB18030 → UTF-8 for large files in workers: the main thread only cuts the file at line feeds and
 * joins the parts, so it keeps painting, and on a machine with several cores the parts convert at
 * the same time. Where workers are unavailable (Node tests) or fail, the same transcoder runs on this
 * thread in slices.
 */
import { gb18030ToUtf8, lineAt, sliceEnd, type Gb18030Result, type PartJob, type PartResult } from './gb18030'
import { joinMarks, type ByteMarks } from './byteMarks'
import { runWorker } from './runWorker'

/** Below this, starting workers costs more than it saves. */
const PARALLEL_MIN = 16 * 1024 * 1024
/** Above this, the parts are not copied: one worker takes the whole buffer (memory over speed). */
const COPY_MAX = 256 * 1024 * 1024

function inWorker(job: PartJob, transfer: boolean): Promise<PartResult> {
  const create = () => new Worker(new URL('./gb18030.worker.ts', import.meta.url), { type: 'module' })
  return runWorker<PartResult>(create, job, transfer ? [job.bytes.buffer] : [], 'transcoding')
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
 * Transcode `bytes`. The buffer is handed to a worker and is empty afterwards (as registering it
 * with DuckDB would leave it); callers that need the bytes keep their own copy.
 */
export async function gb18030ToUtf8Parallel(bytes: Uint8Array): Promise<Gb18030Result> {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 2
  if (typeof Worker === 'undefined' || bytes.length < PARALLEL_MIN) return gb18030ToUtf8(bytes)
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  try {
    if (bytes.length > COPY_MAX) return await inWorker({ bytes: whole ? bytes : bytes.slice() }, true)
    const cuts = parts(bytes, Math.max(2, Math.min(4, cores)))
    const last = cuts.length - 1
    // The parts come back as views on their working buffers (cutting them to size would copy them);
    // the first part's buffer has room for all of them, so only the later parts are copied here.
    const room = Math.ceil(bytes.length * 1.5) + 16 * cuts.length
    const options = (k: number) => ({ exact: false, ...(k === 0 ? { capacity: room } : {}) })
    // Every part but the last is a copy; the last part's worker takes the file's own buffer (no
    // copy) and gives it back with its result.
    const pending = cuts.slice(0, last).map(([a, b], k) => inWorker({ bytes: bytes.slice(a, b), ...options(k) }, true))
    const [a, b] = cuts[last] as [number, number]
    pending.push(inWorker(whole ? { bytes, range: [a, b], ...options(last) } : { bytes: bytes.slice(a, b), ...options(last) }, true))
    const results = await Promise.all(pending)
    const source = results[last]?.source ?? bytes
    const total = results.reduce((n, r) => n + r.utf8.length, 0)
    const first = (results[0] as PartResult).utf8
    const utf8 = first.byteOffset === 0 && first.buffer.byteLength >= total ? new Uint8Array(first.buffer, 0, total) : new Uint8Array(total)
    let at = 0
    let undecodable: Gb18030Result['undecodable']
    const marks = results.every((r) => r.marks) ? results.map((r) => r.marks as ByteMarks).reduce(joinMarks) : undefined
    results.forEach((r, k) => {
      if (k > 0 || utf8.buffer !== first.buffer) utf8.set(r.utf8, at)
      at += r.utf8.length
      if (!r.undecodable) return
      if (undecodable) undecodable.count += r.undecodable.count
      else undecodable = { ...r.undecodable, line: r.undecodable.line + lineAt(source, (cuts[k] as [number, number])[0]) - 1 }
    })
    return { utf8, ...(undecodable ? { undecodable } : {}), ...(marks ? { marks } : {}) }
  } catch {
    if (bytes.length === 0 && bytes.buffer.byteLength === 0) throw new Error('transcoding failed after the buffer was handed over')
    return gb18030ToUtf8(bytes)
  }
}

/** Transcodes one GB18030 part to UTF-8 off the main thread (see gb18030Parallel.ts). */
import { gb18030ToUtf8Sync } from './gb18030'
import type { PartJob, PartResult } from './gb18030Parallel'

interface Scope {
  onmessage: ((e: MessageEvent<PartJob>) => void) | null
  postMessage: (message: PartResult, transfer: Transferable[]) => void
}

const scope = globalThis as unknown as Scope
scope.onmessage = (e) => {
  const { bytes, range, ...options } = e.data
  const result = gb18030ToUtf8Sync(range ? bytes.subarray(...range) : bytes, options)
  // A part of a buffer the worker was handed goes back with the result.
  if (range) scope.postMessage({ ...result, source: bytes }, [result.utf8.buffer, bytes.buffer])
  else scope.postMessage(result, [result.utf8.buffer])
}

/** Transcodes one GB18030 part to UTF-8 off the main thread (see gb18030Parallel.ts). */
import { convertPart, type PartJob, type PartResult } from './gb18030'

interface Scope {
  onmessage: ((e: MessageEvent<PartJob>) => void) | null
  postMessage: (message: PartResult, transfer: Transferable[]) => void
}

const scope = globalThis as unknown as Scope
scope.onmessage = (e) => {
  const result = convertPart(e.data)
  // A buffer the worker was handed whole goes back with the result.
  scope.postMessage(result, result.source ? [result.utf8.buffer, result.source.buffer] : [result.utf8.buffer])
}

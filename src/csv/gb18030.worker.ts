/** Transcodes one GB18030 part to UTF-8 off the main thread (see gb18030Parallel.ts). */
import { gb18030ToUtf8Sync, type Gb18030Result } from './gb18030'

interface Scope {
  onmessage: ((e: MessageEvent<{ bytes: Uint8Array }>) => void) | null
  postMessage: (message: Gb18030Result, transfer: Transferable[]) => void
}

const scope = globalThis as unknown as Scope
scope.onmessage = (e) => {
  const result = gb18030ToUtf8Sync(e.data.bytes)
  scope.postMessage(result, [result.utf8.buffer])
}

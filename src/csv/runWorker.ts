/**
 * One message to a worker of its own and one answer back; the worker is terminated when it answers,
 * fails, or `signal` aborts (then the promise rejects with an AbortError). `create` must contain the
 * literal `new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })`, so that Vite
 * bundles the worker.
 */
export function runWorker<T>(create: () => Worker, message: unknown, transfer: Transferable[], what: string, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = create()
    const abort = () => {
      worker.terminate()
      reject(new DOMException('aborted', 'AbortError'))
    }
    signal?.addEventListener('abort', abort, { once: true })
    const done = () => {
      signal?.removeEventListener('abort', abort)
      worker.terminate()
    }
    worker.onmessage = (e: MessageEvent<T>) => {
      done()
      resolve(e.data)
    }
    worker.onerror = (e) => {
      done()
      reject(new Error(e.message || `${what} worker failed`))
    }
    worker.postMessage(message, transfer)
  })
}

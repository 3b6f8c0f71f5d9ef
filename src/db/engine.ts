/**
 * The one owner of DuckDB-WASM in the app: started once (shared promise), engine files served by
 * the app itself (Vite `?url`, hashed names, no CDN), BigInt cast to double.
 *
 * It also watches the worker: a worker that stops answering (killed, crashed, out of memory) is
 * declared lost, listeners are told, and the next getEngine() starts a fresh one.
 */
import * as duckdb from '@duckdb/duckdb-wasm'
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url'
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url'
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'
import { arrowToRows } from './rows'
import { literal } from './sql'
import type { Db, Row, SqlValue } from './types'

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
}

/** Idle liveness check: ping the worker when nothing is running; no answer in time = lost. */
const HEARTBEAT_MS = 2000
const PING_TIMEOUT_MS = 4000
/** Errors after which the wasm instance cannot be trusted any more. */
const FATAL = /Aborted|RuntimeError|memory access out of bounds|Out of Memory|out of memory|unreachable|worker (is )?terminated/i

export interface EngineHandle {
  db: Db
  /** Milliseconds from start request to ready. */
  startMs: number
  /** Counts engines started in this page (1 for the first, 2 after a recovery, …). */
  generation: number
  terminate(): Promise<void>
}

type LostListener = (reason: string) => void
const lostListeners = new Set<LostListener>()

/** Subscribe to "the engine died"; returns the unsubscribe function. */
export function onEngineLost(fn: LostListener): () => void {
  lostListeners.add(fn)
  return () => lostListeners.delete(fn)
}

let engine: Promise<EngineHandle> | null = null
let generation = 0

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))])
}

async function startEngine(): Promise<EngineHandle> {
  const t0 = performance.now()
  const bundle = await duckdb.selectBundle(BUNDLES)
  const worker = new Worker(bundle.mainWorker as string)
  const instance = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker)
  await instance.instantiate(bundle.mainModule, bundle.pthreadWorker)
  performance.mark('app:engine-instantiated')
  await instance.open({ query: { castBigIntToDouble: true } })
  const conn = await instance.connect()
  performance.mark('app:engine-open')
  // Extensions only ever from the app's own origin, never extensions.duckdb.org: nothing here loads
  // one (Parquet is read and written by hyparquet, db/remote.ts), and nothing may reach another origin.
  await conn.query(`SET custom_extension_repository = ${literal(new URL('duckdb-extensions', document.baseURI).href)}`)
  const gen = ++generation
  let inFlight = 0
  let lost = false

  const declareLost = (reason: string) => {
    if (lost) return
    lost = true
    clearInterval(heartbeat)
    worker.terminate()
    engine = null
    for (const fn of lostListeners) fn(reason)
  }
  const heartbeat = setInterval(async () => {
    if (inFlight > 0 || lost) return
    inFlight++
    try {
      const r = await withTimeout(instance.getVersion(), PING_TIMEOUT_MS)
      if (r === 'timeout') declareLost('the DuckDB worker stopped answering')
    } catch (e) {
      declareLost(String(e))
    } finally {
      inFlight--
    }
  }, HEARTBEAT_MS)
  worker.addEventListener('error', (e) => declareLost(e.message || 'worker error'))

  // One connection serialises statements; DuckDB-WASM runs one query at a time anyway.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const guarded = async () => {
      if (lost) throw new Error('engine lost')
      inFlight++
      try {
        return await fn()
      } catch (e) {
        if (FATAL.test(String(e))) declareLost(String(e))
        throw e
      } finally {
        inFlight--
      }
    }
    const next = queue.then(guarded, guarded)
    queue = next.catch(() => undefined)
    return next
  }
  const db: Db = {
    query<T extends object = Row>(sql: string, params: readonly SqlValue[] = []) {
      return serial(async () => {
        if (params.length === 0) return arrowToRows<T>(await conn.query(sql))
        const stmt = await conn.prepare(sql)
        try {
          return arrowToRows<T>(await stmt.query(...params))
        } finally {
          await stmt.close()
        }
      })
    },
    queryIpc(sql: string) {
      return serial(() => conn.useUnsafe((bindings, id) => bindings.runQuery(id, sql)))
    },
    exec(sql: string) {
      return serial(async () => {
        await conn.query(sql)
      })
    },
    registerFile(name: string, bytes: Uint8Array) {
      return serial(() => instance.registerFileBuffer(name, bytes))
    },
    dropFile(name: string) {
      return serial(async () => {
        await instance.dropFile(name)
      })
    },
  }
  return {
    db,
    startMs: performance.now() - t0,
    generation: gen,
    async terminate() {
      clearInterval(heartbeat)
      lost = true
      await instance.terminate()
    },
  }
}

/** Start the engine once; every caller shares the same promise. After a loss, starts a new one. */
export function getEngine(): Promise<EngineHandle> {
  engine ??= startEngine().catch((e: unknown) => {
    engine = null
    throw e
  })
  return engine
}

export async function getDb(): Promise<Db> {
  return (await getEngine()).db
}

/**
 * The one owner of DuckDB-WASM in the app: started once (shared promise), engine files served by
 * the app itself (Vite `?url`, hashed names, no CDN), BigInt cast to double.
 */
import * as duckdb from '@duckdb/duckdb-wasm'
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url'
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url'
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'
import { arrowToRows } from './rows'
import type { Db, Row, SqlValue } from './types'

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
}

export interface EngineHandle {
  db: Db
  /** Milliseconds from start request to ready. */
  startMs: number
  terminate(): Promise<void>
}

async function startEngine(): Promise<EngineHandle> {
  const t0 = performance.now()
  const bundle = await duckdb.selectBundle(BUNDLES)
  const worker = new Worker(bundle.mainWorker as string)
  const logger = new duckdb.VoidLogger()
  const instance = new duckdb.AsyncDuckDB(logger, worker)
  await instance.instantiate(bundle.mainModule, bundle.pthreadWorker)
  await instance.open({ query: { castBigIntToDouble: true } })
  const conn = await instance.connect()
  // One connection serialises statements; DuckDB-WASM runs one query at a time anyway.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
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
    exec(sql: string) {
      return serial(async () => {
        await conn.query(sql)
      })
    },
    registerFile(name: string, bytes: Uint8Array) {
      return instance.registerFileBuffer(name, bytes)
    },
    async dropFile(name: string) {
      await instance.dropFile(name)
    },
  }
  return {
    db,
    startMs: performance.now() - t0,
    async terminate() {
      await instance.terminate()
    },
  }
}

let engine: Promise<EngineHandle> | null = null

/** Start the engine once; every caller shares the same promise. */
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

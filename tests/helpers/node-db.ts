/**
 * Real DuckDB-WASM in Node (the package's blocking Node build) behind the app's Db interface, so
 * query tests run the very SQL the browser runs.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createDuckDB, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking'
import { arrowToRows } from '../../src/db/rows'
import type { Db, Row, SqlValue } from '../../src/db/types'

const require = createRequire(import.meta.url)
const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'))

export async function openNodeDb(): Promise<Db> {
  const bindings = await createDuckDB(
    {
      mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new VoidLogger(),
    NODE_RUNTIME,
  )
  await bindings.instantiate()
  bindings.open({ query: { castBigIntToDouble: true } })
  const conn = bindings.connect()
  return {
    async query<T extends object = Row>(sql: string, params: readonly SqlValue[] = []) {
      if (params.length === 0) return arrowToRows<T>(conn.query(sql))
      const stmt = conn.prepare(sql)
      try {
        return arrowToRows<T>(stmt.query(...params))
      } finally {
        stmt.close()
      }
    },
    async queryIpc(sql: string) {
      return conn.useUnsafe((b, id) => b.runQuery(id, sql))
    },
    async exec(sql: string) {
      conn.query(sql)
    },
    async registerFile(name: string, bytes: Uint8Array) {
      bindings.registerFileBuffer(name, bytes)
    },
    async dropFile(name: string) {
      bindings.dropFile(name)
    },
  }
}

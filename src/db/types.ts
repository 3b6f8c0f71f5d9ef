/** A value bound to a `?` parameter. Dates travel as ISO strings and are cast in SQL. */
export type SqlValue = string | number | boolean | null

export type Row = Record<string, unknown>

/**
 * What the rest of the app (and the Node query tests) may do with the engine.
 * Implemented once for the browser (engine.ts) and once for Node tests (tests/helpers).
 */
export interface Db {
  /** Run a statement; values are bound as parameters, never spliced into the text. */
  query<T extends object = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
  /**
   * A query's result as Arrow IPC stream bytes, as the engine produced them (for bulk reads such as
   * an export: they go to a worker without being decoded on this thread).
   */
  queryIpc(sql: string): Promise<Uint8Array>
  /** Run one or more statements that return nothing of interest. */
  exec(sql: string): Promise<void>
  /** Make bytes readable by `read_csv('name')`. The buffer may be transferred (emptied). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>
  dropFile(name: string): Promise<void>
}

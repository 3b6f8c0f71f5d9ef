/**
 * Queries of the data workspace: table fingerprints, the table browser's column profile and the
 * read-only SQL console. User values are bound; table and column names come from DuckDB's catalog
 * and are quoted with ident().
 */
import { ident } from './sql'
import type { Db, Row } from './types'

/** Row count and an order-independent hash of all rows: equal before and after means untouched. */
export async function tableFingerprint(db: Db, table: string): Promise<{ rows: number; hash: string }> {
  const [r] = await db.query<{ rows: number; hash: string | null }>(`SELECT count(*) AS rows, bit_xor(hash(t))::VARCHAR AS hash FROM ${ident(table)} t`)
  return { rows: r?.rows ?? 0, hash: r?.hash ?? '0' }
}

export interface TableInfo {
  name: string
  rows: number
  columns: number
}

/** User-visible tables: not temporary, not staging. */
export async function listTables(db: Db): Promise<TableInfo[]> {
  return db.query<TableInfo>(
    `SELECT table_name AS name, estimated_size::BIGINT AS rows, column_count::INT AS columns FROM duckdb_tables()
     WHERE NOT temporary AND NOT starts_with(table_name, '__') ORDER BY table_name`,
  )
}

export interface ColumnProfile {
  column: string
  type: string
  nulls: number
  min: string | null
  max: string | null
  distinct: number
  /** False when `distinct` is DuckDB's estimate (large tables). */
  distinctExact: boolean
}

/** Up to this many rows the distinct counts are exact (one extra scan); above, SUMMARIZE's estimate. */
const EXACT_DISTINCT_MAX_ROWS = 200_000

/** One scan of the table for the profile of every column (SUMMARIZE), not one query per column. */
export async function columnProfile(db: Db, table: string): Promise<ColumnProfile[]> {
  const rows = await db.query<{ column_name: string; column_type: string; min: string | null; max: string | null; approx_unique: number; null_percentage: number | string | null; count: number }>(
    `SELECT column_name, column_type, min, max, approx_unique, null_percentage::DOUBLE AS null_percentage, count FROM (SUMMARIZE ${ident(table)})`,
  )
  const cols = rows.filter((r) => r.column_name !== '__row')
  const exact = cols.length > 0 && Number(cols[0]?.count ?? 0) <= EXACT_DISTINCT_MAX_ROWS
  const [counts = {}] = exact
    ? await db.query<Record<string, number>>(`SELECT ${cols.map((c, i) => `count(DISTINCT ${ident(c.column_name)}) AS d${i}`).join(', ')} FROM ${ident(table)}`)
    : []
  return cols.map((r, i) => ({
    column: r.column_name,
    type: r.column_type,
    nulls: Math.round((Number(r.null_percentage ?? 0) / 100) * Number(r.count)),
    min: r.min,
    max: r.max,
    distinct: exact ? Number(counts[`d${i}`] ?? 0) : Number(r.approx_unique),
    distinctExact: exact,
  }))
}

export const SQL_ROW_CAP = 10_000

export class SqlRefused extends Error {}

/** Strip comments and string literals, so keywords inside them do not count. */
function codeOnly(sql: string): string {
  // One left-to-right pass: a '--' inside a string is not a comment, a quote inside a comment is not a string.
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m[0] === "'" ? "''" : m[0] === '"' ? '""' : ' '))
}

/**
 * The console runs a single SELECT / WITH / DESCRIBE / SUMMARIZE / FROM statement. Anything that
 * writes, attaches or reads files is refused before it reaches the engine; the statement is then
 * wrapped in a subquery with a row cap, which DuckDB only accepts for a query.
 */
export function checkReadOnly(sql: string): string {
  const code = codeOnly(sql).trim().replace(/;\s*$/, '')
  if (!code) throw new SqlRefused('请输入一条查询语句')
  if (code.includes(';')) throw new SqlRefused('只能运行一条语句')
  if (!/^(select|with|describe|summarize|from|show)\b/i.test(code)) throw new SqlRefused('只允许 SELECT / WITH / DESCRIBE / SUMMARIZE 查询')
  const banned = /\b(insert|update|delete|create|drop|alter|attach|detach|copy|export|import|install|load|pragma|set|reset|call|checkpoint|vacuum|use|truncate)\b|\b(read_\w+|glob|parquet_scan|sniff_csv|query_table|query)\s*\(/i
  const m = banned.exec(code)
  if (m) throw new SqlRefused(`查询中不允许使用“${m[0].replace(/\s*\($/, '')}”`)
  return sql.trim().replace(/;\s*$/, '')
}

export interface SqlResult {
  columns: string[]
  rows: Row[]
  capped: boolean
}

export async function runReadOnly(db: Db, sql: string, cap = SQL_ROW_CAP): Promise<SqlResult> {
  const stmt = checkReadOnly(sql)
  const isQuery = /^(select|with|from)\b/i.test(codeOnly(stmt).trim())
  const rows = await db.query(isQuery ? `SELECT * FROM (${stmt}) LIMIT ${cap + 1}` : stmt)
  const capped = rows.length > cap
  const out = capped ? rows.slice(0, cap) : rows
  return { columns: out[0] ? Object.keys(out[0]) : [], rows: out, capped }
}

/**
 * CSV intake into DuckDB: bytes → UTF-8 → read_csv (all VARCHAR, exact row numbers) → typed staging
 * table → validation issues → atomic swap into the kind's canonical table. Bad data is reported as
 * issues, never thrown; a failed load leaves every existing table as it was.
 */
import { BinaryFileError, headText, toUtf8, type Encoding } from '../csv/decode'
import { detectKind, kindByKey, matchKind, type FieldDef, type KindDef, type KindKey } from '../csv/kinds'
import { sniffCsv } from '../csv/sniff'
import { fastStage } from './fastIngest'
import { afterLoad } from './preagg'
import { STATUS_SYNONYMS } from '../domain/ledger'
import { ident, literal } from './sql'
import type { Db } from './types'

export type IssueKind = 'structure' | 'type' | 'missing_required' | 'duplicate_key' | 'unknown_status' | 'date_order' | 'no_deadline'

export interface LoadIssue {
  file: string
  /** 1-based line in the file, when the issue belongs to a row. */
  line: number | null
  column: string | null
  kind: IssueKind
  value: string | null
  message: string
}

export interface LoadRequest {
  fileName: string
  bytes: Uint8Array
  encoding?: Encoding
  kind?: KindKey
}

export interface LoadResult {
  ok: boolean
  fileName: string
  kind: KindKey | null
  table: string | null
  encoding: Encoding | null
  delimiter: string | null
  rowsRead: number
  rowsLoaded: number
  /** Missing-value tokens and empty cells turned into NULL, in mapped columns. */
  nullCells: number
  issues: LoadIssue[]
  /** Why nothing was loaded, when ok is false. */
  error: string | null
  /** Latest date in the data (ISO), for "数据截至". */
  asOf: string | null
}

/** Tokens that mean "no value" in exports from Excel, WPS and monitoring platforms. */
export const NULL_TOKENS = ['', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'null', 'NULL', '-', '--', '—', '——', '/', '未检出', '无', '缺测', '无效']

const ISSUE_LIMIT_PER_COLUMN = 200

let loadSeq = 0

function failure(fileName: string, error: string, partial: Partial<LoadResult> = {}): LoadResult {
  return { ok: false, fileName, kind: null, table: null, encoding: null, delimiter: null, rowsRead: 0, rowsLoaded: 0, nullCells: 0, issues: [], error, asOf: null, ...partial }
}

/** SQL turning a trimmed VARCHAR into a DATE, accepting the formats Chinese exports use. */
export function dateExpr(col: string): string {
  const c = `trim(${col})`
  const d = `split_part(replace(${c}, 'T', ' '), ' ', 1)`
  return `COALESCE(
    try_strptime(${d}, '%Y-%m-%d')::DATE,
    try_strptime(${d}, '%Y/%m/%d')::DATE,
    try_strptime(${d}, '%Y.%m.%d')::DATE,
    try_strptime(${c}, '%Y年%m月%d日')::DATE,
    CASE WHEN regexp_full_match(${c}, '(19|20)\\d{6}') THEN try_strptime(${c}, '%Y%m%d')::DATE END,
    CASE WHEN regexp_full_match(${c}, '\\d{5}(\\.\\d+)?') THEN DATE '1899-12-30' + CAST(floor(CAST(${c} AS DOUBLE)) AS INTEGER) END)`
}

export function monthExpr(col: string): string {
  const c = `trim(${col})`
  return `COALESCE(
    try_strptime(${c}, '%Y-%m')::DATE,
    try_strptime(${c}, '%Y/%m')::DATE,
    try_strptime(${c}, '%Y.%m')::DATE,
    try_strptime(${c}, '%Y年%m月')::DATE,
    CASE WHEN regexp_full_match(${c}, '(19|20)\\d{4}') THEN try_strptime(${c}, '%Y%m')::DATE END,
    date_trunc('month', ${dateExpr(col)})::DATE)`
}

export function datetimeExpr(col: string): string {
  const c = `replace(trim(${col}), 'T', ' ')`
  return `COALESCE(
    try_strptime(${c}, '%Y-%m-%d %H:%M:%S'),
    try_strptime(${c}, '%Y-%m-%d %H:%M'),
    try_strptime(${c}, '%Y/%m/%d %H:%M:%S'),
    try_strptime(${c}, '%Y/%m/%d %H:%M'),
    try_strptime(${c}, '%Y年%m月%d日 %H时'),
    try_strptime(${c}, '%Y年%m月%d日%H时'),
    CAST(${dateExpr(col)} AS TIMESTAMP))`
}

function typedExpr(field: FieldDef, col: string, decimalComma: boolean): string {
  switch (field.type) {
    case 'text':
      return `NULLIF(trim(${col}), '')`
    case 'number': {
      const v = decimalComma ? `replace(trim(${col}), ',', '.')` : `trim(${col})`
      return `TRY_CAST(${v} AS DOUBLE)`
    }
    case 'date':
      return dateExpr(col)
    case 'month':
      return monthExpr(col)
    case 'datetime':
      return datetimeExpr(col)
  }
}

const SQL_TYPE: Record<FieldDef['type'], string> = { text: 'VARCHAR', number: 'DOUBLE', date: 'DATE', month: 'DATE', datetime: 'TIMESTAMP' }

function statusCase(col: string): string {
  const arms = STATUS_SYNONYMS.map(([bucket, words]) => `WHEN lower(trim(${col})) IN (${words.map((w) => literal(w.toLowerCase())).join(', ')}) THEN ${literal(bucket)}`)
  return `CASE ${arms.join(' ')} END`
}

/** Unique, non-empty column names for read_csv (blank and duplicate headers happen in exports). */
function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>()
  return headers.map((h, i) => {
    let name = h.trim() || `column${i + 1}`
    let n = 2
    while (seen.has(name)) name = `${h.trim() || `column${i + 1}`}_${n++}`
    seen.add(name)
    return name
  })
}

export async function loadCsv(db: Db, req: LoadRequest): Promise<LoadResult> {
  const file = req.fileName
  let decoded
  try {
    decoded = toUtf8(req.bytes, file, req.encoding)
  } catch (e) {
    if (e instanceof BinaryFileError) return failure(file, `文件“${file}”不是 CSV 文本文件(看起来是${e.detected}),请另存为 CSV 后再上传`)
    if (e instanceof RangeError || e instanceof TypeError) return failure(file, `文件“${file}”无法按所选编码解码`)
    throw e
  }
  const { encoding, utf8 } = decoded
  if (utf8.length === 0 || headText(utf8, 'utf-8').trim() === '') return failure(file, `文件“${file}”是空文件`, { encoding })
  const sniff = sniffCsv(headText(utf8, 'utf-8'))
  if (sniff.headers.length === 0) return failure(file, `文件“${file}”没有可识别的表头`, { encoding })
  const match = req.kind ? matchKind(kindByKey(req.kind), sniff.headers) : detectKind(sniff.headers)
  if (!match || match.missingRequired.length > 0) {
    const missing = match?.missingRequired.join(', ')
    return failure(file, missing ? `文件“${file}”缺少必需列:${missing}` : `文件“${file}”的表头无法识别为已知数据类型(${sniff.headers.slice(0, 6).join(', ')}…),请手动映射列`, {
      encoding, delimiter: sniff.delimiter,
    })
  }
  const kind = match.kind
  const seq = ++loadSeq
  const vfile = `upload_${seq}.csv`
  const raw = `__raw_${seq}`
  const rej = `__rej_${seq}`
  const stage = `__stage_${kind.table}_${seq}`
  const names = uniqueHeaders(sniff.headers)
  const columnsStruct = `{${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`
  await db.registerFile(vfile, utf8)
  const stageSql = (typed: string) => (kind.key === 'ledger' ? `SELECT *, ${statusCase('status_raw')} AS status FROM (${typed})` : typed)
  // perf (issue 6): one typed pass for clean files; null → the exact VARCHAR path below (see fastIngest.ts).
  const fast = await fastStage(db, { vfile, stage, rejectsTable: `${rej}_fast`, sniff, names, match, nullTokens: NULL_TOKENS, stageSql })
  if (!fast) try {
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(raw)} AS
      SELECT row_number() OVER () AS __row, * FROM read_csv(${literal(vfile)},
        header = true, skip = ${sniff.headerLine}, delim = ${literal(sniff.delimiter)}, quote = '"', escape = '"',
        columns = ${columnsStruct}, auto_detect = false, null_padding = true,
        nullstr = [${NULL_TOKENS.map(literal).join(', ')}],
        store_rejects = true, rejects_table = ${literal(rej)}, rejects_scan = ${literal(`${rej}_scan`)})`)
  } catch (e) {
    await db.dropFile(vfile)
    return failure(file, `文件“${file}”无法解析:${(e as Error).message}`, { encoding, delimiter: sniff.delimiter, kind: kind.key })
  }
  const issues: LoadIssue[] = []
  try {
    const firstDataLine = sniff.headerLine + 2
    let rowsRead = 0
    let nullCells = 0
    if (fast) {
      rowsRead = fast.rowsRead
      nullCells = fast.nullCells
      for (const r of fast.structural) issues.push({ file, line: r.line, column: r.column, kind: 'structure', value: r.value, message: structuralMessage(r.errorType) })
      for (const [key, rows] of Object.entries(fast.missingRequired)) {
        const column = names[match.columns[key] as number] as string
        for (const row of rows) issues.push({ file, line: row + firstDataLine - 1, column, kind: 'missing_required', value: null, message: '必填值为空' })
      }
    } else {
      const structural = await db.query<{ line: number; column_name: string | null; csv_line: string | null; error_type: string; error_message: string }>(
        `SELECT line, column_name, csv_line, error_type::VARCHAR AS error_type, error_message FROM ${ident(rej)} ORDER BY line`,
      )
      for (const r of structural) {
        issues.push({ file, line: r.line, column: r.column_name, kind: 'structure', value: r.csv_line, message: structuralMessage(r.error_type) })
      }
      const [{ n: rawRows } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(raw)}`)
      rowsRead = rawRows
      const select: string[] = ['__row']
      for (const field of kind.fields) {
        const idx = match.columns[field.key]
        if (idx == null) {
          select.push(`CAST(NULL AS ${SQL_TYPE[field.type]}) AS ${ident(field.key)}`)
          continue
        }
        const src = ident(names[idx] as string)
        const expr = typedExpr(field, src, sniff.decimalComma)
        select.push(`${expr} AS ${ident(field.key)}`)
        const [{ nulls } = { nulls: 0 }] = await db.query<{ nulls: number }>(`SELECT count(*) FILTER (WHERE ${src} IS NULL OR trim(${src}) = '') AS nulls FROM ${ident(raw)}`)
        nullCells += nulls
        if (field.type !== 'text') {
          const bad = await db.query<{ __row: number; v: string }>(
            `SELECT __row, ${src} AS v FROM ${ident(raw)} WHERE trim(${src}) <> '' AND (${expr}) IS NULL ORDER BY __row LIMIT ${ISSUE_LIMIT_PER_COLUMN}`,
          )
          for (const b of bad) {
            issues.push({ file, line: b.__row + firstDataLine - 1, column: names[idx] as string, kind: 'type', value: b.v, message: typeMessage(field.type) })
          }
        }
        if (field.required) {
          const empty = await db.query<{ __row: number }>(`SELECT __row FROM ${ident(raw)} WHERE (${expr}) IS NULL ORDER BY __row LIMIT ${ISSUE_LIMIT_PER_COLUMN}`)
          for (const b of empty) {
            if (!issues.some((i) => i.line === b.__row + firstDataLine - 1 && i.column === names[idx])) {
              issues.push({ file, line: b.__row + firstDataLine - 1, column: names[idx] as string, kind: 'missing_required', value: null, message: '必填值为空' })
            }
          }
        }
      }
      await db.exec(`CREATE OR REPLACE TABLE ${ident(stage)} AS ${stageSql(`SELECT ${select.join(', ')} FROM ${ident(raw)}`)}`)
    }
    issues.push(...(await kindRuleIssues(db, kind, stage, file, firstDataLine, names, match.columns)))
    const requiredKeys = kind.fields.filter((fd) => fd.required).map((fd) => ident(fd.key))
    // Rows without their required values cannot be used; they are reported above and left out.
    if (requiredKeys.length && (!fast || Object.keys(fast.missingRequired).length > 0)) await db.exec(`DELETE FROM ${ident(stage)} WHERE ${requiredKeys.map((k) => `${k} IS NULL`).join(' OR ')}`)
    const [{ n: rowsLoaded } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(stage)}`)
    if (rowsLoaded === 0) {
      await db.exec(`DROP TABLE IF EXISTS ${ident(stage)}`)
      return failure(file, `文件“${file}”没有可加载的数据行`, { encoding, delimiter: sniff.delimiter, kind: kind.key, rowsRead, issues })
    }
    await swapIn(db, stage, kind.table)
    // perf (issue 6): derived daily values from hourly data, AQI for daily files without one, summary tables.
    await afterLoad(db, kind.key, { hasAqi: 'aqi' in match.columns })
    const asOf = await latestDate(db, kind)
    return { ok: true, fileName: file, kind: kind.key, table: kind.table, encoding, delimiter: sniff.delimiter, rowsRead, rowsLoaded, nullCells, issues, error: null, asOf }
  } catch (e) {
    await db.exec(`DROP TABLE IF EXISTS ${ident(stage)}`).catch(() => undefined)
    return failure(file, `文件“${file}”加载失败:${(e as Error).message}`, { encoding, delimiter: sniff.delimiter, kind: kind.key, issues })
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(raw)}; DROP TABLE IF EXISTS ${ident(rej)}; DROP TABLE IF EXISTS ${ident(`${rej}_scan`)}`).catch(() => undefined)
    await db.dropFile(vfile).catch(() => undefined)
  }
}

/** Replace the canonical table in one transaction: readers see the old table or the new one. */
async function swapIn(db: Db, stage: string, table: string): Promise<void> {
  await db.exec('BEGIN TRANSACTION')
  try {
    await db.exec(`DROP TABLE IF EXISTS ${ident(table)}; ALTER TABLE ${ident(stage)} RENAME TO ${ident(table)}`)
    await db.exec('COMMIT')
  } catch (e) {
    await db.exec('ROLLBACK')
    throw e
  }
}

async function latestDate(db: Db, kind: KindDef): Promise<string | null> {
  // The ledger's as-of is an event (the progress report date), not a column; see the events table.
  const col = { air_daily: 'max(date)', air_hourly: 'max(time)::DATE', complaints_monthly: 'max(last_day(month))', events: 'max(date)', ledger: null, enforcement_yearly: null }[kind.key]
  if (!col) return null
  const [r] = await db.query<{ d: string | null }>(`SELECT ${col} AS d FROM ${ident(kind.table)}`)
  return r?.d ?? null
}

async function kindRuleIssues(db: Db, kind: KindDef, stage: string, file: string, firstDataLine: number, names: string[], columns: Record<string, number>): Promise<LoadIssue[]> {
  const out: LoadIssue[] = []
  const colName = (key: string) => (columns[key] != null ? (names[columns[key] as number] as string) : key)
  const line = (row: number) => row + firstDataLine - 1
  const keyCols = kind.keyFields.map(ident).join(', ')
  const dupes = await db.query<{ __row: number; k: string }>(
    `SELECT __row, concat_ws(' / ', ${keyCols})::VARCHAR AS k FROM (SELECT *, count(*) OVER (PARTITION BY ${keyCols}) AS c, row_number() OVER (PARTITION BY ${keyCols} ORDER BY __row) AS i FROM ${ident(stage)} WHERE ${kind.keyFields.map((k) => `${ident(k)} IS NOT NULL`).join(' AND ')}) WHERE c > 1 AND i > 1 ORDER BY __row LIMIT 200`,
  )
  for (const d of dupes) out.push({ file, line: line(d.__row), column: colName(kind.keyFields[0] as string), kind: 'duplicate_key', value: d.k, message: '编号/键重复' })
  if (kind.key !== 'ledger') return out
  const unknown = await db.query<{ __row: number; v: string }>(`SELECT __row, status_raw AS v FROM ${ident(stage)} WHERE status IS NULL AND status_raw IS NOT NULL ORDER BY __row`)
  for (const u of unknown) out.push({ file, line: line(u.__row), column: colName('status_raw'), kind: 'unknown_status', value: u.v, message: '无法识别的整改状态(应为 已销号 / 正在推进 / 长期坚持 之一)' })
  const order = await db.query<{ __row: number; v: string }>(`SELECT __row, closed_on::VARCHAR AS v FROM ${ident(stage)} WHERE closed_on < found_on ORDER BY __row`)
  for (const o of order) out.push({ file, line: line(o.__row), column: colName('closed_on'), kind: 'date_order', value: o.v, message: '销号时间早于发现时间' })
  const noDeadline = await db.query<{ __row: number }>(`SELECT __row FROM ${ident(stage)} WHERE deadline IS NULL AND status IS DISTINCT FROM 'long_term' ORDER BY __row`)
  for (const n of noDeadline) out.push({ file, line: line(n.__row), column: colName('deadline'), kind: 'no_deadline', value: null, message: '非长期整改事项缺少整改时限' })
  return out
}

function structuralMessage(type: string): string {
  switch (type) {
    case 'TOO_MANY_COLUMNS':
      return '该行字段数多于表头'
    case 'MISSING_COLUMNS':
      return '该行字段数少于表头'
    case 'UNQUOTED_VALUE':
      return '引号使用不正确'
    case 'INVALID_UNICODE':
      return '该行含有无效字符(编码错误)'
    case 'LINE_SIZE_OVER_MAXIMUM':
      return '该行过长'
    default:
      return `无法解析的行(${type})`
  }
}

function typeMessage(type: FieldDef['type']): string {
  return type === 'number' ? '不是有效数值' : type === 'month' ? '不是有效月份' : type === 'datetime' ? '不是有效日期时间' : '不是有效日期'
}

/**
 * CSV intake into DuckDB: bytes → UTF-8 → read_csv (all VARCHAR, rejects kept with their line) → typed
 * staging table → validation issues → atomic swap into the kind's canonical table (replace, append
 * deduplicated on the kind's key, or a separate version table). Bad data is reported as issues, never
 * thrown; a failed or cancelled load leaves every existing table as it was.
 */
import { BinaryFileError, byteMarksAsync, headText, normalizeMixedNewlines, SCAN_WINDOW, toUtf8Async, type Encoding } from '../csv/decode'
import { nextTask, pacer } from '../csv/gb18030'
import { applyMapping, binaryMessage } from '../csv/inspect'
import { loaderText, type LoaderKey, type LoaderMessage } from '../i18n/loader'
import { NULL_TOKENS, sampleNullTokens, tokensIn } from '../csv/nullTokens'
import { DATE_PARTS, detectKind, kindByKey, matchKind, partKey, type FieldDef, type HeaderMatch, type KindDef, type LoadKind } from '../csv/kinds'
import { ownTableProblems, type OwnTable } from '../csv/ownTable'
import { sniffCsv } from '../csv/sniff'
import { STATUS_SYNONYMS } from '../domain/ledger'
import { afterLoad } from './preagg'
import { tableExists } from './queries'
import { ident, literal } from './sql'
import type { Db } from './types'

export type IssueKind = 'encoding' | 'header' | 'structure' | 'type' | 'missing_required' | 'duplicate_key' | 'unknown_status' | 'date_order' | 'no_deadline'

export interface LoadIssue {
  file: string
  /** 1-based line in the file (title and header lines counted), when the issue belongs to a row. */
  line: number | null
  column: string | null
  kind: IssueKind
  value: string | null
  /** Chinese text (the CSV report); `msg` renders it in the user's language. */
  message: string
  msg: LoaderMessage
}

/** replace: the file becomes the table; append: rows added, a row with the same key replaces the old one; version: loaded next to the current table. */
export type LoadMode = 'replace' | 'append' | 'version'

export type LoadStage = 'decode' | 'parse' | 'validate' | 'swap'

export type CoUnit = 'mg' | 'ug'

export interface LoadRequest {
  fileName: string
  bytes: Uint8Array
  encoding?: Encoding
  kind?: LoadKind
  /** With `kind`: field key → source header, from the column-mapping form. */
  columns?: Record<string, string>
  /** With kind 'own': the user's table and fields (loaded like a kind, into that table). */
  own?: OwnTable
  mode?: LoadMode
  /** Unit of a CO column when the file does not make it obvious. */
  coUnit?: CoUnit
  onProgress?: (stage: LoadStage) => void
  signal?: AbortSignal
  /** 'checked' skips the typed first attempt (tests compare both paths on the same file). */
  path?: 'checked'
}

export interface LoadResult {
  ok: boolean
  fileName: string
  kind: LoadKind | null
  /** Table the rows went into (a version table `<table>__vN` in version mode). */
  table: string | null
  encoding: Encoding | null
  delimiter: string | null
  /** Data rows found in the file, including rows rejected for their structure. */
  rowsRead: number
  /** Rows of this file now in `table`. */
  rowsLoaded: number
  /** Missing-value tokens and empty cells turned into NULL, in mapped columns. */
  nullCells: number
  issues: LoadIssue[]
  /** Why nothing was loaded, when ok is false (Chinese; `errorMsg` in the user's language). */
  error: string | null
  errorMsg: LoaderMessage | null
  /** Latest date in the data (ISO), for "数据截至". */
  asOf: string | null
  mode: LoadMode
  /** Rows in `table` after the load (differs from rowsLoaded when appending). */
  rowsTotal: number
  /** Append: existing rows replaced by a row of this file with the same key. */
  rowsReplaced: number
  /** CO unit found in the file; values are stored in mg/m³. */
  coUnit: CoUnit | null
  /** What the user must decide before this file can load, when ok is false. */
  needs: 'mapping' | 'co_unit' | null
  /**
   * typed: the file read cleanly with the kind's column types (one native pass); checked: every cell
   * went through the tolerant conversions (odd dates, decimal commas, bad values reported per cell).
   */
  path: 'typed' | 'checked' | null
  /** Milliseconds per stage (derive = hourly → daily and summary tables). */
  timings: LoadTimings
}

export interface LoadTimings {
  decode: number
  parse: number
  /** Of `parse`: the read_csv statements alone (the rest is the line scans, registering, the rejects count). */
  read: number
  validate: number
  swap: number
  derive: number
}

export { NULL_TOKENS }

const ISSUE_LIMIT_PER_COLUMN = 200
/** Above this, CO values are µg/m³ (ambient CO in mg/m³ is far below it). */
const CO_UG_THRESHOLD = 20

let loadSeq = 0

class Cancelled extends Error {}

const say = (key: LoaderKey, params?: LoaderMessage['params']): LoaderMessage => ({ key, ...(params ? { params } : {}) })
const cancelledMessage = (file: string) => say('cancelled', { file })

/** An issue whose text comes from the message catalogue. */
function issue(base: Omit<LoadIssue, 'message' | 'msg'>, msg: LoaderMessage): LoadIssue {
  return { ...base, message: loaderText(msg), msg }
}

function failure(fileName: string, msg: LoaderMessage, partial: Partial<LoadResult> = {}): LoadResult {
  return {
    ok: false, fileName, kind: null, table: null, encoding: null, delimiter: null, rowsRead: 0, rowsLoaded: 0, nullCells: 0, issues: [], error: loaderText(msg), errorMsg: msg, asOf: null,
    mode: 'replace', rowsTotal: 0, rowsReplaced: 0, coUnit: null, needs: null, path: null, timings: { decode: 0, parse: 0, read: 0, validate: 0, swap: 0, derive: 0 }, ...partial,
  }
}

/** SQL turning a trimmed VARCHAR into a DATE, accepting the formats Chinese exports use. */
export function dateExpr(col: string): string {
  const c = `trim(${col})`
  const d = `split_part(replace(${c}, 'T', ' '), ' ', 1)`
  // DuckDB's own cast first: it takes ISO and slashed dates (with or without a time) and is far
  // cheaper than strptime; the formats below only run for the rows it leaves NULL.
  return `COALESCE(
    TRY_CAST(${c} AS DATE),
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
    TRY_CAST(trim(${col}) AS TIMESTAMP),
    try_strptime(${c}, '%Y-%m-%d %H:%M:%S'),
    try_strptime(${c}, '%Y-%m-%d %H:%M'),
    try_strptime(${c}, '%Y/%m/%d %H:%M:%S'),
    try_strptime(${c}, '%Y/%m/%d %H:%M'),
    try_strptime(${c}, '%Y年%m月%d日 %H时'),
    try_strptime(${c}, '%Y年%m月%d日%H时'),
    CASE WHEN regexp_full_match(trim(${col}), '\\d{5}\\.\\d+') THEN TIMESTAMP '1899-12-30 00:00:00' + to_microseconds(CAST(round(CAST(trim(${col}) AS DOUBLE) * 86400e6) AS BIGINT)) END,
    CAST(${dateExpr(col)} AS TIMESTAMP))`
}

function numberExpr(col: string, decimalComma: boolean): string {
  const c = `trim(${col})`
  if (decimalComma) return `TRY_CAST(CASE WHEN contains(${c}, ',') THEN replace(replace(${c}, '.', ''), ',', '.') ELSE ${c} END AS DOUBLE)`
  // Excel writes thousands separators into quoted cells: "1,234.5". The plain cast goes first.
  return `COALESCE(TRY_CAST(${col} AS DOUBLE), CASE WHEN regexp_full_match(${c}, '[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?') THEN TRY_CAST(replace(${c}, ',', '') AS DOUBLE) END)`
}

function typedExpr(field: FieldDef, col: string, decimalComma: boolean): string {
  switch (field.type) {
    case 'text':
      return `NULLIF(trim(${col}), '')`
    case 'number':
      return numberExpr(col, decimalComma)
    case 'date':
      return dateExpr(col)
    case 'month':
      return monthExpr(col)
    case 'datetime':
      return datetimeExpr(col)
  }
}

/** A date (or hour) from separate year, month, day (and hour) columns; bad parts give NULL, reported as a bad value. */
function assembledExpr(field: FieldDef, parts: string[]): string {
  const n = (c: string) => `TRY_CAST(trim(${c}) AS INTEGER)`
  const [y, m, d, h] = parts as [string, string, string, string | undefined]
  const date = `TRY_CAST(printf('%04d-%02d-%02d', ${n(y)}, ${n(m)}, ${n(d)}) AS DATE)`
  if (field.type === 'date' || h == null) return field.type === 'datetime' ? `CAST(${date} AS TIMESTAMP)` : date
  // Monitoring platforms number hours 0–23 or 1–24 (24 = midnight ending the day).
  return `CASE WHEN ${n(h)} BETWEEN 0 AND 24 THEN CAST(${date} AS TIMESTAMP) + to_hours(${n(h)}) END`
}

/**
 * Column types for the typed first read: every mapped field straight from one column, of a type
 * DuckDB's reader converts exactly as the tolerant path's first cast would (TRY_CAST). Null when
 * some field needs the tolerant path anyway (months, assembled dates, decimal commas).
 */
export function typedReadTypes(mapped: ReadonlyArray<{ field: FieldDef; idx: number | null }>, names: readonly string[], decimalComma: boolean): Record<string, string> | null {
  const types: Record<string, string> = {}
  for (const { field, idx } of mapped) {
    if (idx == null || field.type === 'month' || (field.type === 'number' && decimalComma)) return null
    const name = names[idx] as string
    const type = SQL_TYPE[field.type]
    if (types[name] != null && types[name] !== type) return null
    types[name] = type
  }
  return types
}

/** A kind's field and the source it is read from: one column (idx), or date parts assembled. */
interface MappedField {
  field: FieldDef
  header: string
  idx: number | null
  src: string
  expr: string
}

const SQL_TYPE: Record<FieldDef['type'], string> = { text: 'VARCHAR', number: 'DOUBLE', date: 'DATE', month: 'DATE', datetime: 'TIMESTAMP' }

function statusCase(col: string): string {
  const arms = STATUS_SYNONYMS.map(([bucket, words]) => `WHEN lower(trim(${col})) IN (${words.map((w) => literal(w.toLowerCase())).join(', ')}) THEN ${literal(bucket)}`)
  return `CASE ${arms.join(' ')} END`
}

/** Raw values shown in issues are cut here: a 10 MB cell must not become 10 MB of DOM. */
const ISSUE_VALUE_MAX = 200

export function clipValue(v: string): string {
  return v.length > ISSUE_VALUE_MAX ? `${v.slice(0, ISSUE_VALUE_MAX)}…` : v
}

/**
 * Records (numbered from 1 at the top of the file, as DuckDB numbers lines) that hold quoted line
 * breaks, with how many. Only a file with a quote character can have them (`hasQuote`, from the
 * pass over the bytes), so the common numeric export returns at once; otherwise one pass over the bytes.
 */
export async function multilineRecords(utf8: Uint8Array, hasQuote: boolean, limit = 100_000): Promise<Array<[number, number]>> {
  const out: Array<[number, number]> = []
  if (!hasQuote) return out
  let record = 1
  let inQuote = false
  let extra = 0
  const due = pacer(SCAN_WINDOW)
  for (let i = 0; i < utf8.length; i++) {
    if (due(i)) await nextTask()
    const b = utf8[i]
    if (b === 0x22) inQuote = !inQuote
    else if (b === 0x0a || b === 0x0d) {
      if (b === 0x0d && utf8[i + 1] === 0x0a) i++
      if (inQuote) extra++
      else {
        if (extra > 0) {
          out.push([record, extra])
          if (out.length >= limit) return out
          extra = 0
        }
        record++
      }
    }
  }
  if (extra > 0) out.push([record, extra])
  return out
}

/**
 * DuckDB numbers rows and rejects by record, but a quoted cell may span lines. Given each record that
 * spans more than one line (record number → extra lines), map a record number to its line in the file.
 */
export function physicalLine(record: number, extra: ReadonlyArray<readonly [number, number]>): number {
  let line = record
  for (const [r, n] of extra) {
    if (r < record) line += n
    else break
  }
  return line
}

/** Unique, non-empty column names for read_csv (blank and duplicate headers happen in exports). */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>()
  return headers.map((h, i) => {
    let name = h.trim() || `column${i + 1}`
    let n = 2
    while (seen.has(name)) name = `${h.trim() || `column${i + 1}`}_${n++}`
    seen.add(name)
    return name
  })
}

/**
 * Line in the file of the k-th parsed data row (1-based): data rows are consecutive lines from
 * `firstDataLine`, except the lines read_csv rejected (sorted ascending), which hold no row.
 */
export function lineOfRow(k: number, firstDataLine: number, rejectedLines: readonly number[]): number {
  let line = firstDataLine + k - 1
  for (const r of rejectedLines) {
    if (r <= line) line++
    else break
  }
  return line
}

function chooseMatch(req: LoadRequest, headers: readonly string[]): HeaderMatch | null {
  if (req.kind === 'own') return req.own ? applyMapping({ kind: 'own', columns: req.columns ?? {}, own: req.own }, headers) : null
  if (req.kind && req.columns) return applyMapping({ kind: req.kind, columns: req.columns }, headers)
  if (req.kind) return matchKind(kindByKey(req.kind), headers)
  return detectKind(headers)
}

/** Unit written in a CO header, e.g. 'CO(mg/m³)'. */
export function coUnitFromHeader(header: string): CoUnit | null {
  const h = header.normalize('NFKC').toLowerCase()
  if (/mg/.test(h)) return 'mg'
  if (/[uμµ]g/.test(h)) return 'ug'
  return null
}

export async function loadCsv(db: Db, req: LoadRequest): Promise<LoadResult> {
  const started = performance.now()
  const file = req.fileName
  const mode = req.mode ?? 'replace'
  req.onProgress?.('decode')
  let decoded
  try {
    decoded = await toUtf8Async(req.bytes, file, req.encoding)
  } catch (e) {
    if (e instanceof BinaryFileError) return failure(file, binaryMessage(file, e.detected), { mode })
    if (e instanceof RangeError || e instanceof TypeError) return failure(file, say('undecodableFile', { file }), { mode })
    throw e
  }
  const { encoding } = decoded
  // One pass over the bytes tells whether the line ends are mixed and whether quoted line breaks may shift lines.
  const marks = decoded.marks ?? (await byteMarksAsync(decoded.utf8))
  const utf8 = (await normalizeMixedNewlines(decoded.utf8, marks)) ?? decoded.utf8
  const head = headText(utf8, 'utf-8')
  if (head.trim() === '') return failure(file, say('empty', { file }), { encoding, mode })
  const sniff = sniffCsv(head)
  if (sniff.headers.length === 0) return failure(file, say('noHeader', { file }), { encoding, mode })
  const base = { encoding, delimiter: sniff.delimiter, mode }
  // An own table must never take a table the dashboard owns, whatever the stored mapping says.
  if (req.kind === 'own' && (!req.own || ownTableProblems(req.own).length > 0)) {
    return failure(file, say('ownTableInvalid', { file }), { ...base, kind: 'own', needs: 'mapping' })
  }
  const match = chooseMatch(req, sniff.headers)
  if (!match) {
    return failure(file, say('unknownHeaders', { file, headers: `${sniff.headers.slice(0, 6).join(', ')}${sniff.headers.length > 6 ? '…' : ''}` }), {
      ...base, needs: 'mapping',
    })
  }
  if (match.missingRequired.length > 0) {
    return failure(file, say('missingColumns', { file, columns: match.missingRequired.join(', ') }), { ...base, kind: match.kind.key, needs: 'mapping' })
  }
  const kind = match.kind
  const early: LoadIssue[] = []
  if (decoded.undecodable) {
    const u = decoded.undecodable
    early.push(issue({ file, line: u.line, column: null, kind: 'encoding', value: clipValue(u.text) }, say('undecodableBytes', { count: u.count })))
  }
  early.push(...duplicateHeaderIssues(file, sniff.headerLine + 1, sniff.headers))
  const seq = ++loadSeq
  const vfile = `upload_${seq}.csv`
  const rej = `__rej_${seq}`
  const stage = `__stage_${kind.table}_${seq}`
  const names = uniqueHeaders(sniff.headers)
  const checkCancel = () => {
    if (req.signal?.aborted) throw new Cancelled()
  }
  if (req.signal?.aborted) return failure(file, cancelledMessage(file), { ...base, kind: kind.key })
  const mapped = kind.fields.flatMap((field): MappedField[] => {
    const idx = match.columns[field.key]
    if (idx != null) {
      const src = ident(names[idx] as string)
      return [{ field, header: names[idx] as string, idx, src, expr: typedExpr(field, src, sniff.decimalComma) }]
    }
    const parts = DATE_PARTS.filter((p) => match.columns[partKey(field.key, p)] != null).map((p) => names[match.columns[partKey(field.key, p)] as number] as string)
    if (parts.length < 3) return []
    return [{ field, header: parts.join('+'), idx: null, src: `concat_ws('-', ${parts.map(ident).join(', ')})`, expr: assembledExpr(field, parts.map(ident)) }]
  })
  // One pass over the file: typed values, and for each typed column the raw text of cells that did
  // not convert (NULL otherwise), so issues never need a second scan of the raw text.
  const inner = [
    ...kind.fields.map((field) => {
      const m = mapped.find((x) => x.field === field)
      return m ? `${m.expr} AS ${ident(field.key)}` : `CAST(NULL AS ${SQL_TYPE[field.type]}) AS ${ident(field.key)}`
    }),
    ...mapped.map((m, i) => `${m.src} AS __src_${i}`),
  ]
  const outer = [
    ROW_NUMBER,
    ...kind.fields.map((f) => ident(f.key)),
    ...mapped.map((m, i) => (m.field.type === 'text' ? `NULL::VARCHAR AS __bad_${i}` : `CASE WHEN ${ident(m.field.key)} IS NULL THEN NULLIF(trim(__src_${i}), '') END AS __bad_${i}`)),
  ]
  req.onProgress?.('parse')
  const timings: LoadTimings = { decode: 0, parse: 0, read: 0, validate: 0, swap: 0, derive: 0 }
  let clock = performance.now()
  const lap = (stage: keyof LoadTimings) => {
    const now = performance.now()
    timings[stage] += now - clock
    clock = now
  }
  timings.decode = clock - started
  // Records spanning several lines (quoted line breaks) shift the lines of every later record.
  // Counted before registering: registering transfers (empties) the buffer.
  const extra = await multilineRecords(utf8, marks.quote)
  const readCsv = (types: Record<string, string>, nulls: readonly string[] = NULL_TOKENS) => `read_csv(${literal(vfile)},
        header = true, skip = ${sniff.headerLine}, delim = ${literal(sniff.delimiter)}, quote = '"', escape = '"',
        columns = {${names.map((n) => `${literal(n)}: ${literal(types[n] ?? 'VARCHAR')}`).join(', ')}}, auto_detect = false,
        nullstr = [${nulls.map(literal).join(', ')}],
        store_rejects = true, rejects_table = ${literal(rej)}, rejects_scan = ${literal(`${rej}_scan`)})`
  const typedTypes = req.path === 'checked' ? null : typedReadTypes(mapped, names, sniff.decimalComma)
  // The typed read lists only the missing-value tokens a sample of the file holds (each listed token
  // costs on every cell). One the sample missed rejects its row in a typed column (the read is then
  // redone with all of them) and stays as written in a text column (set to NULL below).
  let tokens = typedTypes ? sampleNullTokens(utf8, sniff.delimiter) : NULL_TOKENS
  let path: 'typed' | 'checked' = 'checked'
  const timedRead = async (sql: string) => {
    const t0 = performance.now()
    await db.exec(sql)
    timings.read += performance.now() - t0
  }
  await db.registerFile(vfile, utf8)
  try {
    if (typedTypes) {
      // First attempt: DuckDB converts while it reads, as fast as a bare read_csv. Any rejected row
      // (a value that is not of its column's type, a ragged or broken line) sends the whole file
      // down the tolerant path below, which converts and reports cell by cell.
      const cols = kind.fields.map((field) => {
        const m = mapped.find((x) => x.field === field)
        return m ? `${m.src} AS ${ident(field.key)}` : `CAST(NULL AS ${SQL_TYPE[field.type]}) AS ${ident(field.key)}`
      })
      const typedRead = async () => {
        await timedRead(`CREATE OR REPLACE TABLE ${ident(stage)} AS SELECT ${ROW_NUMBER}, ${cols.join(', ')} FROM ${readCsv(typedTypes, tokens)}`)
        const [{ n } = { n: 1 }] = await db.query<{ n: number }>(`SELECT count(*)::INT AS n FROM ${ident(rej)}`)
        return n
      }
      let n = await typedRead()
      if (n > 0 && tokens.length < NULL_TOKENS.length) {
        const lines = await db.query<{ csv_line: string | null }>(`SELECT csv_line FROM ${ident(rej)} LIMIT 1000`)
        const seen = tokensIn(lines.map((l) => l.csv_line ?? '').join('\n'), sniff.delimiter, new Set())
        if (NULL_TOKENS.some((t) => seen.has(t) && !tokens.includes(t))) {
          await dropAll(db, [stage, rej, `${rej}_scan`])
          tokens = NULL_TOKENS
          n = await typedRead()
        }
      }
      if (n === 0) path = 'typed'
      else await dropAll(db, [stage, rej, `${rej}_scan`])
    }
    // No null_padding: with it DuckDB 1.4 aborts on a row with too many fields instead of rejecting it.
    // Insertion order is kept, so rowid + 1 is the row's position among the parsed rows.
    if (path === 'checked') await timedRead(`CREATE OR REPLACE TABLE ${ident(stage)} AS SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${readCsv({})})`)
  } catch (e) {
    await db.dropFile(vfile)
    await dropAll(db, [stage, rej, `${rej}_scan`])
    return failure(file, say('unparsable', { file, detail: (e as Error).message }), { ...base, kind: kind.key })
  }
  lap('parse')
  const checked = path === 'checked'
  const issues: LoadIssue[] = [...early]
  let coUnit: CoUnit | null = null
  try {
    checkCancel()
    req.onProgress?.('validate')
    const firstDataLine = sniff.headerLine + 2
    const structural = await db.query<{ line: number; column_name: string | null; csv_line: string | null; error_type: string }>(
      `SELECT line, column_name, csv_line, error_type::VARCHAR AS error_type FROM ${ident(rej)} ORDER BY line LIMIT 100000`,
    )
    const rejectedLines = [...new Set(structural.map((r) => r.line))]
    const recordOf = (row: number) => lineOfRow(row, firstDataLine, rejectedLines)
    const trimmed = (v: string | null) => v?.replace(/^[\r\n]+|[\r\n]+$/g, '') ?? null
    const physical = (record: number) => physicalLine(record, extra)
    // A short row is reported once per missing column by DuckDB; once per line is enough for a reader.
    const perLine = structural.filter((r, i) => i === 0 || r.line !== structural[i - 1]?.line || r.error_type !== structural[i - 1]?.error_type)
    for (const r of perLine.slice(0, 1000)) {
      const value = trimmed(r.csv_line)
      issues.push(issue({ file, line: physical(r.line), column: r.column_name, kind: 'structure', value: value == null ? null : clipValue(value) }, structuralMessage(r.error_type)))
    }
    const line = (row: number) => physical(recordOf(row))

    // Counts of NULLs and of cells that did not convert, for all columns in one aggregate.
    const co = mapped.find((m) => m.field.key === 'co')
    // The checks also count what the kind's rules look for (duplicate keys here, IDs Excel turned into
    // scientific notation with the text checks below): rows are only fetched for the rules that found something.
    const sciKeys = sciNotationKeys(kind, match.columns)
    const keyNotNull = kind.keyFields.map((k) => `${ident(k)} IS NOT NULL`).join(' AND ')
    // After the typed read, text holds the cells as written: values the tolerant path would have
    // trimmed are looked for among each text column's distinct values (exports repeat station names,
    // units and levels: a few dozen values instead of every cell); only when there are some are the
    // cells trimmed and counted again.
    const untrimmed = checked ? [] : mapped.filter((m) => m.field.type === 'text').map((m) => m.field.key)
    const countSql = `SELECT count(*) AS n${mapped.map((m, i) => `, count(*) - count(${ident(m.field.key)}) AS z${i}, ${checked ? `count(__bad_${i})` : '0'} AS b${i}`).join('')}${co ? ', min(co) AS co_lo, max(co) AS co_hi' : ''}
        ${kind.keyFields.length ? `, count(*) FILTER (WHERE ${keyNotNull}) - count(DISTINCT hash(${kind.keyFields.map(ident).join(', ')})) FILTER (WHERE ${keyNotNull}) AS dup` : ''}
        ${kind.key === 'air_hourly' ? `, count(*) FILTER (WHERE epoch_us("time") % 3600000000 <> 0) AS off_hour` : ''}
        FROM ${ident(stage)}`
    // Text checks (a trim, Excel's scientific notation) look at each column's distinct values in a
    // query of their own: string functions in the aggregate above cost several times more.
    const textCols = [...new Set([...untrimmed, ...sciKeys])]
    // Missing-value tokens the typed read did not list: still text in a text column.
    const unlisted = checked ? [] : NULL_TOKENS.filter((t) => !tokens.includes(t))
    const isUnlisted = (col: string) => (unlisted.length ? `${col} IN (${unlisted.map(literal).join(', ')})` : 'false')
    const textSql = textCols
      .map((k) => `SELECT ${literal(k)} AS k, count(*) FILTER (WHERE ${needsTrim('v')}) AS tr, count(*) FILTER (WHERE ${sciNotationSql('v')}) AS sci, count(*) FILTER (WHERE ${isUnlisted('v')}) AS nt FROM (SELECT DISTINCT ${ident(k)} AS v FROM ${ident(stage)})`)
      .join(' UNION ALL ')
    const textCounts = async () => new Map((textSql ? await db.query<{ k: string; tr: number; sci: number; nt: number }>(textSql) : []).map((r) => [r.k, r]))
    let [counts = {}] = await db.query<Record<string, number>>(countSql)
    let text = await textCounts()
    const toNull = untrimmed.filter((k) => Number(text.get(k)?.nt ?? 0) > 0)
    const toTrim = untrimmed.filter((k) => Number(text.get(k)?.tr ?? 0) > 0)
    if (toTrim.length > 0 || toNull.length > 0) {
      for (const k of toNull) await db.exec(`UPDATE ${ident(stage)} SET ${ident(k)} = NULL WHERE ${isUnlisted(ident(k))}`)
      for (const k of toTrim) await db.exec(`UPDATE ${ident(stage)} SET ${ident(k)} = NULLIF(trim(${ident(k)}), '') WHERE ${needsTrim(ident(k))}`)
      ;[counts = {}] = await db.query<Record<string, number>>(countSql)
      text = await textCounts()
    }
    const num = (k: string) => Number(counts[k] ?? 0)
    const parsedRows = num('n')
    const rowsRead = parsedRows + rejectedLines.length
    const nullCells = mapped.reduce((sum, _, i) => sum + num(`z${i}`) - num(`b${i}`), 0)
    const checks = mapped.flatMap((m, i) => {
      const out: string[] = []
      if (num(`b${i}`) > 0) out.push(`(SELECT ${i} AS f, 'type' AS k, rowid + 1 AS r, __bad_${i} AS v FROM ${ident(stage)} WHERE __bad_${i} IS NOT NULL ORDER BY rowid LIMIT ${ISSUE_LIMIT_PER_COLUMN})`)
      if (m.field.required && num(`z${i}`) > num(`b${i}`)) {
        out.push(`(SELECT ${i} AS f, 'missing_required' AS k, rowid + 1 AS r, NULL AS v FROM ${ident(stage)} WHERE ${ident(m.field.key)} IS NULL${checked ? ` AND __bad_${i} IS NULL` : ''} ORDER BY rowid LIMIT ${ISSUE_LIMIT_PER_COLUMN})`)
      }
      return out
    })
    if (checks.length) {
      const bad = await db.query<{ f: number; k: 'type' | 'missing_required'; r: number; v: string | null }>(`SELECT * FROM (${checks.join(' UNION ALL ')}) ORDER BY r, f`)
      for (const b of bad) {
        const m = mapped[b.f] as (typeof mapped)[number]
        issues.push(issue({ file, line: line(b.r), column: m.header, kind: b.k, value: b.v == null ? null : clipValue(b.v) }, b.k === 'type' ? typeMessage(m.field.type) : say('requiredEmpty')))
      }
    }
    inLineOrder(issues)
    checkCancel()
    if (co) {
      const decided = decideCoUnit(counts.co_lo ?? null, counts.co_hi ?? null, co.header, req.coUnit)
      if (decided === 'ask') {
        return failure(file, say('coUnitAsk', { file, threshold: CO_UG_THRESHOLD }), {
          ...base, kind: kind.key, rowsRead, issues, needs: 'co_unit',
        })
      }
      coUnit = decided
    }
    // The staging table becomes the canonical one in place (a copy of a large table costs as much
    // as reading it): drop the helper columns, leave out unusable rows, convert units, add the status.
    // Rows without their required values cannot be used; they are reported above and left out.
    const requiredMissing = mapped.some((m, i) => m.field.required && num(`z${i}`) > 0) || kind.fields.some((f) => f.required && !(f.key in match.columns))
    if (requiredMissing) await db.exec(`DELETE FROM ${ident(stage)} WHERE ${kind.fields.filter((f) => f.required).map((f) => `${ident(f.key)} IS NULL`).join(' OR ')}`)
    if (checked && mapped.length) await db.exec(mapped.map((_, i) => `ALTER TABLE ${ident(stage)} DROP COLUMN __bad_${i};`).join(' '))
    if (coUnit === 'ug') await db.exec(`UPDATE ${ident(stage)} SET co = round(co / 1000, 3)`)
    if (kind.key === 'ledger') await db.exec(`ALTER TABLE ${ident(stage)} ADD COLUMN status VARCHAR; UPDATE ${ident(stage)} SET status = ${statusCase('status_raw')}`)
    const gates = { dup: num('dup'), sci: sciKeys.filter((k) => Number(text.get(k)?.sci ?? 0) > 0) }
    issues.push(...(await kindRuleIssues(db, kind, stage, file, line, names, match.columns, gates)))
    inLineOrder(issues)
    const [{ n: loadedRows } = { n: 0 }] = requiredMissing ? await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(stage)}`) : [{ n: parsedRows }]
    if (loadedRows === 0) {
      const why = rowsRead === 0 ? say('headerOnly', { file }) : say('noUsableRows', { file, rows: rowsRead })
      return failure(file, why, { ...base, kind: kind.key, rowsRead, issues, coUnit })
    }
    checkCancel()
    lap('validate')
    req.onProgress?.('swap')
    let target = kind.table
    let rowsReplaced = 0
    if (mode === 'version') {
      target = await nextVersionName(db, kind.table)
      await db.exec(`ALTER TABLE ${ident(stage)} RENAME TO ${ident(target)}`)
    } else if (mode === 'append' && (await tableExists(db, kind.table))) {
      rowsReplaced = await appendInto(db, kind, stage)
    } else {
      await swapIn(db, stage, kind.table)
    }
    // Derived tables (hourly → daily, AQI for daily files without it, monthly summaries) follow the
    // current table; a version table is a side copy and derives nothing.
    lap('swap')
    // A replaced hourly table with unique keys, all on the hour, has one row per station and hour.
    const uniqueHours = mode === 'replace' && num('dup') === 0 && num('off_hour') === 0
    if (mode !== 'version') await afterLoad(db, kind.key, { hasAqi: 'aqi' in match.columns, uniqueHours })
    lap('derive')
    const [{ n: rowsTotal } = { n: 0 }] = mode === 'append' ? await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(target)}`) : [{ n: loadedRows }]
    const asOf = await latestDate(db, kind, target)
    return { ok: true, fileName: file, kind: kind.key, table: target, ...base, rowsRead, rowsLoaded: loadedRows, nullCells, issues, error: null, errorMsg: null, asOf, rowsTotal, rowsReplaced, coUnit, needs: null, path, timings }
  } catch (e) {
    if (e instanceof Cancelled) return failure(file, cancelledMessage(file), { ...base, kind: kind.key })
    return failure(file, say('failed', { file, detail: (e as Error).message }), { ...base, kind: kind.key, issues })
  } finally {
    // Whatever happened, no staging table or registered buffer outlives the load.
    await dropAll(db, [stage, rej, `${rej}_scan`])
    await db.dropFile(vfile).catch(() => undefined)
  }
}

async function dropAll(db: Db, tables: string[]): Promise<void> {
  await db.exec(tables.map((t) => `DROP TABLE IF EXISTS ${ident(t)};`).join(' ')).catch(() => undefined)
}

/**
 * __row numbers the parsed rows in file order (others rely on the column). The WASM engine reads
 * single-threaded with insertion order kept, so a streaming row_number() follows the scan order
 * (a sequence's nextval costs a lock per row); issue lines below use rowid regardless.
 */
const ROW_NUMBER = 'row_number() OVER () AS __row'

/** The characters DuckDB's trim() removes (Unicode space separators); a query test keeps this list honest. */
export const TRIMMED_CODE_POINTS = [0x20, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x202f, 0x205f, 0x3000]

/**
 * A text cell the tolerant path would change (trim, blank → NULL): a look at its first and last
 * character instead of a trimmed copy of every value.
 */
const needsTrim = (col: string) =>
  `(${col} = '' OR ord(${col}) IN (${TRIMMED_CODE_POINTS.join(', ')}) OR ${TRIMMED_CODE_POINTS.map((c) => `ends_with(${col}, chr(${c}))`).join(' OR ')})`

function decideCoUnit(lo: number | null, hi: number | null, header: string, chosen: CoUnit | undefined): CoUnit | 'ask' {
  if (chosen) return chosen
  const fromHeader = coUnitFromHeader(header)
  if (fromHeader) return fromHeader
  if (hi == null || hi <= CO_UG_THRESHOLD) return 'mg'
  if (lo != null && lo > CO_UG_THRESHOLD) return 'ug'
  return 'ask'
}

/** `<table>__vN` with N one past the highest existing version. */
export async function nextVersionName(db: Db, table: string): Promise<string> {
  const rows = await db.query<{ n: number | null }>(
    `SELECT max(TRY_CAST(regexp_extract(table_name, '__v(\\d+)$', 1) AS INTEGER)) AS n FROM duckdb_tables() WHERE starts_with(table_name, ?)`,
    [`${table}__v`],
  )
  return `${table}__v${(rows[0]?.n ?? 1) + 1}`
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

/** Existing rows whose key the new file also has are replaced by the file's rows; the result is swapped in atomically. */
async function appendInto(db: Db, kind: KindDef, stage: string): Promise<number> {
  // No key (an own table without one): every row of the file is added.
  const same = kind.keyFields.map((k) => `s.${ident(k)} IS NOT DISTINCT FROM t.${ident(k)}`).join(' AND ') || 'false'
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(kind.table)} t WHERE EXISTS (SELECT 1 FROM ${ident(stage)} s WHERE ${same})`)
  const merged = `${stage}_merged`
  try {
    await db.exec(`CREATE TABLE ${ident(merged)} AS
      SELECT * FROM ${ident(kind.table)} t WHERE NOT EXISTS (SELECT 1 FROM ${ident(stage)} s WHERE ${same})
      UNION ALL BY NAME SELECT * FROM ${ident(stage)}`)
    await swapIn(db, merged, kind.table)
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(stage)}; DROP TABLE IF EXISTS ${ident(merged)}`)
  }
  return n
}

async function latestDate(db: Db, kind: KindDef, table: string): Promise<string | null> {
  // The ledger's as-of is an event (the progress report date), not a column; see the events table.
  const col = { air_daily: 'max(date)', air_hourly: 'max(time)::DATE', complaints_monthly: 'max(last_day(month))', events: 'max(date)', ledger: null, enforcement_yearly: null, own: null }[kind.key]
  if (!col) return null
  const [r] = await db.query<{ d: string | null }>(`SELECT ${col} AS d FROM ${ident(table)}`)
  return r?.d ?? null
}

/** Text key fields read from a column: Excel may have saved them as 4.4E+17. */
function sciNotationKeys(kind: KindDef, columns: Record<string, number>): string[] {
  return kind.keyFields.filter((k) => kind.fields.find((fd) => fd.key === k)?.type === 'text' && columns[k] != null)
}

/** The cheap test first: most IDs and names have no E at all. */
const sciNotationSql = (col: string) => `(contains(${col}, 'E') OR contains(${col}, 'e')) AND regexp_full_match(${col}, '[-+]?\\d+(\\.\\d+)?[eE]\\+?\\d+')`

interface RuleGates {
  /** Rows with a key minus distinct key hashes (> 0: duplicates, or a hash collision). */
  dup: number
  /** Key fields with values in scientific notation. */
  sci: string[]
}

/** The report reads top to bottom: by line, issues of the whole file first; within a line, in the order found. */
function inLineOrder(issues: LoadIssue[]): void {
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
}

async function kindRuleIssues(db: Db, kind: KindDef, stage: string, file: string, line: (row: number) => number, names: string[], columns: Record<string, number>, gates: RuleGates): Promise<LoadIssue[]> {
  const out: LoadIssue[] = []
  const colName = (key: string) => (columns[key] != null ? (names[columns[key] as number] as string) : key)
  if (kind.keyFields.length === 0) return out
  const keyCols = kind.keyFields.map(ident).join(', ')
  const keyNotNull = kind.keyFields.map((k) => `${ident(k)} IS NOT NULL`).join(' AND ')
  // Distinct 64-bit hashes are cheap to count; only when they show (or collide into) duplicates are
  // the keys grouped exactly and the rows of duplicated keys ranked.
  const dupes = gates.dup === 0 ? [] : await db.query<{ __row: number; k: string }>(
    `WITH d AS (SELECT ${keyCols} FROM ${ident(stage)} WHERE ${keyNotNull} GROUP BY ALL HAVING count(*) > 1)
     SELECT __row, k FROM (SELECT __row, concat_ws(' / ', ${keyCols})::VARCHAR AS k, row_number() OVER (PARTITION BY ${keyCols} ORDER BY __row) AS i
       FROM ${ident(stage)} SEMI JOIN d USING (${keyCols})) WHERE i > 1 ORDER BY __row LIMIT 200`,
  )
  for (const d of dupes) out.push(issue({ file, line: line(d.__row), column: colName(kind.keyFields[0] as string), kind: 'duplicate_key', value: d.k }, say('duplicateKey')))
  // Excel shows long numeric IDs as 4.4E+17 and saves them that way: the digits are gone.
  for (const key of gates.sci) {
    const sci = await db.query<{ __row: number; v: string }>(`SELECT __row, ${ident(key)} AS v FROM ${ident(stage)} WHERE ${sciNotationSql(ident(key))} ORDER BY __row LIMIT 200`)
    for (const r of sci) out.push(issue({ file, line: line(r.__row), column: colName(key), kind: 'type', value: r.v }, say('sciNotation')))
  }
  if (kind.key !== 'ledger') return out
  const unknown = await db.query<{ __row: number; v: string }>(`SELECT __row, status_raw AS v FROM ${ident(stage)} WHERE status IS NULL AND status_raw IS NOT NULL ORDER BY __row LIMIT 1000`)
  for (const u of unknown) out.push(issue({ file, line: line(u.__row), column: colName('status_raw'), kind: 'unknown_status', value: u.v }, say('unknownStatus')))
  const order = await db.query<{ __row: number; v: string }>(`SELECT __row, closed_on::VARCHAR AS v FROM ${ident(stage)} WHERE closed_on < found_on ORDER BY __row LIMIT 1000`)
  for (const o of order) out.push(issue({ file, line: line(o.__row), column: colName('closed_on'), kind: 'date_order', value: o.v }, say('dateOrder')))
  const noDeadline = await db.query<{ __row: number }>(`SELECT __row FROM ${ident(stage)} WHERE deadline IS NULL AND status IS DISTINCT FROM 'long_term' ORDER BY __row LIMIT 1000`)
  for (const n of noDeadline) out.push(issue({ file, line: line(n.__row), column: colName('deadline'), kind: 'no_deadline', value: null }, say('noDeadline')))
  return out
}

/** Headers that appear twice: only the first of them is used. */
export function duplicateHeaderIssues(file: string, headerLine: number, headers: readonly string[]): LoadIssue[] {
  const first = new Map<string, number>()
  const out: LoadIssue[] = []
  headers.forEach((h, i) => {
    const key = h.trim()
    if (!key) return
    const at = first.get(key)
    if (at == null) first.set(key, i)
    else out.push(issue({ file, line: headerLine, column: key, kind: 'header', value: null }, say('duplicateHeader', { header: key, first: at + 1, second: i + 1 })))
  })
  return out
}

function structuralMessage(type: string): LoaderMessage {
  // DuckDB spells the types with spaces ('TOO MANY COLUMNS'); older versions with underscores.
  switch (type.replace(/ /g, '_')) {
    case 'TOO_MANY_COLUMNS':
      return say('rowTooManyColumns')
    case 'MISSING_COLUMNS':
      return say('rowMissingColumns')
    case 'UNQUOTED_VALUE':
      return say('rowUnquoted')
    case 'INVALID_UNICODE':
      return say('rowInvalidUnicode')
    case 'LINE_SIZE_OVER_MAXIMUM':
      return say('rowTooLong')
    default:
      return say('rowUnparsable', { type })
  }
}

function typeMessage(type: FieldDef['type']): LoaderMessage {
  return say(type === 'number' ? 'notNumber' : type === 'month' ? 'notMonth' : type === 'datetime' ? 'notDatetime' : 'notDate')
}

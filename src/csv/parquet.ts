/**
 * Parquet without DuckDB's parquet extension (DuckDB-WASM 1.32 does not link it, and fetches it from
 * extensions.duckdb.org, which an intranet cannot reach): hyparquet reads the footer, then only the
 * column chunks of the columns a known kind needs, and only the row groups whose statistics overlap
 * the requested period. With a file behind an HTTP range reader (httpFile.ts), that is all that
 * travels. The rows then become UTF-8 CSV text and go through the very intake an upload goes
 * through (decoding, types, validation report, atomic swap, persistence).
 *
 * Pure module: no Vue, no DuckDB.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type ColumnData, type FileMetaData, type SchemaElement } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
// The intake's CSV keeps cells as they are: quoting only, no spreadsheet formula guard.
import { csvQuote } from './export'
import { FOOTER_FETCH } from './httpFile'
import { detectKind, type HeaderMatch } from './kinds'

/**
 * Most rows one Parquet read may bring into the tab (the intake was measured to 5M rows, ≈ 2 GB of
 * renderer memory): a province file without a period is refused before any row group travels.
 */
export const MAX_PARQUET_ROWS = 5_000_000

/** The row groups needed hold more rows than one load can take. */
export class TooManyRows extends Error {
  constructor(readonly rows: number, readonly limit: number) {
    super(`${rows} rows > ${limit}`)
  }
}

/** Inclusive period, ISO dates ('2025-01-01'); either end may be open. */
export interface Period {
  from?: string
  to?: string
}

export interface ParquetCsv extends ParquetInfo {
  /** UTF-8 CSV with a header row: what the intake loads. */
  bytes: Uint8Array<ArrayBuffer>
}

/** What was read from a Parquet file, for the upload card. */
export interface ParquetInfo {
  /** Rows written to the CSV (after the period filter). */
  rows: number
  /** Rows in the whole file. */
  fileRows: number
  rowGroupsRead: number
  rowGroupsTotal: number
  /** Columns read (a recognised kind needs only its own). */
  columns: string[]
  /** Columns of the file left out: not needed by the kind, or nested (lists, structs) that a CSV cannot hold. */
  skipped: string[]
  /** Kind recognised from the column names, if any. */
  kind: string | null
  /** Column the period applied to, when one was given and the kind has a time column. */
  periodColumn: string | null
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const isoDay = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`

function isDateOnly(el: SchemaElement): boolean {
  return el.converted_type === 'DATE' || el.logical_type?.type === 'DATE'
}

/** Beijing time (UTC+8, no daylight saving): monitoring data are kept and shown in it. */
const BEIJING_MS = 8 * 3_600_000

/**
 * How a column's Date values become text: a date; a timestamp that is an instant (a TIMESTAMP
 * declared adjusted to UTC, as time-zone-aware writers store them) shown in Beijing time; any other
 * timestamp as the wall time it holds.
 */
type DateStyle = 'date' | 'instant' | 'wall'
function dateStyle(el: SchemaElement): DateStyle {
  if (isDateOnly(el)) return 'date'
  return el.logical_type?.type === 'TIMESTAMP' && el.logical_type.isAdjustedToUTC ? 'instant' : 'wall'
}

/** A cell as CSV text: dates ISO, timestamps 'YYYY-MM-DD HH:MM:SS', nulls empty. */
function cellText(v: unknown, style: DateStyle): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return ''
    if (style === 'date') return isoDay(v)
    const t = style === 'instant' ? new Date(v.getTime() + BEIJING_MS) : v
    return `${isoDay(t)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array) return new TextDecoder().decode(v)
  return JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? String(x) : x))
}

/**
 * One column of one row group as CSV fields, rows [rowStart, rowStart + n). Dates and timestamps
 * repeat (every station has the same hours), so their text is cached per value.
 */
function columnText(chunks: readonly ColumnData[], rowStart: number, n: number, el: SchemaElement): string[] {
  const out = new Array<string>(n).fill('')
  const style = dateStyle(el)
  const cache = new Map<number, string>()
  for (const chunk of chunks) {
    const data = chunk.columnData as ArrayLike<unknown>
    const from = Math.max(chunk.rowStart, rowStart)
    const to = Math.min(chunk.rowEnd, rowStart + n)
    for (let row = from; row < to; row++) {
      const v = data[row - chunk.rowStart]
      let text: string
      if (typeof v === 'number') text = Number.isFinite(v) ? String(v) : ''
      else if (v instanceof Date) {
        const ms = v.getTime()
        text = cache.get(ms) ?? cellText(v, style)
        if (cache.size < 100_000) cache.set(ms, text)
      } else if (typeof v === 'string') text = csvQuote(v)
      else text = csvQuote(cellText(v, style))
      out[row - rowStart] = text
    }
  }
  return out
}

/** The time column a period applies to: the first date / month / datetime field among the kind's key fields. */
function periodField(match: HeaderMatch): { key: string; type: string } | null {
  for (const key of match.kind.keyFields) {
    const field = match.kind.fields.find((f) => f.key === key)
    if (field && (field.type === 'date' || field.type === 'datetime' || field.type === 'month') && key in match.columns) return { key, type: field.type }
  }
  return null
}

/** Bounds of one row group's column as ISO text, or null when unknown or not ISO-like. */
function statBounds(meta: FileMetaData, group: number, column: number, el: SchemaElement): [string, string] | null {
  const stats = meta.row_groups[group]?.columns[column]?.meta_data?.statistics
  const lo = stats?.min_value ?? stats?.min
  const hi = stats?.max_value ?? stats?.max
  if (lo === undefined || hi === undefined) return null
  const a = cellText(lo, dateStyle(el))
  const b = cellText(hi, dateStyle(el))
  return /^\d{4}-\d{2}/.test(a) && /^\d{4}-\d{2}/.test(b) ? [a, b] : null
}

/**
 * Read a Parquet file (an ArrayBuffer, or an AsyncBuffer over HTTP range requests) as CSV bytes for
 * the intake. A file whose column names match a known kind is read for that kind's columns only; a
 * period keeps the rows of that span, and skips row groups whose statistics fall outside it.
 */
export async function parquetToCsv(file: AsyncBuffer, period: Period = {}, maxRows = MAX_PARQUET_ROWS): Promise<ParquetCsv> {
  const meta = await parquetMetadataAsync(file, { initialFetchSize: FOOTER_FETCH })
  const schema = parquetSchema(meta)
  const flat = schema.children.filter((c) => c.children.length === 0)
  const nested = schema.children.filter((c) => c.children.length > 0).map((c) => c.element.name)
  const names = flat.map((c) => c.element.name)
  const match = detectKind(names)
  const usable = match && match.missingRequired.length === 0 ? match : null
  const used = usable ? [...new Set(Object.values(usable.columns))].sort((a, b) => a - b) : names.map((_, i) => i)
  const columns = used.map((i) => names[i] as string)
  const elements = used.map((i) => (flat[i] as (typeof flat)[number]).element)
  const skipped = [...names.filter((_, i) => !used.includes(i)), ...nested]

  // Period: the kind's time column, compared on its ISO text at the kind's granularity.
  const field = usable && (period.from || period.to) ? periodField(usable) : null
  const at = field ? columns.indexOf(names[usable?.columns[field.key] as number] as string) : -1
  const width = field?.type === 'month' ? 7 : 10
  const from = period.from?.slice(0, width) ?? ''
  const to = period.to?.slice(0, width) ?? '\uffff'
  const inPeriod = (iso: string) => {
    const k = iso.slice(0, width)
    return k >= from && k <= to
  }
  const leafIndex = at >= 0 ? leafColumnIndex(schema.children, columns[at] as string) : -1

  // Row groups to read (one at a time, so a million-row file is never held as rows all at once).
  const groups: Array<[number, number]> = []
  let start = 0
  meta.row_groups.forEach((g, gi) => {
    const n = Number(g.num_rows)
    const bounds = at >= 0 ? statBounds(meta, gi, leafIndex, elements[at] as SchemaElement) : null
    if (n > 0 && (!bounds || (bounds[0].slice(0, width) <= to && bounds[1].slice(0, width) >= from))) groups.push([start, start + n])
    start += n
  })

  const needed = groups.reduce((s, [a, b]) => s + b - a, 0)
  if (needed > maxRows) throw new TooManyRows(needed, maxRows)

  const encoder = new TextEncoder()
  const parts: Uint8Array[] = [encoder.encode(`${columns.map(csvQuote).join(',')}\n`)]
  let rows = 0
  for (const [rowStart, rowEnd] of groups) {
    const chunks = new Map<string, ColumnData[]>()
    await parquetRead({
      file, metadata: meta, columns, rowStart, rowEnd, compressors,
      onChunk(chunk: ColumnData) {
        chunks.set(chunk.columnName, [...(chunks.get(chunk.columnName) ?? []), chunk])
      },
    })
    // Column by column to text (a column's values share one formatter), then row by row to lines.
    const n = rowEnd - rowStart
    const texts = columns.map((name, c) => columnText(chunks.get(name) ?? [], rowStart, n, elements[c] as SchemaElement))
    const lines: string[] = []
    const keyText = at >= 0 ? (texts[at] as string[]) : null
    for (let r = 0; r < n; r++) {
      if (keyText && !inPeriod(keyText[r] as string)) continue
      let line = (texts[0] as string[])[r] as string
      for (let c = 1; c < texts.length; c++) line += `,${(texts[c] as string[])[r]}`
      lines.push(line)
    }
    rows += lines.length
    if (lines.length) parts.push(encoder.encode(`${lines.join('\n')}\n`))
  }
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0)
  return {
    bytes,
    rows,
    fileRows: Number(meta.num_rows),
    rowGroupsRead: groups.length,
    rowGroupsTotal: meta.row_groups.length,
    columns,
    skipped,
    kind: usable ? String(usable.kind.key) : null,
    periodColumn: at >= 0 ? (columns[at] as string) : null,
  }
}

/** Index of a top-level flat column among the file's leaf columns (the order of a row group's chunks). */
function leafColumnIndex(children: ReturnType<typeof parquetSchema>['children'], name: string): number {
  let leaf = 0
  for (const c of children) {
    if (c.element.name === name && c.children.length === 0) return leaf
    leaf += countLeaves(c)
  }
  return -1
}

function countLeaves(node: ReturnType<typeof parquetSchema>): number {
  return node.children.length === 0 ? 1 : node.children.reduce((s, c) => s + countLeaves(c), 0)
}

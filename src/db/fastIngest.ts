/**
 * The fast path of loadCsv for clean files: ONE typed read_csv pass builds the staging table
 * directly (numbers as DOUBLE, ISO dates/times as DATE/TIMESTAMP, text trimmed), then ONE aggregate
 * counts NULLs and missing required values; detail queries run only for columns that have any.
 *
 * Exactness is kept by falling back: if read_csv rejects any value as a CAST error (a number or
 * date it cannot read), the fast result is discarded and loadCsv takes its VARCHAR path, which
 * reports every bad value with line and column and keeps the row. Decimal-comma files and
 * non-ISO date columns go straight to that path.
 *
 * Measured (tests/bench): the VARCHAR path ran a dozen full scans for an hourly file; this runs two.
 */
import type { FieldDef, HeaderMatch } from '../csv/kinds'
import type { SniffResult } from '../csv/sniff'
import { ident, literal } from './sql'
import type { Db } from './types'

export interface FastStageRequest {
  vfile: string
  stage: string
  rejectsTable: string
  sniff: SniffResult
  names: readonly string[]
  match: HeaderMatch
  nullTokens: readonly string[]
  /** Wraps the typed SELECT into the staging SELECT (e.g. the ledger adds its status bucket). */
  stageSql: (typed: string) => string
}

export interface FastRow {
  line: number
  column: string | null
  value: string | null
  csvLine: string | null
  errorType: string
}

export interface FastStageResult {
  rowsRead: number
  nullCells: number
  /** Structural rejects (too many/few columns, quotes …), as read_csv reported them. */
  structural: FastRow[]
  /** Per required field key: the __row numbers (first 200) whose value is missing. */
  missingRequired: Record<string, number[]>
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/

/** The read_csv type for a mapped field, or null when the field needs the SQL parsers (VARCHAR path). */
function readType(field: FieldDef, samples: readonly string[]): string | null {
  const vals = samples.map((s) => s.trim()).filter((s) => s !== '')
  switch (field.type) {
    case 'text':
      return 'VARCHAR'
    case 'number':
      return 'DOUBLE'
    case 'date':
      return vals.length > 0 && vals.every((v) => ISO_DATE.test(v)) ? 'DATE' : null
    case 'datetime':
      return vals.length > 0 && vals.every((v) => ISO_DATETIME.test(v)) ? 'TIMESTAMP' : null
    case 'month':
      return null
  }
}

const SQL_TYPE: Record<FieldDef['type'], string> = { text: 'VARCHAR', number: 'DOUBLE', date: 'DATE', month: 'DATE', datetime: 'TIMESTAMP' }

/** Build the staging table in one typed pass; null when this file needs the exact VARCHAR path. */
export async function fastStage(db: Db, req: FastStageRequest): Promise<FastStageResult | null> {
  const { sniff, names, match } = req
  if (sniff.decimalComma) return null
  const fields = match.kind.fields
  const types: string[] = names.map(() => 'VARCHAR')
  for (const field of fields) {
    const idx = match.columns[field.key]
    if (idx == null) continue
    const t = readType(field, sniff.preview.map((r) => r[idx] ?? ''))
    if (t == null) return null
    types[idx] = t
  }
  const columns = `{${names.map((n, i) => `${literal(n)}: '${types[i]}'`).join(', ')}}`
  const select = ['row_number() OVER () AS __row']
  for (const field of fields) {
    const idx = match.columns[field.key]
    if (idx == null) {
      select.push(`CAST(NULL AS ${SQL_TYPE[field.type]}) AS ${ident(field.key)}`)
      continue
    }
    const src = ident(names[idx] as string)
    select.push(`${field.type === 'text' ? `NULLIF(trim(${src}), '')` : src} AS ${ident(field.key)}`)
  }
  const rej = ident(req.rejectsTable)
  const typed = `SELECT ${select.join(', ')} FROM read_csv(${literal(req.vfile)},
      header = true, skip = ${sniff.headerLine}, delim = ${literal(sniff.delimiter)}, quote = '"', escape = '"',
      columns = ${columns}, auto_detect = false, null_padding = true,
      nullstr = [${req.nullTokens.map(literal).join(', ')}],
      store_rejects = true, rejects_table = ${literal(req.rejectsTable)}, rejects_scan = ${literal(`${req.rejectsTable}_scan`)})`
  const stage = ident(req.stage)
  const cleanup = () => db.exec(`DROP TABLE IF EXISTS ${rej}; DROP TABLE IF EXISTS ${ident(`${req.rejectsTable}_scan`)}`).catch(() => undefined)
  try {
    await db.exec(`CREATE OR REPLACE TABLE ${stage} AS ${req.stageSql(typed)}`)
    const rejects = await db.query<{ line: number; column_name: string | null; csv_line: string | null; error_type: string }>(
      `SELECT line, column_name, csv_line, error_type::VARCHAR AS error_type FROM ${rej} ORDER BY line`,
    )
    if (rejects.some((r) => r.error_type === 'CAST')) {
      await db.exec(`DROP TABLE IF EXISTS ${stage}`)
      return null
    }
    const mapped = fields.filter((f) => match.columns[f.key] != null)
    const counts = mapped.map((f) => `(count(*) - count(${ident(f.key)}))::INT AS ${ident(f.key)}`)
    const [row] = await db.query<Record<string, number>>(`SELECT count(*)::INT AS __rows${counts.length ? `, ${counts.join(', ')}` : ''} FROM ${stage}`)
    const missingRequired: Record<string, number[]> = {}
    for (const f of mapped) {
      if (!f.required || !row || !row[f.key]) continue
      const rows = await db.query<{ __row: number }>(`SELECT __row FROM ${stage} WHERE ${ident(f.key)} IS NULL ORDER BY __row LIMIT 200`)
      missingRequired[f.key] = rows.map((r) => r.__row)
    }
    return {
      rowsRead: row?.__rows ?? 0,
      nullCells: mapped.reduce((a, f) => a + (row?.[f.key] ?? 0), 0),
      structural: rejects.map((r) => ({ line: r.line, column: r.column_name, value: r.csv_line, csvLine: r.csv_line, errorType: r.error_type })),
      missingRequired,
    }
  } catch {
    await db.exec(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined)
    return null
  } finally {
    await cleanup()
  }
}

/**
 * "Other" files loaded into a table the user names: its fields, their types and the checks that keep
 * it from overwriting a table the dashboard owns. Pure module: no Vue, no DuckDB.
 */
import { DATE_PARTS, partKey, type FieldType, type KindDef } from './kinds'
import { NULL_TOKENS } from './nullTokens'

export interface OwnField {
  /** Column name in the table. */
  key: string
  type: FieldType
}

export interface OwnTable {
  table: string
  fields: OwnField[]
  /** Fields that identify a row for a deduplicated append; empty: append adds every row. */
  keyFields: string[]
}

/** Tables the dashboard loads or derives; an own table never takes one of these names. */
export const RESERVED_TABLES = [
  'ledger', 'air_daily', 'air_hourly', 'air_station_daily', 'complaints_monthly', 'events', 'enforcement_yearly',
  'air_monthly', 'air_station_monthly',
] as const

export const OWN_FIELD_TYPES: readonly FieldType[] = ['text', 'number', 'date', 'datetime', 'month']

const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u
const NAME_MAX = 60

export type NameProblem = 'empty' | 'chars' | 'long' | 'reserved' | 'internal'

/** Why a table name cannot be used, or null. DuckDB matches names case-insensitively, so do we. */
export function tableNameProblem(name: string): NameProblem | null {
  const n = name.trim()
  if (!n) return 'empty'
  if (n.length > NAME_MAX) return 'long'
  if (!NAME.test(n)) return 'chars'
  const lower = n.toLowerCase()
  // '__' marks staging tables and version tables (ledger__v2).
  if (lower.startsWith('__') || lower.includes('__')) return 'internal'
  if ((RESERVED_TABLES as readonly string[]).includes(lower)) return 'reserved'
  return null
}

/** Why a field name cannot be used, or null. The loader's helper columns start with '__'; rowid is DuckDB's. */
export function fieldNameProblem(name: string): NameProblem | null {
  const n = name.trim()
  if (!n) return 'empty'
  if (n.length > NAME_MAX) return 'long'
  if (!NAME.test(n)) return 'chars'
  if (n.startsWith('__') || n.toLowerCase() === 'rowid') return 'internal'
  return null
}

/** A column name usable in SQL without quotes, from a header: 'PM2.5 浓度' → 'PM2_5_浓度'. */
export function defaultFieldName(header: string, index: number): string {
  const base = header
    .normalize('NFKC')
    .trim()
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, NAME_MAX)
  if (!base) return `column${index + 1}`
  return /^\p{N}/u.test(base) ? `c_${base}` : base
}

/** A table name from a file name: '点位清单.csv' → '点位清单'. */
export function defaultTableName(fileName: string): string {
  const base = defaultFieldName(fileName.replace(/\.[^.]*$/, ''), 0)
  return tableNameProblem(base) ? `my_${base.replace(/__+/g, '_')}`.slice(0, NAME_MAX) : base
}

/**
 * The type a column most likely has, from preview values. Codes with a leading zero and IDs longer
 * than a double holds exactly (15 digits) stay text, so '007' and 18-digit numbers keep every digit.
 * Missing-value tokens ('NA', '—', …) say nothing about the type.
 */
export function guessType(values: readonly string[]): FieldType {
  const v = values.map((x) => x.trim()).filter((x) => !NULL_TOKENS.includes(x))
  if (v.length === 0) return 'text'
  const all = (re: RegExp) => v.every((x) => re.test(x))
  if (all(/^[-+]?\d+(\.\d+)?$/)) {
    const codeLike = v.some((x) => /^[-+]?0\d/.test(x) || x.replace(/\D/g, '').length > 15)
    return codeLike ? 'text' : 'number'
  }
  if (all(/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{4}年\d{1,2}月\d{1,2}日$/)) return 'date'
  if (all(/^\d{4}[-/]\d{1,2}[-/]\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?$/)) return 'datetime'
  if (all(/^\d{4}[-/.]\d{1,2}$|^\d{4}年\d{1,2}月$/)) return 'month'
  return 'text'
}

/** Problems of a whole own-table definition, as (field or '') → problem; empty when it can load. */
export function ownTableProblems(def: OwnTable): Array<{ field: string; problem: NameProblem | 'duplicate' | 'no_fields' | 'bad_key' }> {
  const out: Array<{ field: string; problem: NameProblem | 'duplicate' | 'no_fields' | 'bad_key' }> = []
  const t = tableNameProblem(def.table)
  if (t) out.push({ field: '', problem: t })
  if (def.fields.length === 0) out.push({ field: '', problem: 'no_fields' })
  const seen = new Set<string>()
  for (const f of def.fields) {
    const p = fieldNameProblem(f.key)
    if (p) out.push({ field: f.key, problem: p })
    else if (seen.has(f.key.toLowerCase())) out.push({ field: f.key, problem: 'duplicate' })
    seen.add(f.key.toLowerCase())
  }
  for (const k of def.keyFields) if (!def.fields.some((f) => f.key === k)) out.push({ field: k, problem: 'bad_key' })
  return out
}

/** The KindDef the loader uses for an own table: no synonyms, nothing required. */
export function ownKind(def: OwnTable): KindDef {
  return {
    key: 'own',
    table: def.table.trim(),
    fields: def.fields.map((f) => ({ key: f.key.trim(), type: f.type, synonyms: [], required: false })),
    keyFields: def.keyFields,
  }
}

/** Mapping keys a kind accepts: each field, and the date parts of its date and date-time fields. */
export function mappingKeys(kind: KindDef): Set<string> {
  return new Set(kind.fields.flatMap((f) => [f.key, ...(f.type === 'date' || f.type === 'datetime' ? DATE_PARTS.map((p) => partKey(f.key, p)) : [])]))
}

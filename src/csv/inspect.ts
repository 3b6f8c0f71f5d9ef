/**
 * What a file is, from its head only: encoding, delimiter, header row, preview rows and the kind its
 * headers match. Cheap enough to run before asking the user anything (no DuckDB, no full decode).
 */
import { detectEncoding, headText, sniffBinary, type Encoding } from './decode'
import { DATE_PARTS, detectKind, kindByKey, partKey, type HeaderMatch, type KindDef, type KindKey, type LoadKind } from './kinds'
import { mappingKeys, ownKind, type OwnTable } from './ownTable'
import { sniffCsv, type SniffResult } from './sniff'

export interface Inspection {
  fileName: string
  /** Set when the file cannot be read as CSV at all (binary, empty, no header). */
  error: string | null
  encoding: Encoding | null
  sniff: SniffResult | null
  /** null: headers not recognised, the user maps the columns. */
  match: HeaderMatch | null
}

export function binaryMessage(fileName: string, detected: string): string {
  return `文件“${fileName}”不是 CSV 文本文件(看起来是 ${detected}),请在 Excel/WPS 中另存为 CSV 后再上传`
}

export function inspectHead(bytes: Uint8Array, fileName: string, encoding?: Encoding): Inspection {
  const base: Inspection = { fileName, error: null, encoding: null, sniff: null, match: null }
  const binary = sniffBinary(bytes)
  if (binary) return { ...base, error: binaryMessage(fileName, binary) }
  const enc = encoding ?? detectEncoding(bytes)
  let head: string
  try {
    head = headText(bytes, enc)
  } catch {
    return { ...base, encoding: enc, error: `文件“${fileName}”无法按所选编码解码` }
  }
  if (head.trim() === '') return { ...base, encoding: enc, error: `文件“${fileName}”是空文件` }
  const sniff = sniffCsv(head)
  if (sniff.headers.length === 0) return { ...base, encoding: enc, error: `文件“${fileName}”没有可识别的表头` }
  return { ...base, encoding: enc, sniff, match: detectKind(sniff.headers) }
}

/** A user-made mapping: kind and, per field key (or date part key 'date.year'), the source header it comes from. */
export interface ColumnMapping {
  kind: LoadKind
  columns: Record<string, string>
  /** With kind 'own': the table the user named and its typed fields. */
  own?: OwnTable
}

/** Header signature used to remember a mapping for files with the same header row. */
export function headerSignature(headers: readonly string[]): string {
  return headers.map((h) => h.trim()).join('\u001f')
}

export function mappingKind(mapping: ColumnMapping): KindDef {
  return mapping.kind === 'own' && mapping.own ? ownKind(mapping.own) : kindByKey(mapping.kind as KindKey)
}

/** Key of the dataset a mapping loads into: the kind, or the table of an own table. */
export function mappingTarget(mapping: ColumnMapping): string {
  return mappingKind(mapping).table
}

/**
 * Turn a saved mapping into a HeaderMatch for these headers (fields whose column is gone are dropped).
 * A date from parts needs its year, month and day columns; without all three the parts are dropped.
 */
export function applyMapping(mapping: ColumnMapping, headers: readonly string[]): HeaderMatch {
  const kind = mappingKind(mapping)
  const allowed = mappingKeys(kind)
  const columns: Record<string, number> = {}
  for (const [field, header] of Object.entries(mapping.columns)) {
    const idx = headers.findIndex((h) => h.trim() === header.trim())
    if (idx >= 0 && allowed.has(field)) columns[field] = idx
  }
  for (const fd of kind.fields) {
    const parts = DATE_PARTS.map((p) => partKey(fd.key, p))
    const complete = parts.slice(0, 3).every((k) => k in columns)
    if (fd.key in columns || !complete) for (const k of parts) delete columns[k]
  }
  const missingRequired = kind.fields.filter((fd) => fd.required && !(fd.key in columns) && !(partKey(fd.key, 'year') in columns)).map((fd) => fd.key)
  return { kind, columns, missingRequired, score: 1 }
}

/**
 * What a file is, from its head only: encoding, delimiter, header row, preview rows and the kind its
 * headers match. Cheap enough to run before asking the user anything (no DuckDB, no full decode).
 */
import { loaderText, type LoaderMessage } from '../i18n/loader'
import { detectEncoding, headText, sniffBinary, type BinaryKind, type Encoding } from './decode'
import { DATE_PARTS, detectKind, kindByKey, partKey, type HeaderMatch, type KindDef, type KindKey, type LoadKind } from './kinds'
import { mappingKeys, ownKind, type OwnTable } from './ownTable'
import { sniffCsv, type SniffResult } from './sniff'

export interface Inspection {
  fileName: string
  /** Set when the file cannot be read as CSV at all (binary, empty, no header): Chinese text, and the message to show in the user's language. */
  error: string | null
  errorMsg?: LoaderMessage | null
  encoding: Encoding | null
  sniff: SniffResult | null
  /** null: headers not recognised, the user maps the columns. */
  match: HeaderMatch | null
}

export function binaryMessage(fileName: string, detected: BinaryKind): LoaderMessage {
  return { key: `binary_${detected}`, params: { file: fileName } }
}

/** An Inspection that failed with this message. */
export function inspectionError(fileName: string, msg: LoaderMessage, encoding: Encoding | null = null): Inspection {
  return { fileName, error: loaderText(msg), errorMsg: msg, encoding, sniff: null, match: null }
}

export function inspectHead(bytes: Uint8Array, fileName: string, encoding?: Encoding): Inspection {
  const base: Inspection = { fileName, error: null, encoding: null, sniff: null, match: null }
  const binary = sniffBinary(bytes)
  if (binary) return inspectionError(fileName, binaryMessage(fileName, binary))
  const enc = encoding ?? detectEncoding(bytes)
  let head: string
  try {
    head = headText(bytes, enc)
  } catch {
    return inspectionError(fileName, { key: 'undecodableFile', params: { file: fileName } }, enc)
  }
  if (head.trim() === '') return inspectionError(fileName, { key: 'empty', params: { file: fileName } }, enc)
  const sniff = sniffCsv(head)
  if (sniff.headers.length === 0) return inspectionError(fileName, { key: 'noHeader', params: { file: fileName } }, enc)
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

/**
 * Bytes → text decision for CSV intake. DuckDB reads only UTF-8, so anything else is decoded here
 * and re-encoded. Pure module (TextDecoder/TextEncoder exist in browsers and Node).
 */
import { mixedLineEnds, noMarks, scanBytes, type ByteMarks } from './byteMarks'
import { nextTask } from './gb18030'
import { gb18030ToUtf8Parallel } from './gb18030Parallel'

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

export interface DecodeResult {
  encoding: Encoding
  /** UTF-8 bytes without BOM, ready for DuckDB. The input buffer itself when it already was UTF-8. */
  utf8: Uint8Array
  /**
   * GBK/UTF-16 bytes that are not valid in that encoding were replaced by U+FFFD (a file cut
   * mid-character, or mixed encodings): the first such line (1-based), its text, and how many.
   */
  undecodable?: { line: number; text: string; count: number }
  /** Whether `utf8` holds a CR or a double quote, when the decoder found out on the way (GB18030 workers). */
  marks?: ByteMarks
}

/** Where a lenient decode replaced bytes with U+FFFD, if it did. */
export function undecodableIn(text: string): DecodeResult['undecodable'] {
  const at = text.indexOf('\ufffd')
  if (at < 0) return undefined
  const before = text.slice(0, at)
  const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1
  const start = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1
  const end = text.slice(at).search(/[\r\n]/)
  return { line, text: text.slice(start, end < 0 ? undefined : at + end), count: text.split('\ufffd').length - 1 }
}

/** Binary formats users rename to .csv. */
export type BinaryKind = 'xlsx' | 'xls' | 'png' | 'jpeg' | 'pdf' | 'parquet'

export class BinaryFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly detected: BinaryKind,
  ) {
    super(`${fileName}: not a CSV text file (looks like ${detected})`)
  }
}

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x)

/** Recognise binary formats users rename to .csv. */
/** "PAR1": the first (and last) four bytes of every Parquet file. */
export function isParquetHead(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x41, 0x52, 0x31])
}

export function sniffBinary(bytes: Uint8Array): BinaryKind | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx'
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'xls'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'
  if (isParquetHead(bytes)) return 'parquet'
  return null
}

/** How many leading bytes are enough to decide the encoding. */
const HEAD = 256 * 1024

/** Cut a head slice back to a UTF-8 character boundary so a strict decode does not fail on the cut. */
function utf8Head(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= HEAD) return bytes
  let end = HEAD
  while (end > HEAD - 4 && ((bytes[end] as number) & 0xc0) === 0x80) end--
  return bytes.subarray(0, end)
}

export function detectEncoding(bytes: Uint8Array): Encoding {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8-bom'
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le'
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(utf8Head(bytes))
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}

/**
 * Decode with the detected (or user-chosen) encoding. Only the head is checked for UTF-8 so that
 * large UTF-8 files go to DuckDB untouched; DuckDB itself rejects invalid UTF-8 later in the file.
 */
export function toUtf8(bytes: Uint8Array, fileName: string, override?: Encoding): DecodeResult {
  const binary = sniffBinary(bytes)
  if (binary) throw new BinaryFileError(fileName, binary)
  const encoding = override ?? detectEncoding(bytes)
  if (encoding === 'utf-8') return { encoding, utf8: bytes }
  if (encoding === 'utf-8-bom') return { encoding, utf8: bytes.subarray(3) }
  const label = encoding === 'gb18030' ? 'gb18030' : encoding
  const decoded = new TextDecoder(label).decode(bytes)
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded
  const undecodable = undecodableIn(text)
  return { encoding, utf8: new TextEncoder().encode(text), ...(undecodable ? { undecodable } : {}) }
}

/** Decode only the head, for sniffing and preview. */
export function headText(bytes: Uint8Array, encoding: Encoding, maxBytes = 64 * 1024): string {
  const head = bytes.subarray(0, maxBytes)
  const label = encoding === 'utf-8' || encoding === 'utf-8-bom' ? 'utf-8' : encoding
  const text = new TextDecoder(label).decode(head)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

const DECODE_CHUNK = 4 * 1024 * 1024


/**
 * toUtf8 for large files: GB18030 through the table transcoder in workers (gb18030Parallel.ts); UTF-16 in 4 MB slices
 * (a streaming TextDecoder keeps characters cut at a slice boundary intact). Either way the main
 * thread gets a turn between slices, so progress keeps painting while a 100 MB GBK file converts.
 */
export async function toUtf8Async(bytes: Uint8Array, fileName: string, override?: Encoding): Promise<DecodeResult> {
  const binary = sniffBinary(bytes)
  if (binary) throw new BinaryFileError(fileName, binary)
  const encoding = override ?? detectEncoding(bytes)
  if (encoding === 'utf-8' || encoding === 'utf-8-bom' || bytes.length <= DECODE_CHUNK) return toUtf8(bytes, fileName, encoding)
  if (encoding === 'gb18030') return { encoding, ...(await gb18030ToUtf8Parallel(bytes)) }
  const decoder = new TextDecoder(encoding)
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  let total = 0
  let undecodable: DecodeResult['undecodable']
  let linesBefore = 0
  for (let off = 0; off < bytes.length; off += DECODE_CHUNK) {
    const last = off + DECODE_CHUNK >= bytes.length
    let text = decoder.decode(bytes.subarray(off, off + DECODE_CHUNK), { stream: !last })
    if (off === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    const bad = undecodableIn(text)
    if (bad && undecodable) undecodable.count += bad.count
    else if (bad) undecodable = { ...bad, line: bad.line + linesBefore }
    else if (!undecodable) linesBefore += text.match(/\r\n|\r|\n/g)?.length ?? 0
    const part = encoder.encode(text)
    parts.push(part)
    total += part.length
    if (!last) await nextTask()
  }
  const utf8 = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    utf8.set(p, at)
    at += p.length
  }
  return { encoding, utf8, ...(undecodable ? { undecodable } : {}) }
}

/** Whole-file scans give the page a turn after each window of this many bytes (a few ms of work). */
export const SCAN_WINDOW = 16 * 1024 * 1024

/** byteMarks a window at a time, yielding between windows. */
export async function byteMarksAsync(bytes: Uint8Array): Promise<ByteMarks> {
  const marks = noMarks()
  for (let a = 0; a < bytes.length; a += SCAN_WINDOW) {
    scanBytes(bytes, a, Math.min(bytes.length, a + SCAN_WINDOW), marks)
    if (a + SCAN_WINDOW < bytes.length) await nextTask()
  }
  return marks
}

/**
 * Files pasted together from Windows and Unix sources mix CRLF and LF line ends, which DuckDB's strict
 * CSV reader refuses outright. Returns the bytes with every line end as LF when they are mixed, else
 * null (all CRLF, all LF, or CR only: DuckDB reads them as they are). `marks` come from the pass the
 * intake makes anyway (byteMarksAsync, or the GB18030 workers); without them, one pass is made here.
 */
export async function normalizeMixedNewlines(utf8: Uint8Array, marks?: ByteMarks): Promise<Uint8Array | null> {
  if (!mixedLineEnds(marks ?? (await byteMarksAsync(utf8)))) return null
  return new TextEncoder().encode(new TextDecoder().decode(utf8).replace(/\r\n?/g, '\n'))
}

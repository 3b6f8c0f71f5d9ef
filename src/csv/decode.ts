/**
 * Bytes → text decision for CSV intake. DuckDB reads only UTF-8, so anything else is decoded here
 * and re-encoded. Pure module (TextDecoder/TextEncoder exist in browsers and Node).
 */
import { transcodeToUtf8 } from './transcode'

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

export interface DecodeResult {
  encoding: Encoding
  /** UTF-8 bytes without BOM, ready for DuckDB. The input buffer itself when it already was UTF-8. */
  utf8: Uint8Array
}

export class BinaryFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly detected: string,
  ) {
    super(`${fileName}: not a CSV text file (looks like ${detected})`)
  }
}

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x)

/** Recognise binary formats users rename to .csv. */
export function sniffBinary(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'an Excel/zip file (xlsx)'
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'an old Excel file (xls)'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'a PNG image'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'a JPEG image'
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'a PDF document'
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
  // perf (issue 6): chunked decode, no whole-file JS string (src/csv/transcode.ts).
  return { encoding, utf8: transcodeToUtf8(bytes, label) }
}

/** Decode only the head, for sniffing and preview. */
export function headText(bytes: Uint8Array, encoding: Encoding, maxBytes = 64 * 1024): string {
  const head = bytes.subarray(0, maxBytes)
  const label = encoding === 'utf-8' || encoding === 'utf-8-bom' ? 'utf-8' : encoding
  const text = new TextDecoder(label).decode(head)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

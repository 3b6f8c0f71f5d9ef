/**
 * Non-UTF-8 text → UTF-8 bytes in chunks: TextDecoder with `stream: true` (a multi-byte character
 * split across chunks is carried over, never turned into U+FFFD) and TextEncoder.encodeInto into
 * one preallocated buffer. Peak memory is input + ≤ 1.5 × input, instead of input + the whole text
 * as a JS string (2 bytes a character) + its UTF-8 copy. Pure module.
 */

/** 8 MB: large enough that per-call overhead vanishes, small enough that each string is short-lived. */
const CHUNK = 8 * 1024 * 1024

/**
 * Decode `bytes` with `label` ('gb18030', 'utf-16le', 'utf-16be') and return UTF-8 without a BOM.
 * Every such encoding needs at most 1.5 UTF-8 bytes per input byte (2 → 3 for CJK, 4 → 4 beyond the BMP).
 */
export function transcodeToUtf8(bytes: Uint8Array, label: string, chunk = CHUNK): Uint8Array {
  const decoder = new TextDecoder(label)
  const encoder = new TextEncoder()
  const out = new Uint8Array(Math.ceil(bytes.length * 1.5) + 8)
  let written = 0
  let first = true
  const put = (text: string) => {
    const s = first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    if (text.length > 0) first = false
    written += encoder.encodeInto(s, out.subarray(written)).written
  }
  for (let at = 0; at < bytes.length; at += chunk) put(decoder.decode(bytes.subarray(at, at + chunk), { stream: true }))
  put(decoder.decode())
  return out.subarray(0, written)
}

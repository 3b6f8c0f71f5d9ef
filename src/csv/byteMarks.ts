/**
 * What the intake's whole-file checks need to know about a file's bytes, in one pass: whether it
 * holds a double quote (quoted line breaks may shift line numbers), and what its line ends are
 * (CR, LF, and whether any of them is not part of a CRLF pair: mixed line ends are rewritten before
 * DuckDB reads). The pass looks at 32-bit words: four bytes are tested for all three at once, with
 * exact per-byte masks, so a file of 100 MB takes a few dozen milliseconds and the answer is exact.
 * Pure module: the GB18030 workers run it on the parts they convert.
 */

export interface ByteMarks {
  cr: boolean
  lf: boolean
  /** Some CR not followed by LF, or some LF not preceded by CR. */
  lone: boolean
  quote: boolean
}

export const noMarks = (): ByteMarks => ({ cr: false, lf: false, lone: false, quote: false })

const CR = 0x0d0d0d0d
const LF = 0x0a0a0a0a
const QUOTE = 0x22222222
const LOW7 = 0x7f7f7f7f

/** 0x80 in each byte of `x` that is zero, 0 in the others (exact: no borrow crosses bytes). */
const zeroMask = (x: number) => ~(((x & LOW7) + LOW7) | x | LOW7)

/** Nonzero when some byte of `x` is zero (exact as a yes/no; cheaper than zeroMask). */
const zeroByte = (x: number) => (x - 0x01010101) & ~x & 0x80808080

/**
 * Adds what bytes [from, to) of `bytes` show to `marks`. Neighbours outside the range are looked at,
 * so consecutive ranges give what one range over both gives.
 */
export function scanBytes(bytes: Uint8Array, from: number, to: number, marks: ByteMarks): void {
  let { cr, lf, lone, quote } = marks
  // Bytes before the first whole word and after the last one, one at a time.
  const look = (a: number, b: number) => {
    for (let i = a; i < b; i++) {
      const x = bytes[i]
      if (x === 0x0a) {
        lf = true
        if (bytes[i - 1] !== 0x0d) lone = true
      } else if (x === 0x0d) {
        cr = true
        if (bytes[i + 1] !== 0x0a) lone = true
      } else if (x === 0x22) quote = true
    }
  }
  const start = Math.min(to, from + ((4 - ((bytes.byteOffset + from) & 3)) & 3))
  const count = Math.max(0, (to - start) >> 2)
  look(from, start)
  if (count > 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + start, count)
    // A CR in the byte before the first word is due an LF in that word's first byte.
    let carry = bytes[start - 1] === 0x0d ? 0x80 : 0
    let crs = 0
    let lfs = 0
    let quotes = 0
    let bad = 0
    for (let k = 0; k < count; k++) {
      const v = words[k] as number
      const x = v ^ CR
      const y = v ^ LF
      if ((zeroByte(x) | zeroByte(y)) === 0) {
        // Most words: no CR, no LF (a CR just before is then lone).
        bad |= carry
        carry = 0
        quotes |= zeroByte(v ^ QUOTE)
        continue
      }
      const c = zeroMask(x)
      const l = zeroMask(y)
      // Little-endian: the byte after byte j is byte j + 1, 8 bits up. Every LF must sit just after
      // a CR and every CR just before an LF; a CR in the last byte carries into the next word.
      bad |= l ^ ((c << 8) | carry)
      carry = c >>> 24
      crs |= c
      lfs |= l
      quotes |= zeroMask(v ^ QUOTE)
    }
    // A CR in the last word's last byte is due an LF just after the words.
    if (carry !== 0 && bytes[start + 4 * count] !== 0x0a) bad = 1
    cr ||= crs !== 0
    lf ||= lfs !== 0
    lone ||= bad !== 0
    quote ||= quotes !== 0
  }
  look(start + 4 * count, to)
  marks.cr = cr
  marks.lf = lf
  marks.lone = lone
  marks.quote = quote
}

export function byteMarks(bytes: Uint8Array): ByteMarks {
  const marks = noMarks()
  scanBytes(bytes, 0, bytes.length, marks)
  return marks
}

export function joinMarks(a: ByteMarks, b: ByteMarks): ByteMarks {
  return { cr: a.cr || b.cr, lf: a.lf || b.lf, lone: a.lone || b.lone, quote: a.quote || b.quote }
}

/** Mixed line ends (CRLF with lone CR or LF): the file is rewritten with LF before DuckDB reads it. */
export const mixedLineEnds = (m: ByteMarks) => m.cr && m.lf && m.lone

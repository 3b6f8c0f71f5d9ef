/**
 * Whether a buffer holds a CR or a double quote: the intake's whole-file checks (mixed line ends,
 * quoted line breaks) need nothing more in the common case, where there is neither. One pass over
 * 32-bit words tests four bytes for both at once; where a word may hold one, `indexOf` decides, so
 * the answer is exact. Pure module: the GB18030 workers run it on the parts they convert.
 */

export interface ByteMarks {
  cr: boolean
  quote: boolean
}

const CR = 0x0d0d0d0d
const QUOTE = 0x22222222

/** Nonzero when some byte of `x` is zero (the exact test: a borrow only marks bytes above a zero byte). */
const zeroByte = (x: number) => (x - 0x01010101) & ~x & 0x80808080

export function byteMarks(bytes: Uint8Array): ByteMarks {
  // Bytes before the first 4-byte boundary and after the last one are looked at one by one.
  const lead = (4 - (bytes.byteOffset & 3)) & 3
  const head = bytes.length < lead + 4 ? bytes.length : lead
  const count = (bytes.length - head) >> 2
  let hit = 0
  if (count > 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + head, count)
    for (let k = 0; k < count; k++) {
      const v = words[k] as number
      hit |= zeroByte(v ^ CR) | zeroByte(v ^ QUOTE)
    }
  }
  const edge = (i: number) => (bytes[i] === 0x0d || bytes[i] === 0x22 ? 1 : 0)
  for (let i = 0; i < head; i++) hit |= edge(i)
  for (let i = head + count * 4; i < bytes.length; i++) hit |= edge(i)
  return hit === 0 ? { cr: false, quote: false } : { cr: bytes.indexOf(0x0d) >= 0, quote: bytes.indexOf(0x22) >= 0 }
}

export function joinMarks(a: ByteMarks, b: ByteMarks): ByteMarks {
  return { cr: a.cr || b.cr, quote: a.quote || b.quote }
}

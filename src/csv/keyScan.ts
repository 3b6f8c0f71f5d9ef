/**
 * Duplicate keys counted in the bytes of a CSV file, while DuckDB reads the same file on its own
 * thread: the loader then skips the exact duplicate count in SQL (a hash of every key, ≈ 0.15–0.2 s
 * on 1M rows) whenever this scan proves there is none. Pure module.
 *
 * The scan answers only where text equality of the cells is value equality in the table:
 *  - no quote byte anywhere (fields split at the delimiter, records at line feeds);
 *  - text keys as written (the caller also needs to know that no cell has edge spaces to trim);
 *  - date and datetime keys in one fixed shape for the whole file (e.g. `2023-07-26 01:00:00`),
 *    with hours 00–23, where two different texts are two different values.
 * Anything else gives `null` and the loader counts in SQL. Hash collisions can only add duplicates,
 * never hide one, and the loader counts again exactly whenever the scan finds any.
 */
export type KeyFieldType = 'text' | 'date' | 'datetime'

export interface KeySpec {
  delimiter: string
  /** Lines before the first data row (title rows and the header). */
  skipLines: number
  /** 0-based source columns of the key's fields. */
  keys: ReadonlyArray<{ idx: number; type: KeyFieldType }>
  /** Cells equal to one of these are NULL (as read_csv's nullstr). */
  nullTokens: readonly string[]
}

export interface KeyScan {
  /** Data rows (blank lines are not rows). */
  rows: number
  /** Rows with every key field present. */
  keyed: number
  /** Keyed rows whose key an earlier row already had (an over-count only on a 62-bit hash collision). */
  duplicates: number
  /** Per key field: some value contains E or e (text keys: possibly Excel's scientific notation). */
  maybeSci: boolean[]
  /** Rows whose datetime key is not on the hour (minutes or seconds other than 00). */
  offHour: number
}

const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const SEP = 0xff // never a byte of UTF-8: separates the fields of a key in its hash

/** Fixed date/datetime shapes: length → positions of the separators (everything else a digit). */
const SHAPES: Record<number, number[]> = { 10: [4, 7], 16: [4, 7, 10, 13], 19: [4, 7, 10, 13, 16] }

export class KeyScanner {
  private readonly delim: number
  private readonly keyAt: Int8Array
  private readonly types: KeyFieldType[]
  private readonly maxIdx: number
  private readonly tokens: Uint8Array[]
  private linesToSkip: number
  private failed = false
  private rows = 0
  private keyed = 0
  private duplicates = 0
  private offHour = 0
  private readonly maybeSci: boolean[]
  /** Per key field: the shape (length, separator bytes) every value must have; null until the first value. */
  private readonly shapes: Array<Uint8Array | null>
  private h1s: Int32Array
  private h2s: Int32Array
  private count = 0

  constructor(spec: KeySpec, expectedRows = 1024) {
    this.delim = spec.delimiter.charCodeAt(0)
    this.maxIdx = Math.max(-1, ...spec.keys.map((k) => k.idx))
    this.keyAt = new Int8Array(this.maxIdx + 1).fill(-1)
    spec.keys.forEach((k, i) => {
      this.keyAt[k.idx] = i
    })
    this.types = spec.keys.map((k) => k.type)
    this.maybeSci = spec.keys.map(() => false)
    this.shapes = spec.keys.map(() => null)
    const enc = new TextEncoder()
    this.tokens = spec.nullTokens.filter((t) => t !== '').map((t) => enc.encode(t))
    this.linesToSkip = spec.skipLines
    let cap = 1024
    while (cap < expectedRows * 2) cap *= 2
    this.h1s = new Int32Array(cap)
    this.h2s = new Int32Array(cap)
    if (spec.keys.length === 0 || spec.keys.length > 8 || this.delim > 0x7f || this.delim === QUOTE) this.failed = true
  }

  /** The next piece of the file; every piece but the last ends just after a line feed. */
  feed(bytes: Uint8Array): void {
    if (this.failed) return
    if (bytes.indexOf(QUOTE) >= 0) {
      this.failed = true
      return
    }
    const n = bytes.length
    let pos = 0
    while (this.linesToSkip > 0 && pos < n) {
      const lf = bytes.indexOf(LF, pos)
      pos = lf < 0 ? n : lf + 1
      this.linesToSkip--
    }
    const { delim, keyAt, maxIdx } = this
    const starts = new Int32Array(8)
    const ends = new Int32Array(8)
    while (pos < n) {
      let lf = bytes.indexOf(LF, pos)
      if (lf < 0) lf = n
      let end = lf
      if (end > pos && bytes[end - 1] === CR) end--
      if (end === pos) {
        pos = lf + 1
        continue
      }
      // Fields up to the last key column: where each key field starts and ends.
      let field = 0
      let s = pos
      let i = pos
      for (;;) {
        const b = i < end ? (bytes[i] as number) : -1
        if (b === delim || b === -1) {
          const k = keyAt[field] as number
          if (k >= 0) {
            starts[k] = s
            ends[k] = i
          }
          if (field === maxIdx) break
          if (b === -1) {
            // A row with too few fields: DuckDB rejects it, the count below would not match.
            this.failed = true
            return
          }
          field++
          s = i + 1
        }
        i++
      }
      this.rows++
      this.row(bytes, starts, ends)
      if (this.failed) return
      pos = lf + 1
    }
  }

  private isNull(bytes: Uint8Array, s: number, e: number): boolean {
    if (s === e) return true
    const len = e - s
    for (const t of this.tokens) {
      if (t.length !== len) continue
      let same = true
      for (let j = 0; j < len; j++) {
        if (bytes[s + j] !== t[j]) {
          same = false
          break
        }
      }
      if (same) return true
    }
    return false
  }

  private row(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    let h1 = 0x811c9dc5 | 0
    let h2 = 0x2545f491 | 0
    const fields = this.types.length
    for (let k = 0; k < fields; k++) {
      const s = starts[k] as number
      const e = ends[k] as number
      if (this.isNull(bytes, s, e)) return
      const type = this.types[k] as KeyFieldType
      if (type === 'text') {
        for (let j = s; j < e; j++) {
          const b = bytes[j] as number
          if (b === 0x45 || b === 0x65) this.maybeSci[k] = true
          h1 = Math.imul(h1 ^ b, 0x01000193)
          h2 = (Math.imul(h2, 31) + b) | 0
        }
      } else {
        if (!this.fitsShape(k, bytes, s, e)) {
          this.failed = true
          return
        }
        if (type === 'datetime' && e - s > 10) {
          // Minutes (and seconds): "00" unless off the hour.
          for (let j = s + 14; j < e; j++) {
            if (bytes[j] !== 0x30 && bytes[j] !== 0x3a) {
              this.offHour++
              break
            }
          }
        }
        for (let j = s; j < e; j++) {
          const b = bytes[j] as number
          h1 = Math.imul(h1 ^ b, 0x01000193)
          h2 = (Math.imul(h2, 31) + b) | 0
        }
      }
      h1 = Math.imul(h1 ^ SEP, 0x01000193)
      h2 = (Math.imul(h2, 31) + SEP) | 0
    }
    this.keyed++
    this.insert(h1, h2 | 1)
  }

  /** The value has the file's shape for this field (the first value sets it) and a valid hour. */
  private fitsShape(k: number, bytes: Uint8Array, s: number, e: number): boolean {
    const len = e - s
    let shape = this.shapes[k]
    if (!shape) {
      const seps = SHAPES[len]
      if (!seps || (this.types[k] === 'date' && len !== 10)) return false
      const made = new Uint8Array(8)
      made[0] = len
      for (let j = 0; j < seps.length; j++) made[j + 1] = bytes[s + (seps[j] as number)] as number
      const [d1, d2, t, c1, c2] = [made[1], made[2], made[3], made[4], made[5]]
      if ((d1 !== 0x2d && d1 !== 0x2f) || d2 !== d1) return false
      if (len > 10 && ((t !== 0x20 && t !== 0x54) || c1 !== 0x3a || (len === 19 && c2 !== 0x3a))) return false
      shape = made
      this.shapes[k] = made
    }
    if (len !== shape[0]) return false
    const seps = SHAPES[len] as number[]
    let sep = 0
    for (let j = 0; j < len; j++) {
      const b = bytes[s + j] as number
      if (j === seps[sep]) {
        if (b !== shape[++sep]) return false
      } else if (b < 0x30 || b > 0x39) return false
    }
    // 24:00 would be the next day's 00:00 under another text; minutes and seconds past 59 likewise.
    if (len > 10) {
      const hh = ((bytes[s + 11] as number) - 0x30) * 10 + ((bytes[s + 12] as number) - 0x30)
      if (hh > 23 || (bytes[s + 14] as number) > 0x35 || (len === 19 && (bytes[s + 17] as number) > 0x35)) return false
    }
    return true
  }

  private insert(h1: number, h2: number): void {
    if ((this.count + 1) * 2 > this.h1s.length) this.grow()
    const mask = this.h1s.length - 1
    let at = h1 & mask
    for (;;) {
      const seen = this.h2s[at] as number
      if (seen === 0) {
        this.h1s[at] = h1
        this.h2s[at] = h2
        this.count++
        return
      }
      if (seen === h2 && this.h1s[at] === h1) {
        this.duplicates++
        return
      }
      at = (at + 1) & mask
    }
  }

  private grow(): void {
    const old1 = this.h1s
    const old2 = this.h2s
    this.h1s = new Int32Array(old1.length * 2)
    this.h2s = new Int32Array(old1.length * 2)
    const mask = this.h1s.length - 1
    for (let j = 0; j < old1.length; j++) {
      const h2 = old2[j] as number
      if (h2 === 0) continue
      const h1 = old1[j] as number
      let at = h1 & mask
      while (this.h2s[at] !== 0) at = (at + 1) & mask
      this.h1s[at] = h1
      this.h2s[at] = h2
    }
  }

  /** The counts, or null when the file is outside what the scan can decide. */
  result(): KeyScan | null {
    if (this.failed) return null
    return { rows: this.rows, keyed: this.keyed, duplicates: this.duplicates, maybeSci: [...this.maybeSci], offHour: this.offHour }
  }
}

/** Scan a whole buffer in one go (the loader yields between pieces; tests use this). */
export function scanKeys(bytes: Uint8Array, spec: KeySpec): KeyScan | null {
  const s = new KeyScanner(spec, bytes.length / 64)
  s.feed(bytes)
  return s.result()
}

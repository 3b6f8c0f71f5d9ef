/** Tokens that mean "no value" in exports from Excel, WPS and monitoring platforms. */
export const NULL_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'null', 'NULL', '-', '--', '—', '——', '/', '未检出', '无', '缺测', '无效']

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const ALTERNATIVES = NULL_TOKENS.filter((t) => t !== '')
  .sort((x, y) => y.length - x.length)
  .map(escape)
  .join('|')
const patterns = new Map<string, RegExp>()

/** A token as a whole cell, quoted or not: after a delimiter or a line start, before a delimiter or a line end. */
function cellPattern(delimiter: string): RegExp {
  let p = patterns.get(delimiter)
  if (!p) {
    const d = escape(delimiter)
    p = new RegExp(`(?:^|${d})"?(${ALTERNATIVES})"?(?=${d}|$)`, 'gm')
    patterns.set(delimiter, p)
  }
  return p
}

/** Adds to `found` the tokens other than the empty cell that are whole cells of `text` (quotes in cells are not parsed: a superset). */
export function tokensIn(text: string, delimiter: string, found: Set<string>): Set<string> {
  for (const m of text.matchAll(cellPattern(delimiter))) found.add(m[1] as string)
  return found
}

/**
 * The tokens found in a sample of the file: its first 64 KB, `windows` slices of `bytes` each spread
 * evenly over the rest, and its last `bytes` (whole lines only). DuckDB compares every cell with every
 * token it is given (all 17 made the typed read of 1M rows ≈ 12% slower than the 3 a monitoring export
 * uses); that read lists only these and the empty cell. What loadCsv does with a token the sample missed
 * is described there.
 */
export function sampleNullTokens(utf8: Uint8Array, delimiter: string, windows = 32, bytes = 32 * 1024): string[] {
  const found = new Set<string>([''])
  const decoder = new TextDecoder()
  // Whole lines of [from, to): from the line after `from` (or the top), to the last line end before `to` (or the end).
  const take = (from: number, until: number) => {
    const to = Math.min(utf8.length, until)
    const lf = from === 0 ? -1 : utf8.indexOf(0x0a, from)
    if (from > 0 && lf < 0) return
    const a = lf + 1
    const b = to === utf8.length ? to : utf8.lastIndexOf(0x0a, to - 1) + 1
    if (b > a) tokensIn(decoder.decode(utf8.subarray(a, b)), delimiter, found)
  }
  take(0, 64 * 1024)
  for (let k = 1; k <= windows; k++) {
    const at = Math.floor((utf8.length * k) / (windows + 1))
    if (at > 64 * 1024) take(at, at + bytes)
  }
  if (utf8.length > 64 * 1024 + bytes) take(utf8.length - bytes, utf8.length)
  return NULL_TOKENS.filter((t) => found.has(t))
}

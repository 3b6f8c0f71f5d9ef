/**
 * Delimiter, header row and a preview, from the head of a file only. PapaParse never sees the whole
 * file: DuckDB's read_csv does the real parse (MEASURED.md).
 */
import Papa from 'papaparse'

export interface SniffResult {
  delimiter: string
  /** 0-based index of the header line among the head's lines (title rows above it are skipped). */
  headerLine: number
  headers: string[]
  /** Up to 20 data rows after the header. */
  preview: string[][]
  /** Decimal comma detected (only with ';' or tab delimiters). */
  decimalComma: boolean
}

const DELIMITERS = [',', ';', '\t', '|']

function mode(xs: number[]): number {
  const counts = new Map<number, number>()
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
  let best = 0
  let n = -1
  for (const [x, c] of counts) if (c > n || (c === n && x > best)) [best, n] = [x, c]
  return best
}

const looksNumeric = (s: string) => /^[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?$/.test(s.trim())

export function sniffCsv(head: string): SniffResult {
  // Drop the possibly cut last line of the head.
  const lastNl = head.lastIndexOf('\n')
  const text = lastNl > 0 ? head.slice(0, lastNl) : head
  let best: { delimiter: string; rows: string[][]; width: number; score: number } | null = null
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' }).data
    if (rows.length === 0) continue
    const widths = rows.map((r) => r.length)
    const width = mode(widths)
    const consistent = widths.filter((w) => w === width).length
    const score = width > 1 ? consistent * width : 0
    if (!best || score > best.score) best = { delimiter, rows, width, score }
  }
  if (!best) return { delimiter: ',', headerLine: 0, headers: [], preview: [], decimalComma: false }
  const { rows, width, delimiter } = best
  // Header: the first row of full width whose cells are mostly non-empty and non-numeric.
  let headerRow = rows.findIndex((r) => r.length >= width && r.filter((c) => c.trim() !== '' && !looksNumeric(c)).length >= Math.ceil(width / 2))
  if (headerRow < 0) headerRow = 0
  // Lines before the header (title rows) are counted in raw lines, for read_csv's skip option.
  const headerLine = countLinesBefore(text, rows, headerRow, delimiter)
  const headers = (rows[headerRow] ?? []).map((h) => h.trim())
  const preview = rows.slice(headerRow + 1, headerRow + 21)
  const decimalComma = delimiter !== ',' && preview.some((r) => r.some((c) => /^[-+]?\d+,\d+$/.test(c.trim())))
  return { delimiter, headerLine, headers, preview, decimalComma }
}

/** Raw line index of parsed row `index` (title rows rarely hold quoted newlines, but handle them). */
function countLinesBefore(text: string, rows: string[][], index: number, delimiter: string): number {
  if (index === 0) return leadingBlankLines(text)
  const lines = text.split(/\r\n|\n|\r/)
  let seen = -1
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.trim() === '' || line.split(delimiter).every((c) => c.trim() === '')) continue
    seen++
    if (seen === index) return i
  }
  return index
}

function leadingBlankLines(text: string): number {
  const lines = text.split(/\r\n|\n|\r/)
  let i = 0
  while (i < lines.length && (lines[i] as string).trim() === '') i++
  return i
}

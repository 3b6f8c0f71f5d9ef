/** CSV out of the app (validation reports, query results): UTF-8 with BOM so Excel/WPS open Chinese text correctly. */

/** A text as a CSV field: quoted when it holds a delimiter, a quote or a line break. */
export function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Cells starting like a formula are prefixed with ' so a spreadsheet shows them as text (CSV injection). */
function cell(v: unknown): string {
  if (v == null) return ''
  let s = typeof v === 'string' ? v : String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d/.test(s)) s = `'${s}`
  return csvQuote(s)
}

export function toCsv(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return `\ufeff${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}

/** Offer text as a file download (blob: URL, same origin). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }))
}

export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

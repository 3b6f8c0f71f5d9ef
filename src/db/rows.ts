import { DataType, type Table } from 'apache-arrow'
import type { Row } from './types'

const pad = (n: number) => String(n).padStart(2, '0')
function isoDate(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/**
 * The one place Arrow results become plain rows: BigInt → number, DATE → 'YYYY-MM-DD',
 * TIMESTAMP → 'YYYY-MM-DDTHH:MM:SS'. Everything else is passed through as JS values.
 */
export function arrowToRows<T extends object = Row>(table: Table): T[] {
  const fields = table.schema.fields
  const converters = fields.map((f) => {
    if (DataType.isDate(f.type)) return (v: unknown) => (v == null ? null : isoDate(Number(v instanceof Date ? v.getTime() : v)))
    if (DataType.isTimestamp(f.type)) {
      return (v: unknown) => (v == null ? null : new Date(Number(v instanceof Date ? v.getTime() : v)).toISOString().slice(0, 19))
    }
    return (v: unknown) => (typeof v === 'bigint' ? Number(v) : v)
  })
  const out: T[] = new Array(table.numRows)
  const columns = fields.map((_, i) => table.getChildAt(i))
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {}
    for (let c = 0; c < fields.length; c++) {
      row[(fields[c] as { name: string }).name] = (converters[c] as (v: unknown) => unknown)(columns[c]?.get(r))
    }
    out[r] = row as T
  }
  return out
}

/**
 * Arrow → Parquet with hyparquet-writer (DuckDB-WASM has no Parquet writer without its extension;
 * see db/remote.ts). Runs in a worker (parquetExport.worker.ts) or inline where there is none.
 */
import { DataType, tableFromIPC, TimeUnit, type Vector } from 'apache-arrow'
import type { DecodedArray, SchemaElement } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'

/** A column of an Arrow result as the Parquet element and the values hyparquet-writer takes. */
function parquetColumn(name: string, v: Vector): { element: SchemaElement; data: DecodedArray } {
  const element = (e: Omit<SchemaElement, 'name' | 'repetition_type'>): SchemaElement => ({ name, repetition_type: 'OPTIONAL', ...e })
  const raw = v.toArray() as ArrayLike<unknown>
  // Computed over all of the vector's batches on every read: read it once.
  const nulls = v.nullCount
  // Typed arrays hold garbage where the value is NULL: take the validity bitmap into account.
  const values = <T>(map: (x: unknown) => T): Array<T | null> => {
    const out = new Array<T | null>(v.length)
    for (let i = 0; i < v.length; i++) out[i] = nulls > 0 && !v.isValid(i) ? null : map(raw[i])
    return out
  }
  const same = (x: unknown) => x
  const t = v.type
  if (DataType.isFloat(t)) return { element: element({ type: 'DOUBLE' }), data: nulls ? values(same) : Float64Array.from(raw as ArrayLike<number>) }
  if (DataType.isInt(t) && t.bitWidth <= 32 && t.isSigned) return { element: element({ type: 'INT32' }), data: nulls ? values(same) : (raw as Int32Array) }
  if (DataType.isInt(t)) return { element: element({ type: 'INT64' }), data: values((x) => BigInt(x as number | bigint)) }
  if (DataType.isBool(t)) return { element: element({ type: 'BOOLEAN' }), data: Array.from(v as Iterable<boolean | null>) }
  // Date32 arrives as epoch milliseconds; Parquet's DATE is days.
  if (DataType.isDate(t)) return { element: element({ type: 'INT32', converted_type: 'DATE' }), data: values((x) => Math.round(Number(x) / 86_400_000)) }
  // DuckDB's TIMESTAMP is microseconds (a BigInt64Array here).
  // A TIMESTAMP (no time zone) is a wall time: declared not adjusted to UTC, so readers keep it as it is.
  const wall = (unit: 'MILLIS' | 'MICROS') => element({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit } })
  if (DataType.isTimestamp(t) && t.unit === TimeUnit.MICROSECOND) return { element: wall('MICROS'), data: values((x) => BigInt(x as bigint)) }
  if (DataType.isUtf8(t)) return { element: element({ type: 'BYTE_ARRAY', converted_type: 'UTF8' }), data: raw as string[] }
  // Anything else (DECIMAL, other time units, …) through Arrow's own value conversion.
  const data = new Array<unknown>(v.length)
  for (let i = 0; i < v.length; i++) data[i] = v.get(i)
  if (DataType.isTimestamp(t)) return { element: wall('MILLIS'), data: data.map((x) => (x == null ? null : BigInt(Math.round(Number(x))))) }
  if (DataType.isDecimal(t)) return { element: element({ type: 'DOUBLE' }), data: data.map((x) => (x == null ? null : Number(x) / 10 ** t.scale)) }
  return { element: element({ type: 'BYTE_ARRAY', converted_type: 'UTF8' }), data: data.map((x) => (x == null ? null : String(x))) }
}

/** An Arrow IPC result as Parquet bytes; columns are taken as they are (no row objects). */
export function ipcToParquet(ipc: Uint8Array, options: { rowGroupSize?: number } = {}): Uint8Array<ArrayBuffer> {
  const result = tableFromIPC(ipc)
  // Internal columns (`__row`: the source line) stay in the app.
  const columns = result.schema.fields
    .filter((f) => !f.name.startsWith('__'))
    .map((f) => ({ name: f.name, ...parquetColumn(f.name, result.getChild(f.name) as Vector) }))
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map((c) => c.element)]
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, data: c.data })),
    schema, rowGroupSize: options.rowGroupSize ?? 122_880, statisticsTruncateLength: 32, createdBy: 'eco-rectify-dashboard',
  })
  return new Uint8Array(buffer)
}

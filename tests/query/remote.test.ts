import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import { airWindowQuery } from '../../src/db/queries'
import { parquetToCsv } from '../../src/csv/parquet'
import { exportParquet, fetchBytes, fetchDataset } from '../../src/db/remote'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

let db: Db
let server: Server
let base = ''
const csv = readFileSync('data/air_quality_daily.csv')
/** Files the test server holds (path → bytes), and every Range header it was asked for. */
const files = new Map<string, Uint8Array>()
const ranges: string[] = []

/** A static file server that answers HEAD and single Range requests (206), like nginx or an object store. */
function serve(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/data/air.csv') return void res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': csv.length }).end(csv)
  if (req.url === '/spa-fallback.csv') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html></html>')
  // /nohead/…: HEAD refused (as signed object-store URLs do); /norange/…: Range ignored (200, whole file).
  const [, quirk, path] = /^\/(nohead|norange)(\/.*)$/.exec(req.url ?? '') ?? [null, null, req.url ?? '']
  const body = files.get(path as string)
  if (!body) return void res.writeHead(404).end()
  const type = { 'Content-Type': 'application/vnd.apache.parquet', 'Accept-Ranges': 'bytes' }
  if (req.method === 'HEAD') return void res.writeHead(quirk === 'nohead' ? 405 : 200, { ...type, 'Content-Length': body.length }).end()
  const m = quirk === 'norange' ? null : /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
  if (!m) return void res.writeHead(200, { ...type, 'Content-Length': body.length }).end(body)
  ranges.push(req.headers.range as string)
  const start = Number(m[1])
  const end = m[2] ? Math.min(Number(m[2]), body.length - 1) : body.length - 1
  res.writeHead(206, { ...type, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${body.length}` }).end(body.subarray(start, end + 1))
}

beforeAll(async () => {
  db = await openNodeDb()
  server = createServer(serve)
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

describe('datasets at an HTTP URL', () => {
  it('a CSV served over HTTP gives the same figures as the same file uploaded', async () => {
    const progress: number[] = []
    const remote = await fetchDataset(`${base}/data/air.csv`, { onProgress: (p) => progress.push(p.loaded) })
    expect([remote.fileName, remote.parquet, remote.transfer.fetched]).toEqual(['air.csv', null, csv.length])
    expect(progress.at(-1)).toBe(csv.length)
    const loaded = await loadCsv(db, { fileName: remote.fileName, bytes: remote.bytes })
    expect([loaded.ok, loaded.kind, loaded.rowsLoaded]).toEqual([true, 'air_daily', 730])
    const viaHttp = await airWindowQuery(db, '2023-01-01', '2023-10-06')
    const local = await loadCsv(db, { fileName: 'air_quality_daily.csv', bytes: new Uint8Array(csv) })
    expect(local.ok).toBe(true)
    const viaUpload = await airWindowQuery(db, '2023-01-01', '2023-10-06')
    expect(viaHttp).toEqual(viaUpload)
    // The seed notice's figures (DOMAIN.md §1) come through the URL path unchanged.
    expect([viaHttp.good_days, viaHttp.valid_days]).toEqual([265, 279])
  })

  it('refuses a 404, an HTML page served in place of a data file, and a file over the size limit', async () => {
    await expect(fetchBytes(`${base}/missing.csv`)).rejects.toThrow('HTTP 404')
    await expect(fetchBytes(`${base}/spa-fallback.csv`)).rejects.toThrow('网页')
    await expect(fetchDataset(`${base}/missing.parquet`)).rejects.toThrow('404')
    await expect(fetchDataset(`${base}/data/air.csv`, { maxBytes: 10_000 })).rejects.toThrow(`文件“air.csv”大小为 ${(csv.length / 1048576).toFixed(1)} MB,超过上限 0.0 MB,未读取`)
  })

  it('a loaded table exported as Parquet and opened over HTTP gives the same figures as the CSV', async () => {
    const local = await loadCsv(db, { fileName: 'air_quality_daily.csv', bytes: new Uint8Array(csv) })
    expect(local.ok).toBe(true)
    const fromCsv = await airWindowQuery(db, '2022-01-01', '2023-12-31')
    const before = await db.query('SELECT * FROM air_daily ORDER BY date')
    const parquet = await exportParquet(db, 'air_daily')
    // A real Parquet file: magic at both ends, the table's columns with date and number types.
    expect(new TextDecoder().decode(parquet.subarray(0, 4)) + new TextDecoder().decode(parquet.subarray(-4))).toBe('PAR1PAR1')
    const meta = parquetMetadata(parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.length) as ArrayBuffer)
    expect(Number(meta.num_rows)).toBe(730)
    const dateEl = meta.schema.find((e) => e.name === 'date')
    expect([dateEl?.type, dateEl?.converted_type]).toEqual(['INT32', 'DATE'])
    expect(meta.schema.find((e) => e.name === 'aqi')?.type).toBe('DOUBLE')

    files.set('/data/air_daily.parquet', parquet)
    ranges.length = 0
    const remote = await fetchDataset(`${base}/data/air_daily.parquet`)
    expect(remote.parquet?.kind).toBe('air_daily')
    // Under 64 KB (the footer read): fetched whole, in one request, without Range.
    expect(parquet.length).toBeLessThan(64 * 1024)
    expect([remote.transfer.size, remote.transfer.fetched, remote.transfer.requests, ranges]).toEqual([parquet.length, parquet.length, 1, []])
    await db.exec('DROP TABLE air_daily')
    const loaded = await loadCsv(db, { fileName: remote.fileName, bytes: remote.bytes })
    expect([loaded.ok, loaded.kind, loaded.rowsLoaded, loaded.issues.length]).toEqual([true, 'air_daily', 730, 0])
    expect(await airWindowQuery(db, '2022-01-01', '2023-12-31')).toEqual(fromCsv)
    expect([(await airWindowQuery(db, '2023-01-01', '2023-10-06')).good_days]).toEqual([265])
    // Every column of every row comes back (the derived daily AQI columns included).
    expect(await db.query('SELECT * FROM air_daily ORDER BY date')).toEqual(before)
  })

  it('every sample table exported as Parquet reads back into the same table, column for column', async () => {
    for (const f of ['ledger.csv', 'air_quality_daily.csv', 'complaints_monthly.csv', 'events.csv', 'enforcement_yearly.csv']) {
      const first = await loadCsv(db, { fileName: f, bytes: new Uint8Array(readFileSync(`data/${f}`)) })
      const table = first.table as string
      const cols = (await db.query<{ c: string }>("SELECT column_name AS c FROM duckdb_columns() WHERE table_name = ? AND column_name <> '__row'", [table])).map((r) => `"${r.c}"`).join(', ')
      const before = await db.query(`SELECT ${cols} FROM "${table}" ORDER BY ALL`)
      const parquet = await exportParquet(db, table)
      const back = await parquetToCsv(parquet.buffer)
      expect([back.kind, back.rows]).toEqual([first.kind, first.rowsLoaded])
      const again = await loadCsv(db, { fileName: `${table}.parquet`, bytes: back.bytes })
      expect([again.ok, again.table, again.rowsLoaded, again.issues]).toEqual([true, table, first.rowsLoaded, []])
      expect(await db.query(`SELECT ${cols} FROM "${table}" ORDER BY ALL`)).toEqual(before)
    }
  })

  it('the export keeps each DuckDB type and every NULL', async () => {
    await db.exec(`CREATE OR REPLACE TABLE types_src AS SELECT * FROM (VALUES
      (DATE '2024-02-29', TIMESTAMP '2024-02-29 23:00:00', true, 7::INTEGER, 9007199254740993::BIGINT, 12.25::DECIMAL(6,2), 1.5::DOUBLE, '站"点,1', 1),
      (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 2)) t(d, ts, b, i, bi, dec, x, s, __row)`)
    const parquet = await exportParquet(db, 'types_src')
    const buffer = parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.length)
    const meta = parquetMetadata(buffer)
    // The internal __row column stays out.
    expect(meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? null])).toEqual([
      ['d', 'INT32', 'DATE'], ['ts', 'INT64', null], ['b', 'BOOLEAN', null], ['i', 'INT32', null],
      // The engine hands BIGINT over as DOUBLE (castBigIntToDouble), and so it is written.
      ['bi', 'DOUBLE', null], ['dec', 'DOUBLE', null], ['x', 'DOUBLE', null], ['s', 'BYTE_ARRAY', 'UTF8'],
    ])
    // A TIMESTAMP is a wall time: declared not adjusted to UTC (DuckDB and pyarrow read it back as TIMESTAMP).
    expect(meta.schema.find((e) => e.name === 'ts')?.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' })
    const rows = await parquetReadObjects({ file: buffer })
    expect(rows).toEqual([
      { d: new Date('2024-02-29T00:00:00Z'), ts: new Date('2024-02-29T23:00:00Z'), b: true, i: 7, bi: 9007199254740992, dec: 12.25, x: 1.5, s: '站"点,1' },
      { d: null, ts: null, b: null, i: null, bi: null, dec: null, x: null, s: null },
    ])
  })

  it('timestamps declared as UTC instants are read in Beijing time; wall times as they are', async () => {
    const at = [Date.UTC(2024, 11, 31, 16), Date.UTC(2024, 11, 31, 17)]
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: '站点', data: ['一号站', '一号站'] },
        { name: '时间', data: at.map(BigInt) },
        { name: '本地时间', data: at.map(BigInt) },
        { name: 'PM2.5', data: [10, 20] },
      ],
      schema: [
        { name: 'root', num_children: 4 },
        { name: '站点', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: '时间', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' }, repetition_type: 'OPTIONAL' },
        { name: '本地时间', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' }, repetition_type: 'OPTIONAL' },
        { name: 'PM2.5', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      ],
    })
    const csv = await parquetToCsv(buffer)
    expect(csv.kind).toBe('air_hourly')
    // 16:00 and 17:00 UTC on 31 Dec are 00:00 and 01:00 on 1 Jan in Beijing.
    expect(new TextDecoder().decode(csv.bytes)).toBe('站点,时间,PM2.5\n一号站,2025-01-01 00:00:00,10\n一号站,2025-01-01 01:00:00,20\n')
    const wall = await parquetToCsv(parquetWriteBuffer({
      columnData: [{ name: '站点', data: ['一号站'] }, { name: '时间', data: [BigInt(at[0] as number)] }, { name: 'PM2.5', data: [10] }],
      schema: [
        { name: 'root', num_children: 3 },
        { name: '站点', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: '时间', type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' }, repetition_type: 'OPTIONAL' },
        { name: 'PM2.5', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
      ],
    }))
    expect(new TextDecoder().decode(wall.bytes)).toBe('站点,时间,PM2.5\n一号站,2024-12-31 16:00:00,10\n')
  })

  it('a period reads only the row groups that overlap it, and only the columns the kind needs', async () => {
    // Six stations, a year of hours, in time order (as a province partition would be sorted).
    await db.exec(`CREATE OR REPLACE TABLE hourly_src AS
      SELECT s.station, TIMESTAMP '2025-01-01' + INTERVAL (h) HOUR AS time,
             (hash(h, s.station) % 2000 / 10)::DOUBLE AS pm25, (hash(s.station, h) % 3000 / 10)::DOUBLE AS pm10, 'x' || (h % 7) AS note
      FROM range(0, 365 * 24) t(h), (VALUES ('一号站'), ('二号站'), ('三号站'), ('四号站'), ('五号站'), ('六号站')) s(station)
      ORDER BY time, station`)
    const parquet = await exportParquet(db, 'hourly_src', { rowGroupSize: 4380 })
    files.set('/data/hourly_2025.parquet', parquet)
    const remote = await fetchDataset(`${base}/data/hourly_2025.parquet`, { period: { from: '2025-03-01', to: '2025-03-31' } })
    const p = remote.parquet
    expect([p?.kind, p?.periodColumn, p?.rowGroupsTotal, p?.fileRows, p?.rows]).toEqual(['air_hourly', 'time', 12, 52560, 31 * 24 * 6])
    expect(p?.rowGroupsRead).toBeLessThanOrEqual(3)
    // The whole file: every byte travels once (the last row group is taken from the footer read).
    const whole = await fetchDataset(`${base}/data/hourly_2025.parquet`)
    expect([whole.parquet?.rows, whole.transfer.size]).toEqual([52560, parquet.length])
    expect(whole.transfer.fetched).toBeLessThanOrEqual(parquet.length)
    expect(p?.skipped).toEqual(['note'])
    // The footer's 64 KB and 2–3 of 12 row groups travel, not the file.
    expect(remote.transfer.fetched).toBeLessThan(parquet.length * 0.3)
    const loaded = await loadCsv(db, { fileName: remote.fileName, bytes: remote.bytes })
    expect([loaded.ok, loaded.kind, loaded.rowsLoaded]).toEqual([true, 'air_hourly', 4464])
    const [a] = await db.query<{ n: number; s: number; first: string; last: string }>(
      'SELECT count(*)::INT AS n, sum(pm25) AS s, min(time) AS first, max(time) AS last FROM air_hourly')
    const [b] = await db.query<{ n: number; s: number }>(
      "SELECT count(*)::INT AS n, sum(pm25) AS s FROM hourly_src WHERE time >= '2025-03-01' AND time < '2025-04-01'")
    expect([a?.n, a?.s, a?.first, a?.last]).toEqual([b?.n, b?.s, '2025-03-01T00:00:00', '2025-03-31T23:00:00'])
  })

  it('a server that refuses HEAD, or ignores Range, still gives the same rows', async () => {
    const whole = await fetchDataset(`${base}/data/air_daily.parquet`)
    const noHead = await fetchDataset(`${base}/nohead/data/air_daily.parquet`)
    expect(noHead.bytes).toEqual(whole.bytes)
    expect(noHead.transfer.size).toBe(whole.transfer.size)
    const noRange = await fetchDataset(`${base}/norange/data/air_daily.parquet`)
    expect(noRange.bytes).toEqual(whole.bytes)
    // Without Range the whole file travels, once.
    expect([noRange.transfer.fetched, noRange.transfer.requests]).toEqual([whole.transfer.size, 1])
  })

  it('more rows than one load can take are refused before any row group travels', async () => {
    ranges.length = 0
    const tooMany = fetchDataset(`${base}/data/hourly_2025.parquet`, { maxRows: 50_000 })
    await expect(tooMany).rejects.toThrow('文件“hourly_2025.parquet”所需的行组共 52,560 行,超过一次可加载的 50,000 行')
    // The footer only (one Range request); a period within the limit then loads.
    expect(ranges).toHaveLength(1)
    const march = await fetchDataset(`${base}/data/hourly_2025.parquet`, { maxRows: 50_000, period: { from: '2025-03-01', to: '2025-03-31' } })
    expect(march.parquet?.rows).toBe(4464)
  })

  it('a file that is not Parquet, served as .parquet, fails with a message naming it', async () => {
    files.set('/data/broken.parquet', new TextEncoder().encode('日期,AQI\n2025-01-01,50\n'))
    await expect(fetchDataset(`${base}/data/broken.parquet`)).rejects.toThrow(/文件“broken.parquet”无法作为 Parquet 文件读取/)
  })
})

import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import { airWindowQuery } from '../../src/db/queries'
import { exportParquet, fetchBytes, openRemoteCsv, openRemoteParquet, ParquetUnavailable } from '../../src/db/remote'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

let db: Db
let server: Server
let base = ''
const csv = readFileSync('data/air_quality_daily.csv')

beforeAll(async () => {
  db = await openNodeDb()
  server = createServer((req, res) => {
    if (req.url === '/data/air.csv') return res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': csv.length }).end(csv)
    if (req.url === '/spa-fallback.csv') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html></html>')
    res.writeHead(404).end()
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

describe('datasets at an HTTP URL', () => {
  it('a CSV served over HTTP gives the same figures as the same file uploaded', async () => {
    const progress: number[] = []
    const remote = await openRemoteCsv(db, `${base}/data/air.csv`, (p) => progress.push(p.loaded))
    expect([remote.ok, remote.kind, remote.fileName, remote.rowsLoaded]).toEqual([true, 'air_daily', 'air.csv', 730])
    expect(progress.at(-1)).toBe(csv.length)
    const viaHttp = await airWindowQuery(db, '2023-01-01', '2023-10-06')
    const local = await loadCsv(db, { fileName: 'air_quality_daily.csv', bytes: new Uint8Array(csv) })
    expect(local.ok).toBe(true)
    const viaUpload = await airWindowQuery(db, '2023-01-01', '2023-10-06')
    expect(viaHttp).toEqual(viaUpload)
    // The seed notice's figures (DOMAIN.md §1) come through the URL path unchanged.
    expect([viaHttp.good_days, viaHttp.valid_days]).toEqual([265, 279])
  })

  it('refuses a 404 and an HTML page served in place of a data file', async () => {
    await expect(fetchBytes(`${base}/missing.csv`)).rejects.toThrow('HTTP 404')
    await expect(fetchBytes(`${base}/spa-fallback.csv`)).rejects.toThrow('网页')
  })

  it('Parquet needs an engine that reads URLs and writes files; without one it says so', async () => {
    const bare: Db = { query: db.query, exec: db.exec, registerFile: db.registerFile, dropFile: db.dropFile }
    await expect(openRemoteParquet(bare, `${base}/data/air.parquet`, 'air_remote')).rejects.toBeInstanceOf(ParquetUnavailable)
    await expect(exportParquet(bare, 'air_daily')).rejects.toBeInstanceOf(ParquetUnavailable)
  })
})

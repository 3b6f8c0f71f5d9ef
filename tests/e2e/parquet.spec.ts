import { readFileSync } from 'node:fs'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import type { Page, Route } from '@playwright/test'
import { test, expect, kpiValue, waitReady } from './fixtures'
import { card, facts, openData, snapshot, sql, waitStatus } from './helpers/intake'

/**
 * Parquet end to end in Chromium without DuckDB's parquet extension: an export downloads a real
 * Parquet file, the same file uploaded gives the overview the same figures, and a Parquet file at a
 * URL is read with Range requests for the period's row groups only.
 */

/** 20 stations × 90 days of hours from 2025-01-01, in time order, 7,200 rows (15 days) per row group. */
function hourlyParquet(): ArrayBuffer {
  const stations: string[] = []
  const times: Date[] = []
  const pm25: number[] = []
  const pm10: number[] = []
  const note: string[] = []
  let seed = 7
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  for (let h = 0; h < 90 * 24; h++) {
    for (const name of Array.from({ length: 20 }, (_, i) => `${i + 1}号站`)) {
      stations.push(name)
      times.push(new Date(Date.UTC(2025, 0, 1) + h * 3600_000))
      pm25.push(Math.round(next() * 1500) / 10)
      pm10.push(Math.round(next() * 2500) / 10)
      note.push(`<img src=x onerror=alert(${h})>`)
    }
  }
  return parquetWriteBuffer({
    columnData: [
      { name: '站点名称', data: stations, type: 'STRING' },
      { name: '监测时间', data: times, type: 'TIMESTAMP' },
      { name: 'PM2.5', data: pm25, type: 'DOUBLE' },
      { name: 'PM10', data: pm10, type: 'DOUBLE' },
      { name: '备注', data: note, type: 'STRING' },
    ],
    rowGroupSize: 7200,
  })
}

/** Serve bytes at a same-origin path like a file server: HEAD without a length, Range → 206. */
async function serveParquet(page: Page, path: string, body: Buffer, ranges: string[]): Promise<void> {
  await page.route((url) => url.pathname === path, async (route: Route) => {
    const req = route.request()
    const headers = { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' }
    if (req.method() === 'HEAD') return route.fulfill({ status: 200, headers, body: '' })
    const m = /^bytes=(\d+)-(\d*)$/.exec((await req.allHeaders()).range ?? '')
    if (!m) return route.fulfill({ status: 200, headers, body })
    ranges.push(m[0])
    const start = Number(m[1])
    const end = m[2] ? Math.min(Number(m[2]), body.length - 1) : body.length - 1
    return route.fulfill({ status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` }, body: body.subarray(start, end + 1) })
  })
}

test('air data exported as Parquet downloads a real file; uploaded back, the overview shows the same figures', async ({ page }) => {
  await openData(page)
  const download = page.waitForEvent('download')
  await page.getByTestId('dataset-air_daily').locator('[data-role=export-parquet]').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('air_daily.parquet')
  const bytes = readFileSync(await file.path())
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer
  const meta = parquetMetadata(buffer)
  expect(Number(meta.num_rows)).toBe(730)
  expect(meta.schema.map((e) => e.name)).toEqual(['root', 'date', 'aqi', 'pm25', 'pm10', 'o3_8h', 'no2', 'so2', 'co', 'primary_pollutant', 'level'])
  const rows = await parquetReadObjects({ file: buffer, rowStart: 0, rowEnd: 1 })
  expect(rows[0]).toMatchObject({ date: new Date('2022-01-01T00:00:00Z'), aqi: 72, pm25: 52, pm10: 91, co: 1.2, primary_pollutant: 'PM2.5' })

  const before = await snapshot(page)
  await page.getByTestId('file-input').setInputFiles({ name: 'air_daily.parquet', mimeType: 'application/vnd.apache.parquet', buffer: bytes })
  const c = card(page, 'air_daily.parquet')
  await waitStatus(c)
  expect(await facts(c)).toMatchObject({ kind: '空气质量(日)', 'rows-read': '730', 'rows-loaded': '730', table: 'air_daily · 替换' })
  await expect(c.getByTestId('origin-parquet')).toHaveText('Parquet:读取 10 列(共 10 列),1/1 个行组,730 行(文件共 730 行)')
  // The same values, so the same content checksum as the sample's table.
  const after = await snapshot(page)
  expect(after['dataset-air_daily']?.split(' | ').slice(1)).toEqual(before['dataset-air_daily']?.split(' | ').slice(1))
  await page.goto('./#/')
  await waitReady(page)
  await expect(page.getByTestId('kpi-good-days').locator('[data-role=value]')).toHaveText('265')
  await expect(page.getByTestId('kpi-good-days')).toContainText('279')
  expect(await kpiValue(page, 'kpi-pm25')).toBe('29')
})

test('a Parquet file at a URL: only its period\'s row groups travel, the hourly rows load and the daily table follows', async ({ page }) => {
  const body = Buffer.from(hourlyParquet())
  const ranges: string[] = []
  await serveParquet(page, '/remote/hourly-2025.parquet', body, ranges)
  await openData(page)
  await page.getByTestId('url-input').fill('remote/hourly-2025.parquet')
  await page.getByTestId('url-from').fill('2025-02-01')
  await page.getByTestId('url-to').fill('2025-02-10')
  await page.getByTestId('url-submit').click()
  const c = card(page, 'hourly-2025.parquet')
  await waitStatus(c)
  expect(await facts(c)).toMatchObject({ kind: '空气质量(小时)', 'rows-read': '4,800', 'rows-loaded': '4,800' })
  // Feb 1–10 lies in one 15-day row group of six; the notes column is not read.
  await expect(c.getByTestId('origin-parquet')).toHaveText('Parquet:读取 4 列(共 5 列),1/6 个行组,4,800 行(文件共 43,200 行),按“监测时间”筛选时段')
  await expect(c.getByTestId('origin-skipped')).toHaveText('未读取的列:备注')
  const transfer = await c.getByTestId('origin-transfer').innerText()
  // The size probe, the footer (the last 64 KB), one row group: three requests, a fraction of the file.
  const m = /^来自 remote\/hourly-2025\.parquet:传输 ([\d.]+) KB\(文件 ([\d.]+) KB,3 次请求\)$/.exec(transfer)
  expect(m, transfer).not.toBeNull()
  expect(Number(m?.[1])).toBeLessThan(Number(m?.[2]) * 0.4)
  expect(ranges).toHaveLength(3)
  expect(await sql(page, "SELECT count(*), min(time)::VARCHAR, max(time)::VARCHAR, count(DISTINCT station) FROM air_hourly")).toEqual([['4800', '2025-02-01 00:00:00', '2025-02-10 23:00:00', '20']])
  // Hourly data rebuilds the daily table (≥ 20 hours a day, GB 3095).
  expect(await sql(page, 'SELECT count(*), min(date)::VARCHAR, max(date)::VARCHAR FROM air_daily')).toEqual([['10', '2025-02-01', '2025-02-10']])
  await expect(page.getByTestId('dataset-air_daily').locator('[data-role=rows]')).toHaveText('10')
  await expect(page.getByTestId('dataset-air_daily').locator('[data-role=file]')).toHaveText('hourly-2025.parquet → 日均')
})

test('opening a URL can be cancelled while it reads; nothing is loaded', async ({ page }) => {
  const body = Buffer.from(hourlyParquet())
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  // The file server answers the size, then holds every range request until the test lets go.
  await page.route((url) => url.pathname === '/remote/slow.parquet', async (route) => {
    if (route.request().method() === 'HEAD') return route.fulfill({ status: 200, headers: { 'content-length': String(body.length) }, body: '' })
    await held
    return route.fulfill({ status: 206, headers: { 'content-range': `bytes 0-0/${body.length}` }, body: body.subarray(0, 1) }).catch(() => undefined)
  })
  await openData(page)
  const before = await snapshot(page)
  await page.getByTestId('url-input').fill('remote/slow.parquet')
  await page.getByTestId('url-submit').click()
  await expect(page.getByTestId('url-submit')).toHaveText('正在读取…')
  await page.getByTestId('url-cancel').click()
  await expect(page.getByTestId('url-error')).toHaveText('已取消,未加载任何数据')
  await expect(page.getByTestId('url-submit')).toHaveText('打开')
  release()
  await expect(page.getByTestId('upload-card')).toHaveCount(0)
  expect(await snapshot(page)).toEqual(before)
})

test('a file that is not Parquet, from a URL or picked, says so and changes nothing', async ({ page }) => {
  await page.route((url) => url.pathname === '/remote/not.parquet', (route) => route.fulfill({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: '日期,AQI\n2025-01-01,50\n' }))
  await openData(page)
  const before = await snapshot(page)
  await page.getByTestId('url-input').fill('remote/not.parquet')
  await page.getByTestId('url-from').fill('2025-03-01')
  await page.getByTestId('url-to').fill('2025-02-01')
  await page.getByTestId('url-submit').click()
  await expect(page.getByTestId('url-error')).toHaveText('起始日期晚于截止日期,请调换后再打开')
  await page.getByTestId('url-to').fill('')
  await page.getByTestId('url-input').fill('http://[::1')
  await page.getByTestId('url-submit').click()
  await expect(page.getByTestId('url-error')).toHaveText('“http://[::1”不是有效的网址')
  await page.getByTestId('url-input').fill('remote/not.parquet')
  await page.getByTestId('url-submit').click()
  await expect(page.getByTestId('url-error')).toContainText('文件“not.parquet”无法作为 Parquet 文件读取')
  await page.getByTestId('file-input').setInputFiles({ name: 'broken.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from('PAR1 not really') })
  await waitStatus(card(page, 'broken.parquet'), '未加载')
  await expect(card(page, 'broken.parquet').getByTestId('upload-error')).toContainText('文件“broken.parquet”无法作为 Parquet 文件读取')
  expect(await snapshot(page)).toEqual(before)
})

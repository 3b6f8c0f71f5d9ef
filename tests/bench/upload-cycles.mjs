/**
 * Heap after N upload/replace cycles vs after the first (not a test: prints a table).
 * Needs a build: `npx vite build && node tests/bench/upload-cycles.mjs [cycles]`; serves dist with
 * `vite preview` on PW_PORT (default 4185) unless something already answers there.
 * Each cycle uploads a ~1 MB daily-air file through /data, replaces the current table, waits for
 * "已加载" and removes the card; the heap is read after a forced GC (CDP HeapProfiler.collectGarbage).
 */
import { spawn } from 'node:child_process'
import { chromium } from '@playwright/test'

const PORT = Number(process.env.PW_PORT ?? 4185)
const CYCLES = Number(process.argv[2] ?? 20)
const BASE = `http://127.0.0.1:${PORT}/`

async function up() {
  try {
    return (await fetch(BASE)).ok
  } catch {
    return false
  }
}

async function serve() {
  if (await up()) return null
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: 'ignore' })
  for (let i = 0; i < 120 && !(await up()); i++) await new Promise((r) => setTimeout(r, 500))
  return child
}

function airCsv(cycle) {
  const rows = ['日期,PM2.5,PM10,CO']
  const start = Date.UTC(1950, 0, 1)
  for (let i = 0; i < 30_000; i++) rows.push(`${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${(i + cycle) % 90},${(i * 7) % 150},0.${i % 10}`)
  return Buffer.from(`${rows.join('\n')}\n`)
}

const server = await serve()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
})
try {
  const page = await browser.newPage()
  const cdp = await page.context().newCDPSession(page)
  await page.goto(`${BASE}#/data`)
  await page.getByTestId('dataset-ledger').locator('[data-role=checksum]').filter({ hasNotText: '…' }).waitFor({ timeout: 120_000 })

  async function heap() {
    await cdp.send('HeapProfiler.collectGarbage')
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)))
    await cdp.send('HeapProfiler.collectGarbage')
    const usage = await cdp.send('Runtime.getHeapUsage')
    const perf = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0)
    const dom = await cdp.send('Memory.getDOMCounters').catch(() => ({ nodes: 0 }))
    // The engine lives in a worker: ask DuckDB for its own memory and count its tables (leaked staging tables would show).
    const [duck, tables] = (await sql('SELECT sum(memory_usage_bytes)::BIGINT AS b, (SELECT count(*) FROM duckdb_tables())::INT AS t FROM duckdb_memory()'))[0]
    return { used: usage.usedSize, total: usage.totalSize, perf, nodes: dom.nodes, duck: Number(duck), tables: Number(tables) }
  }

  async function sql(query) {
    await page.getByTestId('tab-sql').click()
    await page.getByTestId('sql-input').fill(query)
    await page.getByTestId('sql-count').waitFor({ state: 'detached', timeout: 1000 }).catch(() => undefined)
    await page.getByTestId('sql-run').click()
    await page.getByTestId('sql-count').waitFor({ timeout: 60_000 })
    const rows = await page.getByTestId('sql-result').locator('[data-role=row]').all()
    return Promise.all(rows.map(async (r) => (await r.locator('.cell').allInnerTexts()).map((x) => x.trim().replace(/,/g, ''))))
  }

  const table = []
  const base = await heap()
  table.push({ cycle: 0, ms: 0, ...base })
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const name = `air-cycle-${cycle}.csv`
    const t0 = performance.now()
    await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: airCsv(cycle) })
    const card = page.getByTestId('upload-card').filter({ hasText: name })
    if (cycle > 1) await card.getByTestId('choose-replace').click({ timeout: 60_000 })
    await card.getByTestId('upload-status').filter({ hasText: '已加载' }).waitFor({ timeout: 120_000 })
    const ms = performance.now() - t0
    await card.getByTestId('upload-dismiss').click()
    if (cycle === 1 || cycle === CYCLES || cycle % 5 === 0) table.push({ cycle, ms: Math.round(ms), ...(await heap()) })
  }
  const mb = (b) => (b / 1048576).toFixed(1)
  console.log(`\nupload/replace cycles (30,000-row daily air CSV, ~1 MB each), heap after forced GC`)
  console.log('cycle | load ms | JS heap used MB | JS heap total MB | performance.memory MB | DOM nodes | DuckDB memory MB | DuckDB tables')
  console.log('----: | ------: | --------------: | ---------------: | --------------------: | --------: | ---------------: | -----------:')
  for (const r of table) console.log(`${r.cycle} | ${r.ms} | ${mb(r.used)} | ${mb(r.total)} | ${mb(r.perf)} | ${r.nodes} | ${mb(r.duck)} | ${r.tables}`)
  const first = table.find((r) => r.cycle === 1)
  const last = table[table.length - 1]
  console.log(`\nafter ${last.cycle} cycles vs after the first: ${mb(last.used)} MB vs ${mb(first.used)} MB (${last.used >= first.used ? '+' : ''}${mb(last.used - first.used)} MB)`)
} finally {
  await browser.close()
  server?.kill()
}

/**
 * `npm run bench` (after `vite build`): the app's speed budgets measured in real Chromium, in one
 * run, medians of ≥ 3. Prints a table and writes bench-results/bench-<time>.json (+ latest.json).
 *
 * - The built app (dist/) is served at /app/ with the production CSP; the bench page
 *   (tests/bench/page, built here into bench-dist/) at /bench/; generated CSVs at /data/.
 * - Ingest timings exclude the fetch of the file (the bytes are in hand, as after a file drop).
 * - The reference for ingest is bare read_csv of the same bytes, registered the same way, in the
 *   same page and run; ratios are what count on a shared machine.
 * - Renderer memory: RSS of this run's Chromium renderer processes (descendants of this Node
 *   process with --type=renderer), sampled every 100 ms; the DuckDB worker is a thread in it.
 *
 * Env: BENCH_PORT (default PW_PORT or 4184), BENCH_SIZES (default 100000,1000000,5000000),
 *      BENCH_REPS (default 3), CHROMIUM_PATH.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { build, loadConfigFromFile } from 'vite'
import { generate } from './gen-hourly.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const PORT = Number(process.env.BENCH_PORT ?? process.env.PW_PORT ?? 4184)
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000,5000000').split(',').map(Number)
const REPS = Math.max(3, Number(process.env.BENCH_REPS ?? 3))
const DATA = join(ROOT, 'bench-data')
const BENCH_DIST = join(ROOT, 'bench-dist')
const APP_DIST = resolve(process.env.BENCH_APP_DIST ?? join(ROOT, 'dist'))
/** BENCH_ONLY=app: only the built app's rows (cold open, initial JS, wall, compare), e.g. for another build via BENCH_APP_DIST. */
const ONLY_APP = process.env.BENCH_ONLY === 'app'
const ORIGIN = `http://127.0.0.1:${PORT}`

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10)

// ---------------------------------------------------------------- static server with Range support
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8', '.json': 'application/json', '.parquet': 'application/octet-stream', '.png': 'image/png', '.svg': 'image/svg+xml' }
const CSP = (await loadConfigFromFile({ command: 'serve', mode: 'production', isPreview: true }, join(ROOT, 'vite.config.ts')))?.config.preview?.headers?.['Content-Security-Policy'] ?? null

function serve() {
  const mounts = [['/app/', APP_DIST], ['/bench/', BENCH_DIST], ['/data/', DATA]]
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', ORIGIN)
    const mount = mounts.find(([p]) => url.pathname.startsWith(p))
    if (!mount) return res.writeHead(404).end()
    // The bench page stores the Parquet files it exports here, to open them again over HTTP.
    if (req.method === 'PUT') {
      const name = /^\/data\/(bench-[\w-]+\.parquet)$/.exec(url.pathname)?.[1]
      if (!name) return res.writeHead(403).end()
      return void req.pipe(createWriteStream(join(DATA, name))).on('finish', () => res.writeHead(201).end())
    }
    let file = normalize(join(mount[1], decodeURIComponent(url.pathname.slice(mount[0].length))))
    if (!file.startsWith(mount[1])) return res.writeHead(403).end()
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) return res.writeHead(404).end()
    const size = statSync(file).size
    const headers = { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' }
    if (mount[0] === '/app/' && CSP) headers['Content-Security-Policy'] = CSP
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '')
    if (range) {
      const start = range[1] ? Number(range[1]) : size - Number(range[2])
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 })
      if (req.method === 'HEAD') return res.end()
      return createReadStream(file, { start, end }).pipe(res)
    }
    res.writeHead(200, { ...headers, 'Content-Length': size })
    if (req.method === 'HEAD') return res.end()
    createReadStream(file).pipe(res)
  })
  return new Promise((ok) => server.listen(PORT, '127.0.0.1', () => ok(server)))
}

// ---------------------------------------------------------------- renderer memory from /proc
function children() {
  const kids = new Map()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (!kids.has(ppid)) kids.set(ppid, [])
      kids.get(ppid).push(Number(d))
    } catch {
      // process ended while reading
    }
  }
  return kids
}
function rendererPids() {
  const kids = children()
  const out = []
  const stack = [process.pid]
  while (stack.length) {
    const p = stack.pop()
    for (const c of kids.get(p) ?? []) {
      stack.push(c)
      try {
        if (readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('--type=renderer')) out.push(c)
      } catch {
        // gone
      }
    }
  }
  return out
}
const rssMb = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}
const memory = { peakMb: 0, phasePeakMb: 0 }
let pids = []
setInterval(() => {
  pids = rendererPids()
}, 1000).unref()
setInterval(() => {
  const max = Math.max(0, ...pids.map(rssMb))
  memory.peakMb = Math.max(memory.peakMb, max)
  memory.phasePeakMb = Math.max(memory.phasePeakMb, max)
}, 100).unref()

// ---------------------------------------------------------------- measurements
function initialJs() {
  const html = readFileSync(join(APP_DIST, 'index.html'), 'utf8')
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1])
  const files = [...new Set(srcs)].map((s) => join(APP_DIST, s.replace(/^\.\//, '')))
  const gz = files.reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).length, 0)
  const raw = files.reduce((a, f) => a + statSync(f).size, 0)
  return { files: files.map((f) => f.slice(APP_DIST.length + 1)), rawKb: r1(raw / 1024), gzipKb: r1(gz / 1024) }
}

async function benchPage(browser) {
  const page = await browser.newPage()
  page.on('pageerror', (e) => console.error('page error:', e))
  await page.goto(`${ORIGIN}/bench/`)
  await page.waitForFunction(() => document.title === 'bench ready')
  return page
}

/**
 * Wall page switch and compare recompute, through the hooks those views expose while open
 * (window.__wall.show(i) → ms to painted; window.__compare.recompute() → ms). A build without
 * them gets a labelled placeholder, never a number.
 */
/**
 * Cold open of the built app (fresh context: empty cache, nothing kept) and a warm reload, for the
 * overview (to its KPIs) and the wall (to its first page's numbers and charts). "shown" is when the
 * figures are on screen (drawn from the kept last figures while the engine starts); "live" is when
 * the engine has checked every one of them (mark app:figures-live).
 */
async function openTimes(browser) {
  const views = {
    overview: { path: '', seen: () => {
      const v = document.querySelector('[data-testid="kpi-total"] [data-role="value"]')
      return !!v && !!v.textContent && v.textContent.trim() !== '—'
    } },
    wall: { path: '#/wall?dwell=3600', seen: () => {
      const v = document.querySelector('[data-testid="wall-kpi-good-rate"] [data-role="value"]')
      const page = document.querySelector('[data-testid="wall-page-air"]')
      return !!v && /\d/.test(v.textContent ?? '') && !!page && page.querySelectorAll('canvas').length >= 4
    } },
  }
  const out = {}
  for (const [name, view] of Object.entries(views)) {
    const runs = { cold: { shown: [], live: [], marks: [] }, warm: { shown: [], live: [], marks: [] } }
    for (let i = 0; i < REPS; i++) {
      const ctx = await browser.newContext({ viewport: name === 'wall' ? { width: 1920, height: 1080 } : { width: 1440, height: 900 } })
      const page = await ctx.newPage()
      for (const kind of ['cold', 'warm']) {
        const t0 = Date.now()
        // The warm reopen reloads (a goto to the same URL with a hash would not navigate).
        if (kind === 'cold') await page.goto(`${ORIGIN}/app/${view.path}`)
        else await page.reload()
        await page.waitForFunction(view.seen, null, { timeout: 60_000, polling: 16 })
        runs[kind].shown.push(Date.now() - t0)
        const shownAt = await page.evaluate(() => Math.round(performance.now()))
        // Live: the engine answered (no start-up progress) and no kept figure is still unchecked.
        await page.waitForFunction(() => performance.getEntriesByName('app:sample-loaded').length > 0 && !document.querySelector('[data-testid="engine-progress"]') && !window.__lastFigures?.showing(), null, { timeout: 60_000, polling: 16 })
        runs[kind].live.push(Date.now() - t0)
        // Where the time went, on the page's own clock (0 = navigation start).
        const marks = await page.evaluate(() => Object.fromEntries([
          ...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('app:')).map((m) => [m.name.slice(4), Math.round(m.startTime)]),
          ['domContentLoaded', Math.round(performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0)],
          ['mismatches', window.__lastFigures?.mismatches().length ?? 0],
        ]))
        runs[kind].marks.push({ ...marks, shown: shownAt })
      }
      await ctx.close()
    }
    const medianMarks = (list) => Object.fromEntries(Object.keys(list[0] ?? {}).map((k) => [k, Math.round(median(list.map((m) => m[k] ?? 0)))]))
    for (const kind of ['cold', 'warm']) {
      const r = runs[kind]
      out[`${kind}Open${name === 'wall' ? 'Wall' : 'Overview'}`] = { shown: r1(median(r.shown)), live: r1(median(r.live)), runsShown: r.shown, runsLive: r.live, timeline: medianMarks(r.marks) }
    }
  }
  return out
}

async function wallAndCompare(browser) {
  const out = {}
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await ctx.newPage()
  try {
    await page.goto(`${ORIGIN}/app/#/wall`)
    const hasWall = await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 60_000 }).then(() => true, () => false)
    if (hasWall) {
      const pages = await page.evaluate(() => window.__wall.pages().length)
      const ms = []
      for (let k = 0; k < Math.max(REPS, 2) * pages; k++) ms.push(await page.evaluate((i) => window.__wall.show(i), k % pages))
      out.wallPageSwitch = { median: r1(median(ms)), pages, runs: ms.map(r1) }
    } else out.wallPageSwitch = 'not measured: feature not in this build (no window.__wall)'
    await page.goto(`${ORIGIN}/app/#/compare`)
    const hasCompare = await page.waitForFunction(() => window.__compare && window.__compare.state(), null, { timeout: 60_000 }).then(() => true, () => false)
    if (hasCompare) {
      const ms = []
      for (let i = 0; i < REPS; i++) ms.push((await page.evaluate(() => window.__compare.recompute())).ms)
      out.compareRecompute = { median: r1(median(ms)), runs: ms.map(r1) }
    } else out.compareRecompute = 'not measured: feature not in this build (no window.__compare)'
  } finally {
    await ctx.close()
  }
  return out
}

async function main() {
  if (!ONLY_APP) console.log('building bench page …')
  if (!ONLY_APP) await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'tests/bench/page'), base: './', logLevel: 'warn', build: { outDir: BENCH_DIST, emptyOutDir: true } })
  console.log('generating data (cached in bench-data/) …')
  const files = {}
  if (!ONLY_APP) for (const n of SIZES) files[n] = await generate(n, DATA)
  const server = await serve()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'],
  })
  const out = { when: new Date().toISOString(), reps: REPS, sizes: SIZES, results: {} }
  const R = out.results
  if (ONLY_APP) {
    try {
      Object.assign(R, await openTimes(browser), { initialJs: initialJs() }, await wallAndCompare(browser))
    } finally {
      await browser.close()
      server.close()
    }
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
    writeFileSync(join(ROOT, 'bench-results', 'app-latest.json'), JSON.stringify(out, null, 2))
    console.log(JSON.stringify({ app: APP_DIST, cold: R.coldOpenOverview, warm: R.warmOpenOverview, wallOpen: R.coldOpenWall, initialJs: R.initialJs, wall: R.wallPageSwitch, compare: R.compareRecompute }, null, 2))
    return
  }
  try {
    // Engine start and sample load, each in a fresh page.
    const starts = []
    const samples = []
    for (let i = 0; i < REPS; i++) {
      const page = await benchPage(browser)
      starts.push(await page.evaluate(() => window.__bench.start()))
      samples.push(await page.evaluate(() => window.__bench.loadSample()))
      await page.close()
    }
    R.engineStartMs = { median: r1(median(starts)), runs: starts.map(r1) }
    R.sampleLoadMs = { median: r1(median(samples)), runs: samples.map(r1) }
    console.log('engine', R.engineStartMs, 'sample', R.sampleLoadMs)

    Object.assign(R, await openTimes(browser))
    console.log('open', R.coldOpenOverview, R.coldOpenWall)
    R.initialJs = initialJs()

    // Ingest: bare read_csv (reference) vs loadCsv, UTF-8 and GB18030, per size.
    const page = await benchPage(browser)
    await page.evaluate(() => window.__bench.start())
    await page.evaluate(() => window.__bench.loadSample())
    R.ingest = {}
    for (const n of SIZES) {
      const u = `/data/${files[n].utf8.split('/').pop()}`
      const g = `/data/${files[n].gb18030.split('/').pop()}`
      const c = files[n].crlf ? `/data/${files[n].crlf.split('/').pop()}` : null
      const runs = { bare: [], utf8: [], gb18030: [], crlf: [] }
      // loadCsv without its derived tables (hourly → daily, summaries): the "loaded and validated" time.
      const validated = { utf8: [], gb18030: [], crlf: [] }
      const stages = { utf8: [], gb18030: [], crlf: [] }
      const longest = { utf8: 0, gb18030: 0, crlf: 0 }
      const peaks = { bare: 0, utf8: 0, gb18030: 0, crlf: 0 }
      let last = null
      memory.phasePeakMb = 0
      // The largest size is a memory check; on a shared 2-core machine it runs once unless BENCH_REPS_LARGE says more.
      const reps = n >= 5_000_000 ? Number(process.env.BENCH_REPS_LARGE ?? 1) : REPS
      const variants = [['bare', 'bare'], ['utf8', 'load'], ['gb18030', 'load'], ...(c ? [['crlf', 'load']] : [])]
      for (let i = 0; i < reps; i++) {
        // The order rotates from one repetition to the next: the third read in a row tends to be the
        // slowest (wasm heap, GC), which would otherwise always fall on the same variant.
        for (const [key, fn] of [...variants.slice(i % variants.length), ...variants.slice(0, i % variants.length)]) {
          // The largest size runs each variant in a fresh page: wasm memory never shrinks, so a shared
          // page would charge one variant's peak to the next.
          const own = n >= 5_000_000 ? await benchPage(browser) : null
          const p = own ?? page
          if (own) await own.evaluate(() => window.__bench.start())
          await p.evaluate(async () => {
            for (const t of ['air_hourly', 'air_station_daily', 'air_station_monthly']) await window.__bench.dropTable(t)
          })
          const url = key === 'gb18030' ? g : key === 'crlf' ? c : u
          const before = memory.phasePeakMb
          memory.phasePeakMb = 0
          const res = await p.evaluate(([f, x]) => (f === 'bare' ? window.__bench.bare(x) : window.__bench.load(x)), [fn, url])
          if (own) await own.close()
          if (fn === 'load' && !res.ok) throw new Error(`${url}: ${res.error}`)
          if (fn === 'load') {
            last = res
            validated[key].push(res.ms - res.timings.derive)
            stages[key].push(res.timings)
            longest[key] = Math.max(longest[key], res.longestTaskMs)
          }
          runs[key].push(res.ms)
          peaks[key] = Math.max(peaks[key], Math.round(memory.phasePeakMb))
          memory.phasePeakMb = Math.max(before, memory.phasePeakMb)
          process.stdout.write(`  ${n} ${key} ${Math.round(res.ms)} ms${fn === 'load' ? ` (${res.path}; ${Object.entries(res.timings).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}; longest task ${Math.round(res.longestTaskMs)} ms)` : ''}\n`)
        }
      }
      const bytes = statSync(files[n].utf8).size
      const m = { bare: median(runs.bare), utf8: median(runs.utf8), gb18030: median(runs.gb18030) }
      const v = { utf8: median(validated.utf8), gb18030: median(validated.gb18030) }
      const stageMedians = (list) => Object.fromEntries(Object.keys(list[0] ?? {}).map((k) => [k, r1(median(list.map((t) => t[k])))]))
      R.ingest[n] = {
        mb: r1(bytes / 1e6),
        bareMs: r1(m.bare), loadUtf8Ms: r1(m.utf8), loadGb18030Ms: r1(m.gb18030),
        validatedUtf8Ms: r1(v.utf8), validatedGb18030Ms: r1(v.gb18030),
        speedVsBare: r1((m.bare / v.utf8) * 100), gbOverUtf8: Math.round((v.gb18030 / v.utf8) * 100) / 100,
        // Each repetition's loads against the bare read just before them (same minute of a drifting machine).
        pairedSpeedVsBare: r1(median(runs.bare.map((b, i) => (b / validated.utf8[i]) * 100))),
        pairedGbOverUtf8: Math.round(median(validated.gb18030.map((g, i) => g / validated.utf8[i])) * 100) / 100,
        // The same rows with CRLF line ends (Excel, WPS), against LF: what the line-end check costs.
        ...(c ? { validatedCrlfMs: r1(median(validated.crlf)), crlfOverLf: Math.round((median(validated.crlf) / v.utf8) * 100) / 100, pairedCrlfOverLf: Math.round(median(validated.crlf.map((x, i) => x / validated.utf8[i])) * 100) / 100 } : {}),
        stagesUtf8: stageMedians(stages.utf8), stagesGb18030: stageMedians(stages.gb18030), ...(c ? { stagesCrlf: stageMedians(stages.crlf) } : {}),
        longestTaskMs: { utf8: Math.round(longest.utf8), gb18030: Math.round(longest.gb18030), ...(c ? { crlf: Math.round(longest.crlf) } : {}) }, path: last?.path,
        mbPerS: r1(bytes / 1e6 / (m.utf8 / 1000)), rowsLoaded: last?.rowsLoaded, issues: last?.issues,
        rendererPeakMb: Math.round(memory.phasePeakMb), rendererPeakMbBy: peaks, reps, runs,
      }
      console.log(n, R.ingest[n])
      if (n === 1_000_000 || (n === SIZES[SIZES.length - 1] && !SIZES.includes(1_000_000) && n < 5_000_000)) {
        // Derived steps on their own, then every overview query warm on this data (loaded again,
        // untimed, when the rotation ended on the bare read, which drops the app's tables first).
        if (!(await page.evaluate(() => window.__bench.tableRows('air_hourly')).catch(() => 0))) await page.evaluate((x) => window.__bench.load(x), u)
        const derive = []
        for (let i = 0; i < REPS; i++) derive.push(await page.evaluate(() => window.__bench.derive()))
        R.derivedMs = { rows: n, hourlyToDaily: r1(median(derive.map((d) => d.hourlyToDaily))), preagg: r1(median(derive.map((d) => d.preagg))) }
        R.queriesWarmMs = { rows: n, dailyRows: await page.evaluate(() => window.__bench.tableRows('air_daily')) }
        const names = await page.evaluate(() => window.__bench.queryNames())
        const [from, to] = await page.evaluate(() => window.__bench.span())
        R.queriesWarmMs.window = `${from}..${to}`
        for (const q of names) {
          await page.evaluate(([x, f, t]) => window.__bench.query(x, f, t), [q, from, to])
          const ms = []
          let rows = 0
          for (let i = 0; i < Math.max(5, REPS); i++) {
            const r = await page.evaluate(([x, f, t]) => window.__bench.query(x, f, t), [q, from, to])
            ms.push(r.ms)
            rows = r.rows
          }
          R.queriesWarmMs[q] = { median: r1(median(ms)), rows }
        }
        console.log('queries', R.queriesWarmMs)
        R.parquet = await parquetRows(page, n, u)
        console.log('parquet', R.parquet)
      }
    }
    // Charts.
    R.chartMs = {}
    for (const n of [365, 10_000]) {
      const runs = []
      for (let i = 0; i < REPS; i++) runs.push(await page.evaluate((k) => window.__bench.chart(k), n))
      R.chartMs[n] = { first: r1(median(runs.map((x) => x.firstMs))), update: r1(median(runs.map((x) => x.updateMs))) }
    }
    await page.close()
    Object.assign(R, await wallAndCompare(browser))
    R.rendererPeakMb = Math.round(memory.peakMb)
  } finally {
    await browser.close()
    server.close()
  }
  mkdirSync(join(ROOT, 'bench-results'), { recursive: true })
  const json = JSON.stringify(out, null, 2)
  writeFileSync(join(ROOT, 'bench-results', `bench-${out.when.replace(/[:.]/g, '-')}.json`), json)
  writeFileSync(join(ROOT, 'bench-results', 'latest.json'), json)
  printTable(R)
}

/**
 * Parquet on the hourly table just loaded (n rows): export (hyparquet-writer) and store on this
 * server, then open it through the app's URL path, whole and for one month (range reads of that
 * month's row groups). Other origins are blocked and recorded: there must be none.
 */
async function parquetRows(page, n, csvUrl) {
  const requested = []
  await page.route('**/*', (route) => {
    const u = route.request().url()
    requested.push(u)
    return u.startsWith(ORIGIN) ? route.continue() : route.abort()
  })
  const url = '/data/bench-hourly.parquet'
  const exports = []
  for (let i = 0; i < REPS; i++) exports.push(await page.evaluate(([t, x]) => window.__bench.parquetExport(t, x), ['air_hourly', url]))
  const [first] = await page.evaluate(() => window.__bench.span())
  const month = [first, `${first.slice(0, 8)}28`]
  const whole = []
  const oneMonth = []
  for (let i = 0; i < REPS; i++) {
    whole.push(await page.evaluate((x) => window.__bench.parquetOpen(x), url))
    oneMonth.push(await page.evaluate(([x, f, t]) => window.__bench.parquetOpen(x, f, t), [url, ...month]))
  }
  // The next steps (charts) do not need the table; reload the CSV so the page ends as it began.
  await page.evaluate((x) => window.__bench.load(x), csvUrl)
  await page.unroute('**/*')
  const med = (list, k) => r1(median(list.map((x) => x[k])))
  const open = (list) => ({
    fetchMs: med(list, 'fetchMs'), loadMs: med(list, 'loadMs'), rows: list[0].rows, ok: list.every((x) => x.ok),
    fetchedKb: Math.round(list[0].fetched / 1024), sizeKb: Math.round(list[0].size / 1024), requests: list[0].requests, groups: list[0].groups,
    longestTaskMs: Math.round(Math.max(...list.map((x) => x.longestTaskMs))),
  })
  return {
    rows: n, exportMs: med(exports, 'ms'), fileMb: r1(exports[0].bytes / 1048576), exportLongestTaskMs: Math.round(Math.max(...exports.map((x) => x.longestTaskMs))), whole: open(whole), month: { ...open(oneMonth), period: month.join('..') },
    foreign: requested.filter((u) => !u.startsWith(ORIGIN)),
  }
}

function printTable(R) {
  const rows = []
  const add = (what, value, budget, pass) => rows.push([what, String(value), budget ?? '', pass == null ? '' : pass ? 'PASS' : 'MISS'])
  add('engine start (ms)', R.engineStartMs.median)
  add('sample load (ms)', R.sampleLoadMs.median)
  const tl = (x) => ` (page clock: DOM ${x.timeline.domContentLoaded}, figures shown ${x.timeline.shown}; engine ${x.timeline['engine-start']}→${x.timeline['engine-instantiated']} wasm compiled→${x.timeline['engine-ready']}, sample ${x.timeline['sample-loaded']}, figures checked ${x.timeline['figures-live']}, ${x.timeline.mismatches} differed)`
  for (const [key, what] of [['coldOpenOverview', 'cold open → overview KPIs'], ['warmOpenOverview', 'warm reopen → overview KPIs'], ['coldOpenWall', 'cold open → wall first page drawn'], ['warmOpenWall', 'warm reopen → wall first page drawn']]) {
    const x = R[key]
    const cold = key.startsWith('cold')
    add(`${what}, shown (ms${tl(x)})`, x.shown, cold ? '≤ 1500' : '', cold ? x.shown <= 1500 : null)
    add(`${what}, checked live by the engine (ms)`, x.live)
  }
  add('initial JS (KB gzip)', R.initialJs.gzipKb, '≤ 350', R.initialJs.gzipKb <= 350)
  for (const [n, x] of Object.entries(R.ingest)) {
    add(`${n} rows (${x.mb} MB) bare read_csv (ms, ${x.reps === 1 ? '1 run' : `median of ${x.reps}`})`, x.bareMs)
    add(`${n} rows loadCsv UTF-8, whole (ms; incl. derived tables ${x.stagesUtf8.derive})`, x.loadUtf8Ms)
    add(`${n} rows loaded + validated UTF-8 (ms; ${x.path} read)`, x.validatedUtf8Ms, n === '1000000' ? '≤ 1300' : '', n === '1000000' ? x.validatedUtf8Ms <= 1300 : null)
    add(`${n} rows loaded + validated speed vs bare (%; ratio of the medians)`, x.speedVsBare, '≥ 85', x.speedVsBare >= 85)
    add(`${n} rows loaded + validated speed vs bare (%; median of the ${x.reps} paired repetitions)`, x.pairedSpeedVsBare, '≥ 85', x.pairedSpeedVsBare >= 85)
    add(`${n} rows of which the typed read_csv statement alone (ms; ${r1((x.bareMs / x.stagesUtf8.read) * 100)}% of bare speed)`, x.stagesUtf8.read)
    add(`${n} rows loaded + validated GB18030 (ms; decode ${x.stagesGb18030.decode})`, x.validatedGb18030Ms)
    add(`${n} rows GB18030 / UTF-8 (loaded + validated; ratio of the medians)`, x.gbOverUtf8, '≤ 1.25', x.gbOverUtf8 <= 1.25)
    add(`${n} rows GB18030 / UTF-8 (loaded + validated; median of the paired repetitions)`, x.pairedGbOverUtf8, '≤ 1.25', x.pairedGbOverUtf8 <= 1.25)
    if (x.crlfOverLf != null) {
      add(`${n} rows loaded + validated, CRLF line ends (ms; decode ${x.stagesCrlf.decode})`, x.validatedCrlfMs)
      add(`${n} rows CRLF / LF (loaded + validated; ratio of the medians, paired ${x.pairedCrlfOverLf})`, x.crlfOverLf)
    }
    add(`${n} rows longest main-thread task during load (ms; UTF-8/GB18030${x.longestTaskMs.crlf != null ? '/CRLF' : ''})`, Object.values(x.longestTaskMs).join('/'), '≤ 200', Math.max(...Object.values(x.longestTaskMs)) <= 200)
    add(`${n} rows renderer peak (MB; bare/UTF-8/GB18030 ${x.rendererPeakMbBy.bare}/${x.rendererPeakMbBy.utf8}/${x.rendererPeakMbBy.gb18030})`, x.rendererPeakMb, n === '5000000' ? '≤ 2560' : '', n === '5000000' ? x.rendererPeakMb <= 2560 : null)
  }
  if (R.derivedMs) {
    add(`hourly → daily on ${R.derivedMs.rows} rows (ms)`, R.derivedMs.hourlyToDaily)
    add('summary tables (ms)', R.derivedMs.preagg)
  }
  if (R.queriesWarmMs) {
    for (const [q, v] of Object.entries(R.queriesWarmMs)) {
      if (typeof v !== 'object') continue
      // The raw-hourly query is the reference that shows what the summary tables save; no view runs it.
      if (/Raw/.test(q)) add(`query ${q} warm (ms, ${v.rows} rows out; reference, no view runs it)`, v.median)
      else add(`query ${q} warm (ms, ${v.rows} rows out)`, v.median, '≤ 100', v.median <= 100)
    }
  }
  for (const [n, c] of Object.entries(R.chartMs ?? {})) {
    add(`line chart ${n} points first render (ms)`, c.first)
    add(`line chart ${n} points update (ms)`, c.update, n === '365' ? '≤ 100' : '', n === '365' ? c.update <= 100 : null)
  }
  if (R.parquet) {
    const p = R.parquet
    add(`Parquet export of ${p.rows} hourly rows (ms; ${p.fileMb} MB, hyparquet-writer in a worker, longest main-thread task ${p.exportLongestTaskMs} ms)`, p.exportMs)
    const o = (x) => `fetch + convert ${x.fetchMs}, intake ${x.loadMs}; ${x.rows} rows, ${x.fetchedKb} of ${x.sizeKb} KB in ${x.requests} requests, row groups ${x.groups}, longest task ${x.longestTaskMs} ms${x.ok ? '' : ', FAILED'}`
    add(`Parquet at a URL, whole file → loaded (ms; ${o(p.whole)})`, r1(p.whole.fetchMs + p.whole.loadMs))
    add(`Parquet at a URL, one month ${p.month.period} → loaded (ms; ${o(p.month)})`, r1(p.month.fetchMs + p.month.loadMs))
    add('Parquet: requests to other origins', p.foreign.length, '0', p.foreign.length === 0)
  }
  add('wall page switch (ms)', typeof R.wallPageSwitch === 'object' ? R.wallPageSwitch.median : R.wallPageSwitch)
  add('compare recompute (ms)', typeof R.compareRecompute === 'object' ? R.compareRecompute.median : R.compareRecompute)
  add('renderer peak, whole run (MB)', R.rendererPeakMb, '≤ 2560', R.rendererPeakMb <= 2560)
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i])).join('  '))
}

await main()
process.exit(0)

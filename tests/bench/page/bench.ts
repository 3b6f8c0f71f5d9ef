/**
 * Benchmark page (not part of the app build): built by tests/bench/run-bench.mjs with Vite into
 * bench-dist/ and driven by Playwright through `window.__bench`. It runs the app's own modules
 * (engine, loadCsv, queries, option-free ECharts) so the numbers are the app's numbers.
 */
import { init } from 'echarts/core'
import '../../../src/charts/echarts'
import { getEngine } from '../../../src/db/engine'
import { buildDailyFromHourly } from '../../../src/db/hourly'
import { loadCsv, type LoadTimings } from '../../../src/db/load'
import { airMonthlyPreaggQuery, buildPreaggregates, stationMonthlyQuery } from '../../../src/db/preagg'
import { airMonthlyQuery, airWindowQuery, complaintsWindowQuery, eventsQuery, ledgerByQuery, ledgerSummary } from '../../../src/db/queries'
import { exportParquet, fetchDataset } from '../../../src/db/remote'
import type { Db } from '../../../src/db/types'
import { SAMPLE_FILES } from '../../../src/sample/files'

let db: Db | null = null
const need = (): Db => {
  if (!db) throw new Error('engine not started')
  return db
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

/** Main-thread tasks over 50 ms (Long Tasks API) from now until stop(). */
function longTasks(): { stop(): Promise<number[]> } {
  const tasks: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration)
  })
  observer.observe({ type: 'longtask' })
  return {
    async stop() {
      await new Promise((resolve) => setTimeout(resolve, 0))
      for (const e of observer.takeRecords()) tasks.push(e.duration)
      observer.disconnect()
      return tasks
    },
  }
}

type QueryFn = (d: Db, from: string, to: string) => Promise<unknown>

/** Every query the overview runs, plus the per-station monthly series read raw vs pre-aggregated. */
const QUERIES: Record<string, QueryFn> = {
  ledgerSummary: (d) => ledgerSummary(d, '2023-10-25'),
  ledgerByAspect: (d) => ledgerByQuery(d, 'aspect'),
  airWindow: (d, f, t) => airWindowQuery(d, f, t),
  airMonthly: (d, f, t) => airMonthlyQuery(d, f, t),
  complaintsWindow: (d, f, t) => complaintsWindowQuery(d, f, t),
  events: (d) => eventsQuery(d),
  airMonthlyPreagg: (d, f, t) => airMonthlyPreaggQuery(d, f, t),
  stationMonthlyPreagg: (d, f, t) => stationMonthlyQuery(d, f, t),
  stationMonthlyRawHourly: (d, f, t) =>
    d.query(
      `SELECT station, date_trunc('month', time)::DATE AS month, avg(pm25) AS pm25_mean FROM air_hourly
       WHERE time >= ?::TIMESTAMP AND time < ?::DATE + 1 GROUP BY ALL ORDER BY ALL`,
      [f, t],
    ),
}

const bench = {
  async start(): Promise<number> {
    const t0 = performance.now()
    const h = await getEngine()
    db = h.db
    return performance.now() - t0
  },
  /** Load the embedded sample through loadCsv (what the app does on open); fetch not timed. */
  async loadSample(): Promise<number> {
    const files = await Promise.all(SAMPLE_FILES.map(async (f) => ({ name: f.fileName, bytes: await fetchBytes(f.url) })))
    const t0 = performance.now()
    for (const f of files) {
      const r = await loadCsv(need(), { fileName: f.name, bytes: f.bytes })
      if (!r.ok) throw new Error(r.error ?? f.name)
    }
    return performance.now() - t0
  },
  /**
   * loadCsv of a served file; the fetch is not timed. Also returns the stage timings and the longest
   * main-thread task seen during the load (Long Tasks API: tasks over 50 ms; 0 when none).
   */
  async load(url: string): Promise<{ ms: number; ok: boolean; rowsLoaded: number; rowsRead: number; encoding: string | null; issues: number; error: string | null; path: string | null; timings: LoadTimings; longestTaskMs: number; longTasks: number }> {
    const bytes = await fetchBytes(url)
    const tasks = longTasks()
    const t0 = performance.now()
    const r = await loadCsv(need(), { fileName: url.split('/').pop() ?? url, bytes })
    const ms = performance.now() - t0
    const seen = await tasks.stop()
    return {
      ms, ok: r.ok, rowsLoaded: r.rowsLoaded, rowsRead: r.rowsRead, encoding: r.encoding, issues: r.issues.length, error: r.error,
      path: r.path, timings: r.timings, longestTaskMs: Math.max(0, ...seen), longTasks: seen.length,
    }
  },
  /** The reference: register the same bytes and read them with bare read_csv (auto-detected types). */
  async bare(url: string): Promise<{ ms: number; rows: number }> {
    const bytes = await fetchBytes(url)
    const d = need()
    const t0 = performance.now()
    await d.registerFile('bare.csv', bytes)
    await d.exec("CREATE OR REPLACE TABLE __bare AS SELECT * FROM read_csv('bare.csv')")
    const ms = performance.now() - t0
    const [r] = await d.query<{ n: number }>('SELECT count(*)::INT AS n FROM __bare')
    await d.exec('DROP TABLE __bare')
    await d.dropFile('bare.csv')
    return { ms, rows: r?.n ?? 0 }
  },
  /** The derived-table steps on their own (they also run inside loadCsv for hourly files). */
  async derive(): Promise<{ hourlyToDaily: number; preagg: number }> {
    const t0 = performance.now()
    await buildDailyFromHourly(need())
    const t1 = performance.now()
    await buildPreaggregates(need())
    return { hourlyToDaily: t1 - t0, preagg: performance.now() - t1 }
  },
  queryNames: (): string[] => Object.keys(QUERIES),
  async query(name: string, from: string, to: string): Promise<{ ms: number; rows: number }> {
    const fn = QUERIES[name]
    if (!fn) throw new Error(`no query ${name}`)
    const t0 = performance.now()
    const out = await fn(need(), from, to)
    return { ms: performance.now() - t0, rows: Array.isArray(out) ? out.length : 1 }
  },
  /** A table exported as Parquet (hyparquet-writer), then stored on the bench server at `url` (PUT) to be opened. */
  async parquetExport(table: string, url: string): Promise<{ ms: number; bytes: number; longestTaskMs: number }> {
    const tasks = longTasks()
    const t0 = performance.now()
    const bytes = await exportParquet(need(), table)
    const ms = performance.now() - t0
    const longestTaskMs = Math.max(0, ...(await tasks.stop()))
    const res = await fetch(url, { method: 'PUT', body: bytes })
    if (!res.ok) throw new Error(`PUT ${url}: HTTP ${res.status}`)
    return { ms, bytes: bytes.length, longestTaskMs }
  },
  /** A Parquet file at a URL through the app's path: range reads + conversion (fetchMs), then the intake (loadMs). */
  async parquetOpen(url: string, from?: string, to?: string): Promise<{ fetchMs: number; loadMs: number; ok: boolean; rows: number; fetched: number; size: number; requests: number; groups: string; longestTaskMs: number }> {
    const tasks = longTasks()
    const t0 = performance.now()
    const remote = await fetchDataset(url, { period: { from, to } })
    const t1 = performance.now()
    const r = await loadCsv(need(), { fileName: remote.fileName, bytes: remote.bytes })
    const p = remote.parquet
    return {
      fetchMs: t1 - t0, loadMs: performance.now() - t1, ok: r.ok, rows: r.rowsLoaded, fetched: remote.transfer.fetched, size: remote.transfer.size,
      requests: remote.transfer.requests, groups: `${p?.rowGroupsRead}/${p?.rowGroupsTotal}`, longestTaskMs: Math.max(0, ...(await tasks.stop())),
    }
  },
  /** First and last day of air_daily, the window the overview queries use in the bench. */
  async span(): Promise<[string, string]> {
    const [r] = await need().query<{ a: string; b: string }>('SELECT min(date) AS a, max(date) AS b FROM air_daily')
    return [r?.a ?? '2018-01-01', r?.b ?? '2018-12-31']
  },
  async tableRows(table: string): Promise<number> {
    const [r] = await need().query<{ n: number }>(`SELECT count(*)::INT AS n FROM "${table.replace(/"/g, '""')}"`)
    return r?.n ?? 0
  },
  async dropTable(table: string): Promise<void> {
    await need().exec(`DROP TABLE IF EXISTS "${table.replace(/"/g, '""')}"`)
  },
  /** A line chart with n points: first render (init + setOption + paint) and an update. */
  chart(n: number): { firstMs: number; updateMs: number } {
    const el = document.getElementById('chart') as HTMLDivElement
    const data = (k: number) => Array.from({ length: n }, (_, i) => [i, 50 + 30 * Math.sin(i / 17 + k) + (i % 7)])
    const option = (k: number) => ({
      animation: false,
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value' },
      yAxis: { type: 'value' },
      series: [{ type: 'line', showSymbol: false, data: data(k) }],
    })
    const t0 = performance.now()
    const chart = init(el, undefined, { renderer: 'canvas' })
    chart.setOption(option(0))
    chart.getZr().refreshImmediately()
    const t1 = performance.now()
    chart.setOption(option(1))
    chart.getZr().refreshImmediately()
    const t2 = performance.now()
    chart.dispose()
    return { firstMs: t1 - t0, updateMs: t2 - t1 }
  },
}

declare global {
  interface Window {
    __bench: typeof bench
  }
}
window.__bench = bench
document.title = 'bench ready'

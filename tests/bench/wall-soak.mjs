// Wall soak: 1,000 page rotations in Chromium with time compressed (dwell=0.05 s), a data change
// every 100 rotations, and heap / DOM nodes / listeners read after forced GC at the start, after
// 100 rotations and at the end. The data changes alternate: a real upload of a ledger in a second
// tab on /data (two ledgers in turn, replacing each other: the wall restores, re-queries and redraws
// its charts with new figures), and a bare announcement on the channel (the wall re-queries, gets
// the figures it shows and leaves the charts alone). SOAK_UPLOADS=0 announces only.
//
//   npm run soak                      (builds, serves dist/ on SOAK_PORT or PW_PORT or 4182)
//   SOAK_ROTATIONS=3000 npm run soak  (longer run)
//
// Reads window.__wall (src/views/WallView.vue). Writes bench-results/wall-soak.json.
// Exit code 1 when a target of issue 4 is missed: JS heap growth after the first 100 rotations
// > 10% (the whole heap, compiled code included), DOM nodes not flat (> 2% or > 50 nodes),
// listeners growing, or any console error. The split into compiled code and objects is printed too.
// SOAK_OUT names the JSON file (default bench-results/wall-soak.json).
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { chromium } from '@playwright/test'

const port = Number(process.env.SOAK_PORT ?? process.env.PW_PORT ?? 4182)
const total = Number(process.env.SOAK_ROTATIONS ?? 1000)
const base = `http://127.0.0.1:${port}/`

async function serverUp() {
  try {
    return (await fetch(base)).ok
  } catch {
    return false
  }
}

let server = null
if (!(await serverUp())) {
  server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true })
  for (let i = 0; i < 120 && !(await serverUp()); i++) await new Promise((r) => setTimeout(r, 500))
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc', '--enable-precise-memory-info',
  ],
})
const errors = []
try {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.enable')

  // Open with rotation effectively off, measure, then compress time through the URL (no reload).
  const t0 = Date.now()
  await page.goto(`${base}#/wall?dwell=3600&stale=30`)
  await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 60_000 })
  const openMs = Date.now() - t0
  await page.waitForTimeout(2_500) // all pages mounted (they warm up 1.5 s after open)
  for (let i = 0; i < 3; i++) await page.evaluate((n) => window.__wall.show(n), i)

  const rotations = () => page.evaluate(() => window.__wall.rotations())
  const refreshes = () => page.evaluate(() => window.__wall.refreshes())
  /**
   * Split the heap with a snapshot: V8's compiled code (it keeps growing for a while as hot
   * functions tier up; bounded by the code there is) and everything else (the objects an app can leak).
   */
  async function heapSplit() {
    const chunks = []
    const onChunk = (e) => chunks.push(e.chunk)
    cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
    const snap = JSON.parse(chunks.join(''))
    const fields = snap.snapshot.meta.node_fields
    const typeNames = snap.snapshot.meta.node_types[0]
    const [ti, si, step] = [fields.indexOf('type'), fields.indexOf('self_size'), fields.length]
    let code = 0
    let other = 0
    for (let i = 0; i < snap.nodes.length; i += step) {
      if (typeNames[snap.nodes[i + ti]] === 'code') code += snap.nodes[i + si]
      else other += snap.nodes[i + si]
    }
    return { codeMB: code / 1048576, objectsMB: other / 1048576 }
  }
  async function measure(label) {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
    const heap = await cdp.send('Runtime.getHeapUsage')
    const dom = await cdp.send('Memory.getDOMCounters')
    const split = await heapSplit()
    return { label, total: await totals(), rotations: await rotations(), refreshes: await refreshes(), heapMB: heap.usedSize / 1048576, ...split, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, errors: errors.length }
  }
  // Announce a data change the way another tab does, and wait until the wall has re-queried
  // (rotation keeps running meanwhile).
  async function announce() {
    const before = await refreshes()
    await page.evaluate(() => {
      const ch = new BroadcastChannel('eco-dashboard')
      ch.postMessage({ type: 'datasets-changed' })
      ch.close()
    })
    await page.waitForFunction((n) => window.__wall.refreshes() > n, before, { timeout: 120_000 })
  }

  // The second tab, in the same context (same storage, same channel), that uploads ledgers.
  const uploads = process.env.SOAK_UPLOADS !== '0'
  const ledgers = ['tests/fixtures/ledger-overdue.csv', 'tests/fixtures/ledger-gbk.csv']
  let uploadsDone = 0
  const dataTab = uploads ? await page.context().newPage() : null
  if (dataTab) {
    dataTab.on('console', (m) => m.type() === 'error' && errors.push(`data tab: ${m.text()}`))
    await dataTab.goto(`${base}#/data`)
    await dataTab.getByTestId('dataset-ledger').locator('[data-role=checksum]').filter({ hasNotText: '…' }).waitFor({ timeout: 120_000 })
  }
  async function upload() {
    const before = await refreshes()
    const file = ledgers[uploadsDone % 2]
    const name = file.split('/').pop()
    await dataTab.getByTestId('file-input').setInputFiles(file)
    const card = dataTab.getByTestId('upload-card').filter({ hasText: name })
    if (uploadsDone > 0) await card.getByTestId('choose-replace').click({ timeout: 60_000 })
    await card.getByTestId('upload-status').filter({ hasText: '已加载' }).waitFor({ timeout: 120_000 })
    await card.getByTestId('upload-dismiss').click()
    uploadsDone++
    await page.waitForFunction((n) => window.__wall.refreshes() > n, before, { timeout: 120_000 })
  }
  let changes = 0
  const totals = () => page.evaluate(() => document.querySelector('[data-testid="wall-kpi-total"] [data-role="value"]')?.textContent?.trim() ?? '')
  const seenTotals = new Set()

  const rows = [await measure('start')]
  await page.evaluate(() => location.replace(location.href.replace('dwell=3600', 'dwell=0.05')))
  const announceEvery = Number(process.env.SOAK_ANNOUNCE_EVERY ?? 100)
  // The first announcement falls inside the first 100 rotations, so both code paths (rotation
  // and re-query) are warm when the "after 100" reading is taken.
  let nextAnnounce = announceEvery > 0 ? Math.ceil(announceEvery / 2) : Infinity
  let nextReading = 250
  const started = Date.now()
  for (;;) {
    const n = await rotations()
    if (n >= nextAnnounce) {
      if (dataTab && changes % 2 === 0) await upload()
      else await announce()
      changes++
      seenTotals.add(await totals())
      nextAnnounce += announceEvery
    }
    if (n >= 100 && rows.length === 1) rows.push(await measure('after 100'))
    else if (n >= nextReading && n < total) {
      rows.push(await measure(`after ${nextReading}`))
      nextReading += 250
    }
    if (n >= total) break
    if (Date.now() - started > 30 * 60_000) throw new Error(`soak stalled at ${n} rotations`)
    await page.waitForTimeout(200)
  }
  rows.push(await measure('end'))
  const soakS = (Date.now() - started) / 1000

  const mid = rows[1]
  const end = rows[rows.length - 1]
  const heapGrowthPct = ((end.heapMB - mid.heapMB) / mid.heapMB) * 100
  const objectGrowthPct = ((end.objectsMB - mid.objectsMB) / mid.objectsMB) * 100
  // DOM nodes depend on the ledger shown (its overdue list): compare with a reading showing the same one.
  const same = rows.slice(1, -1).find((r) => r.total === end.total) ?? mid
  const nodeDelta = end.nodes - same.nodes
  const listenerDelta = end.listeners - mid.listeners
  const checks = {
    heapGrowthAfter100Pct: { value: heapGrowthPct, ok: heapGrowthPct <= 10 },
    domNodesFlat: { value: nodeDelta, ok: Math.abs(nodeDelta) <= Math.max(50, same.nodes * 0.02) },
    listenersFlat: { value: listenerDelta, ok: listenerDelta <= 5 },
    consoleErrors: { value: errors.length, ok: errors.length === 0 },
  }
  // The uploads really changed what the wall shows (the two ledgers have 16 and 3 problems).
  if (dataTab) checks.uploadsRedrawn = { value: [...seenTotals].sort().join('/'), ok: seenTotals.has('16') && seenTotals.has('3') }

  console.log(`\nWall soak: ${end.rotations} rotations in ${soakS.toFixed(1)} s (dwell 0.05 s), ${changes} data changes (${uploadsDone} uploads in a second tab, the rest announcements), ${end.refreshes} query runs, wall open ${openMs} ms\n`)
  console.log('| point | ledger total shown | rotations | query runs | JS heap MB (after GC) | of which compiled code MB | objects MB (snapshot) | DOM nodes | JS listeners | documents | console errors |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.label} | ${r.total} | ${r.rotations} | ${r.refreshes} | ${r.heapMB.toFixed(2)} | ${r.codeMB.toFixed(2)} | ${r.objectsMB.toFixed(2)} | ${r.nodes} | ${r.listeners} | ${r.documents} | ${r.errors} |`)
  console.log('')
  // Where the growth is: V8's compiled code grows while functions tier up (the more JS a rotation
  // runs, the more of it); objects are what an app can leak.
  console.log(`NOTE  of the heap growth: compiled code ${(end.codeMB - mid.codeMB).toFixed(2)} MB, objects ${(end.objectsMB - mid.objectsMB).toFixed(2)} MB (${objectGrowthPct.toFixed(2)}%)`)
  for (const [k, v] of Object.entries(checks)) console.log(`${v.ok ? 'PASS' : 'FAIL'}  ${k}: ${typeof v.value === 'number' ? Number(v.value.toFixed(2)) : v.value}`)
  for (const e of errors.slice(0, 10)) console.log(`console error: ${e}`)

  mkdirSync('bench-results', { recursive: true })
  writeFileSync(process.env.SOAK_OUT ?? 'bench-results/wall-soak.json', JSON.stringify({ date: new Date().toISOString(), openMs, soakS, changes, uploads: uploadsDone, rows, heapGrowthPct, checks, errors }, null, 2))
  process.exitCode = Object.values(checks).every((c) => c.ok) ? 0 : 1
} finally {
  await browser.close()
  if (server) process.kill(-server.pid)
}

import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc'] })
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
const cdp = await page.context().newCDPSession(page)
await page.goto(`http://127.0.0.1:4182/#/wall?dwell=3600&${process.argv[2] ?? ''}`)
await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 60_000 })
await page.waitForTimeout(2500)
async function snap() {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  let chunks = []
  const h = (e) => chunks.push(e.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', h)
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  cdp.off('HeapProfiler.addHeapSnapshotChunk', h)
  const s = JSON.parse(chunks.join(''))
  const f = s.snapshot.meta.node_fields, n = f.length
  const ti = f.indexOf('type'), ni = f.indexOf('name'), si = f.indexOf('self_size')
  const types = s.snapshot.meta.node_types[0]
  const agg = new Map()
  for (let i = 0; i < s.nodes.length; i += n) {
    const key = `${types[s.nodes[i + ti]]}:${String(s.strings[s.nodes[i + ni]]).slice(0, 60)}`
    const a = agg.get(key) ?? [0, 0]
    a[0]++; a[1] += s.nodes[i + si]
    agg.set(key, a)
  }
  return agg
}
for (let i = 0; i < 20; i++) await page.evaluate(() => window.__wall.refresh())
const a = await snap()
for (let i = 0; i < 100; i++) await page.evaluate(() => window.__wall.refresh())
const b = await snap()
const diff = []
for (const [k, v] of b) { const o = a.get(k) ?? [0, 0]; diff.push([k, v[0] - o[0], v[1] - o[1]]) }
diff.sort((x, y) => y[2] - x[2])
for (const d of diff.slice(0, 25)) console.log(d.join('\t'))
await browser.close()

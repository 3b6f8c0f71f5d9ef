import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc'] })
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
const cdp = await page.context().newCDPSession(page)
await page.goto(`http://127.0.0.1:4182/#/wall?dwell=3600&${process.argv[2] ?? ''}`)
await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 60_000 })
await page.waitForTimeout(2500)
for (let i = 0; i < 3; i++) await page.evaluate((n) => window.__wall.show(n), i)
const m = async () => { for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage'); return ((await cdp.send('Runtime.getHeapUsage')).usedSize / 1048576).toFixed(2) }
const out = [await m()]
const qms = []
for (let k = 0; k < Number(process.env.BATCHES ?? 6); k++) {
  for (let i = 0; i < 10; i++) { await page.evaluate(() => window.__wall.refresh()); qms.push(await page.evaluate(() => window.__wall.queryMs())) }
  out.push(await m())
}
console.log('heap per 10 refreshes', out.join(' → '), 'query ms median', qms.sort((a, b) => a - b)[Math.floor(qms.length / 2)].toFixed(0))
await browser.close()

import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
page.on('console', (m) => console.log('console:', m.text()))
await page.goto(`http://127.0.0.1:4182/#/wall?dwell=${process.env.DWELL ?? '0.05'}`)
const tl = Date.now(); await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 120_000 })
console.log('loaded in', Date.now() - tl); await page.waitForTimeout(2500)
for (let i = 0; i < 3; i++) {
  const t = Date.now()
  const r = await page.evaluate(() => Promise.race([window.__wall.refresh().then(() => 'done'), new Promise((r) => setTimeout(() => r('timeout'), 15000))]))
  console.log(r, Date.now() - t, await page.evaluate(() => [window.__wall.rotations(), window.__wall.refreshes(), window.__wall.queryMs()]))
}
await browser.close()

import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
await page.goto(`http://127.0.0.1:4182/#/wall?dwell=3600`)
await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 60_000 })
await page.waitForTimeout(2500)
if (process.env.ROT) await page.evaluate(() => location.replace(location.href.replace('dwell=3600', 'dwell=0.05')))
for (let i = 0; i < 4; i++) {
  await page.evaluate(() => { const ch = new BroadcastChannel('eco-dashboard'); ch.postMessage({ type: 'datasets-changed' }); ch.close() })
  await page.waitForTimeout(1500)
  console.log(await page.evaluate(() => [window.__wall.rotations(), window.__wall.refreshes(), window.__wall.queryMs()]))
}
await browser.close()

import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
const cdp = await page.context().newCDPSession(page)
await cdp.send('Performance.enable')
await page.goto(`http://127.0.0.1:4182/#/wall?dwell=3600`)
await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 120_000 })
await page.waitForTimeout(3000)
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
const keys = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount']
let a = await metrics()
await page.waitForTimeout(5000)
let b = await metrics()
console.log('idle 5s', keys.map((k) => `${k}=${(b[k] - a[k]).toFixed(3)}`).join(' '))
a = await metrics()
for (let i = 0; i < 10; i++) { await page.evaluate((n) => window.__wall.go(n), i % 3); await page.waitForTimeout(500) }
b = await metrics()
console.log('10 switches', keys.map((k) => `${k}=${(b[k] - a[k]).toFixed(3)}`).join(' '))
const ms = []
for (let i = 0; i < 6; i++) ms.push(await page.evaluate((n) => window.__wall.show(n), i % 3))
console.log('show ms', ms.map((x) => x.toFixed(0)).join(' '))
await browser.close()

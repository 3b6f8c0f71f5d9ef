import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
await page.goto('http://127.0.0.1:4182/#/wall?dwell=3600&size=3840x2160')
await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 120_000 })
await page.waitForTimeout(3000)
await page.screenshot({ path: '/tmp/wshots/crop.png', clip: { x: 1950, y: 760, width: 1400, height: 700 } })
await browser.close()

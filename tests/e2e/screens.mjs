// Screenshots of the built app as a user sees it: node tests/e2e/screens.mjs [route] [WxH...]
// Needs `npx vite preview --port 4199` (or SHOT_PORT) running. Writes docs/<name>-<W>.png.
import { chromium } from '@playwright/test'

const route = process.argv[2] ?? ''
const sizes = (process.argv.slice(3).length ? process.argv.slice(3) : ['1920x1080']).map((s) => s.split('x').map(Number))
const name = process.env.SHOT_NAME ?? (route.replace(/[^a-z]/g, '') || 'overview')
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
for (const [w, h] of sizes) {
  const page = await browser.newPage({ viewport: { width: w, height: h } })
  await page.goto(`http://127.0.0.1:${process.env.SHOT_PORT ?? 4199}/#/${route}`)
  await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 4000))
  await page.screenshot({ path: `docs/${name}-${w}.png`, fullPage: process.env.FULL === '1' })
  await page.close()
}
await browser.close()

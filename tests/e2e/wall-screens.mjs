// Screenshots of the wall as a wall shows it: node tests/e2e/wall-screens.mjs [WxH ...]
// Needs `npx vite preview --port $PW_PORT` running (default 4173). Writes docs/wall-<page>-<W>.png.
// WALL_QUERY adds URL parameters (e.g. theme=light); SHOT_DIR changes the output folder.
import { chromium } from '@playwright/test'

const port = process.env.PW_PORT ?? '4173'
const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['1920x1080', '3840x2160']).map((s) => s.split('x').map(Number))
const dir = process.env.SHOT_DIR ?? 'docs'
const extra = process.env.WALL_QUERY ? `&${process.env.WALL_QUERY}` : ''
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
for (const [w, h] of sizes) {
  const page = await browser.newPage({ viewport: { width: w, height: h } })
  await page.goto(`http://127.0.0.1:${port}/#/wall?dwell=3600&size=${w}x${h}${extra}`)
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=wall]')?.getAttribute('data-refreshes')) > 0, null, { timeout: 60_000 })
  const pages = await page.evaluate(() => window.__wall.pages())
  for (const [i, id] of pages.entries()) {
    await page.evaluate((n) => window.__wall.show(n), i)
    await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 2500))
    await page.screenshot({ path: `${dir}/wall-${id}-${w}.png` })
  }
  await page.close()
}
await browser.close()

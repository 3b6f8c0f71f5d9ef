// Writes data/last-figures.sample.json: the overview's and the wall's query results on the embedded
// sample, as the built app computes and keeps them (src/storage/lastFigures.ts). A first visit then
// draws its figures before the engine is ready. Run by `npm run sample:figures` after the sample
// changes; tests/e2e/last-figures.spec.ts fails while the shipped file differs from the live results.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { chromium } from '@playwright/test'

const port = Number(process.env.FIGURES_PORT ?? 4191)
const base = `http://127.0.0.1:${port}/`
const up = () => fetch(base).then((r) => r.ok, () => false)
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true })
try {
  for (let i = 0; i < 120 && !(await up()); i++) await new Promise((r) => setTimeout(r, 500))
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  // A fresh context keeps nothing, so every entry is a live result of this build.
  const page = await (await browser.newContext()).newPage()
  for (const route of ['#/', '#/wall']) {
    await page.goto('about:blank')
    await page.goto(`${base}${route}`)
    await page.waitForFunction(() => window.__lastFigures && document.querySelector('[data-testid="engine-progress"]') === null, null, { timeout: 60_000 })
    if (route === '#/wall') await page.waitForFunction(() => window.__wall && window.__wall.refreshes() > 0, null, { timeout: 60_000 })
    await page.waitForTimeout(1000) // the store writes 300 ms after the last result
  }
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem('eco-dashboard:last-figures')))
  await browser.close()
  const entries = Object.fromEntries(Object.entries(kept.entries).sort(([a], [b]) => a.localeCompare(b)))
  if (!kept.fingerprint.endsWith('|uploads:') || !entries.wall || !Object.keys(entries).some((k) => k.startsWith('overview.ledger'))) throw new Error(`unexpected figures: ${Object.keys(entries)}`)
  writeFileSync(new URL('./last-figures.sample.json', import.meta.url), `${JSON.stringify({ v: 1, fingerprint: kept.fingerprint, entries }, null, 1)}\n`)
  console.log(`data/last-figures.sample.json: ${Object.keys(entries).length} entries for ${kept.fingerprint}`)
} finally {
  process.kill(-server.pid)
}

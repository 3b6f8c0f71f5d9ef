// Screenshots of the wall as a wall shows it: node tests/e2e/wall-screens.mjs [WxH ...]
// Needs `npx vite preview --port $PW_PORT` running (default 4173). Writes docs/wall-<page>-<W>.png.
// WALL_QUERY adds URL parameters (e.g. theme=light); SHOT_DIR changes the output folder.
// WALL_UPLOAD=tests/fixtures/ledger-overdue.csv loads a file through /data first (PAGES=ledger limits the pages).
// QUANTIZE=16 (default) rounds colour channels to multiples of 16 before re-encoding, which keeps
// a 4K PNG under ~1 MB with no visible change to text; QUANTIZE=1 keeps the raw screenshot.
import { writeFileSync } from 'node:fs'
import { chromium } from '@playwright/test'

const port = process.env.PW_PORT ?? '4173'
const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ['1920x1080', '3840x2160']).map((s) => s.split('x').map(Number))
const dir = process.env.SHOT_DIR ?? 'docs'
const extra = process.env.WALL_QUERY ? `&${process.env.WALL_QUERY}` : ''
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const step = Number(process.env.QUANTIZE ?? 16)
const encoder = await browser.newPage()
async function save(png, path) {
  if (step <= 1) return writeFileSync(path, png)
  const out = await encoder.evaluate(
    async ([b64, q]) => {
      const img = new Image()
      img.src = `data:image/png;base64,${b64}`
      await img.decode()
      const c = document.createElement('canvas')
      c.width = img.width
      c.height = img.height
      const g = c.getContext('2d')
      g.drawImage(img, 0, 0)
      const d = g.getImageData(0, 0, c.width, c.height)
      for (let i = 0; i < d.data.length; i += 4) for (let k = 0; k < 3; k++) d.data[i + k] = Math.min(255, Math.round(d.data[i + k] / q) * q)
      g.putImageData(d, 0, 0)
      const blob = await new Promise((r) => c.toBlob(r, 'image/png'))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let s = ''
      for (const x of bytes) s += String.fromCharCode(x)
      return btoa(s)
    },
    [png.toString('base64'), step],
  )
  writeFileSync(path, Buffer.from(out, 'base64'))
}
for (const [w, h] of sizes) {
  const page = await browser.newPage({ viewport: { width: w, height: h } })
  if (process.env.WALL_UPLOAD) {
    await page.goto(`http://127.0.0.1:${port}/#/data`)
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-ledger] [data-role=checksum]')?.textContent?.includes(':'), null, { timeout: 60_000 })
    await page.getByTestId('file-input').setInputFiles(process.env.WALL_UPLOAD)
    await page.getByTestId('upload-status').filter({ hasText: '已加载' }).waitFor({ timeout: 90_000 })
  }
  await page.goto(`http://127.0.0.1:${port}/#/wall?dwell=3600&size=${w}x${h}${extra}`)
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=wall]')?.getAttribute('data-refreshes')) > 0, null, { timeout: 60_000 })
  const only = process.env.PAGES?.split(',')
  const all = await page.evaluate(() => window.__wall.pages())
  for (const id of all.filter((p) => !only || only.includes(p))) {
    await page.evaluate((n) => window.__wall.show(n), all.indexOf(id))
    await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 2500))
    await save(await page.screenshot(), `${dir}/wall-${id}-${w}.png`)
  }
  await page.close()
}
await browser.close()

import { chromium } from '@playwright/test'
import { readFileSync, writeFileSync } from 'node:fs'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage()
for (const step of [8, 16]) {
  const b64 = readFileSync('/tmp/wshots/wall-air-3840.png').toString('base64')
  const out = await page.evaluate(async ([b64, step]) => {
    const img = new Image(); img.src = `data:image/png;base64,${b64}`; await img.decode()
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height
    const g = c.getContext('2d'); g.drawImage(img, 0, 0)
    const d = g.getImageData(0, 0, c.width, c.height)
    for (let i = 0; i < d.data.length; i += 4) for (let k = 0; k < 3; k++) d.data[i + k] = Math.min(255, Math.round(d.data[i + k] / step) * step)
    g.putImageData(d, 0, 0)
    const blob = await new Promise((r) => c.toBlob(r, 'image/png'))
    const buf = new Uint8Array(await blob.arrayBuffer()); let s = ''; for (const x of buf) s += String.fromCharCode(x); return btoa(s)
  }, [b64, step])
  writeFileSync(`/tmp/wshots/q${step}.png`, Buffer.from(out, 'base64'))
}
await browser.close()

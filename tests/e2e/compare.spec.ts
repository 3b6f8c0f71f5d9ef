import { inflateSync } from 'node:zlib'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const cell = (page: Page, ind: string, role: string) => page.getByTestId(`ind-${ind}`).locator(`[data-role=${role}]`)

// Engine start, sample load and the first recompute: slow on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 })

async function waitCompare(page: Page): Promise<void> {
  await expect(page.getByTestId('indicator-table')).toBeVisible({ timeout: 60_000 })
}

/** Page objects in a PDF: `/Type /Page` not followed by `s` (the `/Pages` tree node). */
const pdfPages = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length

/**
 * Characters a PDF's text can be extracted as: the targets of its ToUnicode CMaps (Chromium's Skia
 * writes CJK glyphs in subset fonts whose CMaps carry the Unicode text). NFKC, because glyphs that
 * Noto CJK shares with Kangxi radicals map to the radical (比 → U+2F50 ⽐, 无 → U+2F46 ⽆).
 */
function pdfTextChars(pdf: Buffer): Set<string> {
  const out = new Set<string>()
  const latin = pdf.toString('latin1')
  for (const m of latin.matchAll(/>>\s*stream\r?\n/g)) {
    const start = (m.index as number) + m[0].length
    const end = latin.indexOf('endstream', start)
    let text: string
    try {
      // Inflate tolerates the end-of-line before `endstream`; lengths may be indirect, so they are not used.
      text = inflateSync(pdf.subarray(start, end), { finishFlush: 2 }).toString('latin1')
    } catch {
      continue
    }
    if (!text.includes('beginbf')) continue
    const hex = (h: string) => String.fromCodePoint(Number.parseInt(h, 16)).normalize('NFKC')
    for (const r of text.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4,})>/g)) {
      const [from, to, dst] = [Number.parseInt(r[1] as string, 16), Number.parseInt(r[2] as string, 16), Number.parseInt(r[3] as string, 16)]
      for (let i = 0; i <= to - from; i++) out.add(String.fromCodePoint(dst + i).normalize('NFKC'))
    }
    for (const c of text.matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4})>/g)) out.add(hex(c[1] as string))
  }
  return out
}

test('opens on the inspection preset: windows from the events, in the URL', async ({ page }) => {
  await page.goto('./#/compare')
  await waitCompare(page)
  await expect(page).toHaveURL(/preset=inspection/)
  const q = new URL(page.url().replace('#/compare', 'x')).searchParams
  expect([q.get('af'), q.get('at'), q.get('bf'), q.get('bt')]).toEqual(['2022-12-20', '2023-03-21', '2023-07-26', '2023-10-25'])
  await expect(page.getByTestId('head-b')).toContainText('2023年7月26日 至 2023年10月25日')
  await expect(page.getByTestId('head-b')).toContainText('有效监测 92 天')
  await expect(page.getByTestId('head-b')).toContainText('HJ 633—2012')
  // Every tested indicator carries an interval and an honest verdict.
  for (const ind of ['good_rate', 'pm25', 'pm10', 'o3_8h']) {
    await expect(cell(page, ind, 'ci')).toContainText('[')
    await expect(cell(page, ind, 'verdict')).toHaveText(/有所改善|有所变差|无明显变化/)
  }
  await expect(cell(page, 'good_rate', 'change')).toContainText('个百分点')
  await expect(cell(page, 'pm25', 'change')).toContainText('%')
  await expect(page.getByTestId('ledger-end').locator('[data-role=value]')).toHaveText('26')
  await expect(page.getByTestId('ledger-end')).toContainText('共 31 项')
  await expect(page.getByTestId('ledger-start').locator('[data-role=value]')).toHaveText('0')
  for (const id of ['chart-trend', 'chart-before', 'chart-after']) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1)
})

test('the seed notice window: 265 good of 279 valid days, 95.0%, PM2.5 29, reply rate 100%', async ({ page }) => {
  await page.goto('./#/compare?preset=yoy&af=2022-01-01&at=2022-10-06&bf=2023-01-01&bt=2023-10-06&m=pm25')
  await waitCompare(page)
  await expect(cell(page, 'good_rate', 'b')).toHaveText('95.0%')
  await expect(page.getByTestId('head-b')).toContainText('有效监测 279 天')
  await expect(cell(page, 'pm25', 'b')).toHaveText('29')
  await expect(cell(page, 'heavy_days', 'b')).toHaveText('0')
  await expect(cell(page, 'valid_days', 'b')).toHaveText('279')
  await expect(cell(page, 'reply_rate', 'b')).toHaveText('100.0%')
  await expect(page.getByTestId('verdict-good_rate')).toContainText('95.0%')
})

test('the URL round-trips: presets, edited dates and metric survive a reload and history', async ({ page }) => {
  await page.goto('./#/compare')
  await waitCompare(page)
  await page.getByTestId('preset-mom').click()
  await expect(page).toHaveURL(/preset=mom&af=2023-04-25&at=2023-07-25&bf=2023-07-26&bt=2023-10-25/)
  await page.getByTestId('preset-yoy').click()
  await expect(page).toHaveURL(/preset=yoy&af=2022-07-26&at=2022-10-25&bf=2023-07-26&bt=2023-10-25/)
  await expect(page.getByTestId('head-a')).toContainText('2022年7月26日 至 2022年10月25日')
  const yoyA = await cell(page, 'pm25', 'a').innerText()
  await page.getByTestId('b-to').fill('2023-09-30')
  await page.getByTestId('b-to').dispatchEvent('change')
  await expect(page).toHaveURL(/preset=custom&af=2022-07-26&at=2022-10-25&bf=2023-07-26&bt=2023-09-30/)
  await expect(page.getByTestId('flags')).toContainText('两期长度不等(92 天 / 67 天)')
  await page.getByTestId('metric').selectOption('o3_8h')
  await expect(page).toHaveURL(/m=o3_8h/)
  await expect(page.getByTestId('head-b')).toContainText('2023年9月30日')
  const url = page.url()
  const ci = await cell(page, 'pm25', 'ci').innerText()
  await page.reload()
  await waitCompare(page)
  expect(page.url()).toBe(url)
  await expect(page.getByTestId('metric')).toHaveValue('o3_8h')
  await expect(page.getByTestId('b-to')).toHaveValue('2023-09-30')
  // Seeded bootstrap: the same link gives the same interval.
  await expect(cell(page, 'pm25', 'ci')).toHaveText(ci)
  await page.goBack()
  await expect(page).toHaveURL(/preset=yoy/)
  await expect(cell(page, 'pm25', 'a')).toHaveText(yoyA)
})

test('a window crossing 2026-03-01 says so; empty windows show dashes, not errors', async ({ page }) => {
  await page.goto('./#/compare?preset=custom&af=2025-02-01&at=2025-03-31&bf=2026-02-01&bt=2026-03-31')
  await waitCompare(page)
  await expect(page.getByTestId('flags')).toContainText('评估期(后)跨越 2026 年 3 月 1 日')
  await expect(page.getByTestId('head-b')).toContainText('HJ 633—2012 0 天,HJ 633—2026 0 天')
  await expect(cell(page, 'pm25', 'b')).toHaveText('—')
  await expect(cell(page, 'pm25', 'verdict')).toHaveText('数据不足')
})

test('every ledger item opens to its full record', async ({ page }) => {
  await page.goto('./#/compare')
  await waitCompare(page)
  await page.getByTestId('item-2').click()
  const dialog = page.getByTestId('item-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('学用结合不好')
  await expect(dialog.locator('[data-field=measures]')).toContainText('待划拨后立即拨付')
  await expect(dialog.locator('[data-field=deadline]')).toHaveText('2023年12月31日')
  await expect(dialog.locator('[data-field=closed_on]')).toHaveText('(无)')
  await expect(dialog.locator('[data-field=note]')).toContainText('示例假设')
  await page.getByTestId('item-close').click()
  await expect(dialog).toBeHidden()
})

test('editing an event date updates the events table and re-derives the preset windows', async ({ page }) => {
  await page.goto('./#/compare')
  await waitCompare(page)
  await page.getByTestId('events').locator('summary').click()
  await page.getByTestId('event-feedback').fill('2023-08-01')
  await page.getByTestId('event-feedback').dispatchEvent('change')
  await expect(page).toHaveURL(/preset=inspection&af=2022-12-26&at=2023-03-21&bf=2023-08-01&bt=2023-10-25/)
  await expect(page.getByTestId('head-b')).toContainText('有效监测 86 天')
})

test('the print view is one A4 page with the brief, charts redrawn at page width', async ({ page }) => {
  await page.goto('./#/compare')
  await waitCompare(page)
  await expect(page.getByTestId('chart-after').locator('canvas')).toHaveCount(1)
  const pdf = await page.pdf({ format: 'A4' })
  expect(pdfPages(pdf)).toBe(1)
  // Chinese text intact: the title, a verdict and the ledger heading are extractable text.
  const chars = pdfTextChars(pdf)
  const missing = [...'巡察整改前后对比简报无明显变化有所改善评估期内整改台账优良天数比例'].filter((c) => !chars.has(c))
  expect(missing).toEqual([])
  // One page must not come from shrinking a too-wide page: in print layout the brief fits
  // 190 × 277 mm (A4 less 10 mm margins) at full scale.
  await page.emulateMedia({ media: 'print' })
  await page.setViewportSize({ width: 718, height: 1047 })
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
  const m = await page.evaluate(() => ({
    height: (document.querySelector('.compare-view') as HTMLElement).getBoundingClientRect().height,
    width: document.documentElement.scrollWidth,
    canvases: [...document.querySelectorAll('.compare-view canvas')].map((c) => c.getBoundingClientRect().width),
    hidden: [...document.querySelectorAll('.shell > header, [data-testid=ledger-items], .controls')].every((e) => getComputedStyle(e).display === 'none'),
  }))
  expect(m.height).toBeLessThanOrEqual(1047)
  expect(m.width).toBeLessThanOrEqual(718)
  expect(m.canvases).toHaveLength(3)
  for (const w of m.canvases) expect(w).toBeLessThanOrEqual(718)
  expect(m.hidden).toBe(true)
  await expect(page.getByText('巡察整改前后对比简报')).toBeVisible()
  await expect(page.getByTestId('verdicts')).toBeVisible()
  await expect(page.getByTestId('ledger-byAspect')).toBeVisible()
})

/**
 * Markup and javascript: URLs in cells, headers and file names stay text everywhere they are shown:
 * the upload card (name, preview, validation report), the dataset and stored-file lists, the table
 * browser, the SQL console's grid and chart, the overview chart's tooltips (hovered with the mouse),
 * the wall's ledger page, and the compare view with an item's record and its print layout.
 * No dialog opens, no element is injected, nothing is fetched.
 */
import type { Locator, Page } from '@playwright/test'
import { test, expect, kpiValue, waitReady } from './fixtures'
import { card, issueRows, openData, recordDialogs, sql, waitStatus } from './helpers/intake'

const IMG = '<img src=x onerror=alert(1)>'
const SCRIPT = '<script>alert(2)</script>'
const JS = 'javascript:alert(3)'
const HEADER = '<img src=x onerror=alert(4)>'
const BAD_DATE = '<img src=x onerror=alert(5)>'
const FILE = `${IMG}台账.csv`

const q = (s: string) => `"${s.replace(/"/g, '""')}"`
const LEDGER = [
  ['序号', '方面', '问题表现', '整改时限', '整改状态', HEADER],
  ['1', IMG, SCRIPT, '2099-12-31', '已销号', JS],
  ['2', SCRIPT, JS, '2099-12-31', '正在推进', 'x'],
  ['3', JS, '正常问题', BAD_DATE, '长期坚持', 'y'],
].map((r) => r.map(q).join(',')).join('\r\n')

/** Nothing a payload could have produced exists in the page. */
async function expectNothingInjected(page: Page): Promise<void> {
  await expect(page.locator('img[src=x], script:not([src]), a[href^="javascript:"], iframe, object, embed')).toHaveCount(0)
  expect(await page.evaluate(() => document.querySelector('img[src=x]'))).toBeNull()
}

/** Sweep the mouse over a chart and collect the text of every tooltip that opens. */
async function hoverTooltips(page: Page, chart: Locator, xs: number[]): Promise<string[]> {
  const canvas = chart.locator('canvas').first()
  await expect(canvas).toBeVisible({ timeout: 60_000 })
  // Mouse events reach only what is inside the viewport.
  await canvas.scrollIntoViewIfNeeded()
  const box = await canvas.boundingBox()
  if (!box) throw new Error('chart has no box')
  const tip = chart.locator('div[style*="z-index: 9999999"]')
  const seen = new Set<string>()
  for (const fx of xs) {
    for (let y = box.y + 12; y < box.y + box.height - 12; y += 12) {
      await page.mouse.move(box.x + box.width * fx, y)
      // ECharts draws the tooltip on the next frame.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      if (await tip.isVisible()) {
        seen.add(await tip.innerText())
        // The tooltip is markup ECharts writes: check it holds no element a payload made.
        expect(await tip.locator('img[src=x], script, a[href^="javascript:"]').count()).toBe(0)
      }
    }
  }
  return [...seen]
}

test('payloads in cells, headers and file names are shown as text everywhere and never run', async ({ page, guard }) => {
  test.setTimeout(240_000)
  const dialogs = recordDialogs(page)
  await openData(page)
  await page.getByTestId('file-input').setInputFiles({ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(LEDGER, 'utf8') })
  const c = card(page, FILE)
  await waitStatus(c)
  await expect(c.getByTestId('upload-name')).toHaveText(FILE)

  // Validation report: the hostile date is a value in a cell, with its line and column.
  expect(await issueRows(c)).toEqual([['4', '整改时限', '格式错误', BAD_DATE, '不是有效日期']])
  // Preview: the header and the cells.
  await c.locator('details summary').click()
  await expect(c.locator('details th').nth(5)).toHaveText(HEADER)
  expect(await c.locator('details tbody tr').first().locator('td').allInnerTexts()).toEqual(['1', IMG, SCRIPT, '2099-12-31', '已销号', JS])

  // Dataset list and stored files: the file name.
  await expect(page.getByTestId('dataset-ledger').locator('[data-role=file]')).toHaveText(FILE)
  await expect(page.getByTestId('stored-row').locator('[data-role=name]')).toHaveText(FILE)
  await page.getByTestId('rename').click()
  await page.getByTestId('rename-input').fill(SCRIPT)
  await page.getByTestId('rename-save').click()
  await expect(page.getByTestId('stored-row').locator('[data-role=name]')).toHaveText(SCRIPT)
  await expect(page.getByTestId('dataset-ledger').locator('[data-role=file]')).toHaveText(SCRIPT)

  // Table browser: the cells as stored.
  await page.getByTestId('browser-table').selectOption('ledger')
  await expect(page.getByTestId('browser-rows').getByText(IMG, { exact: true })).toHaveCount(1)
  await expect(page.getByTestId('browser-rows').getByText(SCRIPT, { exact: true })).toHaveCount(2)

  // SQL console: a hostile column alias is a header and a legend entry; categories are the payloads.
  const alias = '<img src=x onerror=alert(6)>'
  expect(await sql(page, `SELECT aspect, count(*)::INT AS ${q(alias)} FROM ledger GROUP BY aspect ORDER BY aspect`)).toEqual([
    [IMG, '1'], [SCRIPT, '1'], [JS, '1'],
  ])
  await expect(page.getByTestId('sql-result').locator('.head .cell').nth(1)).toHaveText(alias)
  const quick = await hoverTooltips(page, page.getByTestId('sql-chart'), [0.2, 0.5, 0.8])
  for (const p of [IMG, SCRIPT, JS]) expect(quick.some((t) => t.includes(p) && t.includes(alias)), `SQL chart tooltip with ${p}: ${JSON.stringify(quick)}`).toBe(true)
  await expectNothingInjected(page)

  // Overview: the ledger chart's categories (axis labels, tooltips) are the payloads.
  await page.goto('./#/')
  await waitReady(page)
  expect(await kpiValue(page, 'kpi-total')).toBe('3')
  const tips = await hoverTooltips(page, page.getByTestId('chart-ledger'), [0.3, 0.6])
  for (const p of [IMG, SCRIPT, JS]) expect(tips.some((t) => t.startsWith(p)), `overview tooltip headed ${p}: ${JSON.stringify(tips)}`).toBe(true)
  await expectNothingInjected(page)

  // The wall's ledger page: the open-items list and the by-aspect chart (hovered).
  await page.goto('./#/wall?pages=ledger&dwell=3600')
  await expect(page.getByTestId('wall-kpi-total').locator('[data-role=value]')).toHaveText('3', { timeout: 60_000 })
  await expect(page.getByTestId('wall-open-list').getByText(JS, { exact: true })).toBeVisible()
  const wallTips = await hoverTooltips(page, page.getByTestId('wall-chart-aspect'), [0.3, 0.6])
  // The wall may show no tooltip at all; any it shows carries the payload as text.
  for (const t of wallTips) expect([IMG, SCRIPT, JS].some((p) => t.includes(p)), t).toBe(true)
  await expectNothingInjected(page)

  // Compare: the ledger tables by aspect, an item's full record, and the print brief.
  await page.goto('./#/compare')
  await expect(page.getByTestId('ledger-byAspect')).toBeVisible({ timeout: 60_000 })
  for (const p of [IMG, SCRIPT, JS]) await expect(page.getByTestId('ledger-byAspect').getByText(p, { exact: true })).toBeVisible()
  await page.getByTestId('item-1').click()
  await expect(page.getByTestId('item-dialog')).toContainText(SCRIPT)
  await expectNothingInjected(page)
  await page.getByTestId('item-close').click()
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByTestId('ledger-items').getByText(SCRIPT, { exact: true })).toHaveCount(1)
  await expectNothingInjected(page)
  await page.emulateMedia({ media: 'screen' })

  expect(dialogs).toEqual([])
  expect(guard.pageErrors).toEqual([])
})

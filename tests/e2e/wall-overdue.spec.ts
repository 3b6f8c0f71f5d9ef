import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { card, openData, waitStatus } from './helpers/intake'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'ledger-overdue.csv')

/**
 * Open items of ledger-overdue.csv as the wall lists them (as-of 2023-10-25 from the sample's events):
 * overdue first, most overdue on top, days = as-of − deadline (DOMAIN.md §5: in progress and
 * deadline < as-of); then in progress by deadline (no. 12's deadline is the as-of day: not overdue);
 * long-term last, never overdue even past its date (no. 15).
 */
const OPEN: [no: string, title: string, unit: string, deadline: string, state: string][] = [
  ['10', '扬尘管控措施落实不到位', '大气环境科', '2023年5月31日', '逾期 147 天'],
  ['6', '建设项目环评审批超时', '行政审批科', '2023年6月30日', '逾期 117 天'],
  ['4', '饮用水源保护区标志牌缺失', '水生态环境科', '2023年7月31日', '逾期 86 天'],
  ['9', '土壤重点监管单位自行监测缺失', '土壤生态科', '2023年8月15日', '逾期 71 天'],
  ['2', '锅炉低氮改造资金未拨付', '大气环境科', '2023年8月31日', '逾期 55 天'],
  ['3', '餐饮油烟在线监控未全覆盖', '大气环境科', '2023年9月15日', '逾期 40 天'],
  ['8', '工业园区雨污分流未完成', '水生态环境科', '2023年9月30日', '逾期 25 天'],
  ['7', '噪声投诉回复不及时', '执法支队', '2023年10月1日', '逾期 24 天'],
  ['11', '执法案卷归档滞后', '执法支队', '2023年10月20日', '逾期 5 天'],
  ['5', '危险废物台账不规范', '固体废物科', '2023年10月24日', '逾期 1 天'],
  ['12', '在线监测数据异常未及时核查', '监测站', '2023年10月25日', '正在推进'],
  ['13', '农村生活污水设施运维不到位', '水生态环境科', '2023年12月31日', '正在推进'],
  ['15', '河长制巡河记录不完整', '水生态环境科', '2023年6月30日', '长期整改'],
  ['14', '生态环境宣传教育常态化', '办公室', '—', '长期整改'],
]
const OVERDUE = OPEN.filter((r) => r[4].startsWith('逾期')).length

const table = (page: Page) => page.getByTestId('wall-open-list').getByTestId('wall-scroll-table')

/** The track's own vertical translation (px, design canvas units) and the page's clock (ms), now. */
const sample = (page: Page) =>
  table(page)
    .locator('[data-role=track]')
    .evaluate((el): [number, number] => [performance.now(), new DOMMatrixReadOnly(getComputedStyle(el).transform).m42])

async function samples(page: Page, n: number, everyMs: number): Promise<[number, number][]> {
  const out: [number, number][] = []
  for (let i = 0; i < n; i++) {
    out.push(await sample(page))
    await page.waitForTimeout(everyMs)
  }
  return out
}

test('overdue list on the wall: uploaded ledger rows with real values, alarm colour, slow endless scroll that holds still while someone is at the wall', async ({ page, guard }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openData(page)
  await page.getByTestId('file-input').setInputFiles(FIXTURE)
  await waitStatus(card(page, 'ledger-overdue.csv'))

  await page.goto('./#/wall?pages=ledger&dwell=3600&idle=3')
  await expect(page.getByTestId('wall')).not.toHaveAttribute('data-refreshes', '0', { timeout: 30_000 })
  await expect(page.getByTestId('wall-asof')).toHaveText('数据截至 2023年10月25日')
  await expect(page.getByTestId('wall-kpi-total').locator('[data-role=value]')).toHaveText('16')
  await expect(page.getByTestId('wall-kpi-overdue').locator('[data-role=value]')).toHaveText(String(OVERDUE))
  await expect(page.getByTestId('wall-kpi-overdue').locator('.detail')).toHaveText('长期整改 2 个不计逾期')
  await expect(page.getByTestId('wall-open-list').locator('.sub')).toHaveText(String(OPEN.length))

  const rows = table(page).locator('[data-role=rows] .row')
  await expect(rows).toHaveCount(OPEN.length)
  expect(await rows.evaluateAll((els) => els.map((r) => [...r.querySelectorAll('span')].map((s) => s.textContent ?? '')))).toEqual(OPEN)

  // Header and rows share their columns.
  const lefts = (sel: string) => table(page).locator(sel).first().locator('span').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)))
  expect(await lefts('.head')).toEqual(await lefts('[data-role=rows] .row'))

  // Alarm colour (--w-bad of the dark theme) on exactly the overdue rows.
  const colours = await rows.evaluateAll((els) => els.map((r) => [r.classList.contains('alarm'), getComputedStyle(r).color]))
  expect(colours.slice(0, OVERDUE)).toEqual(Array(OVERDUE).fill([true, 'rgb(255, 107, 107)']))
  for (const [alarm, colour] of colours.slice(OVERDUE)) {
    expect(alarm).toBe(false)
    expect(colour).not.toBe('rgb(255, 107, 107)')
  }

  // More rows than fit: the list scrolls, with a second (aria-hidden) copy for a seamless loop.
  const viewport = table(page).locator('.viewport')
  const [viewH, listH] = [await viewport.evaluate((el) => el.clientHeight), await table(page).locator('[data-role=rows]').evaluate((el) => el.clientHeight)]
  expect(listH).toBeGreaterThan(viewH * 1.3)
  await expect(table(page).locator('[data-role=rows-copy] .row')).toHaveCount(OPEN.length)

  // Slowly: 3 s per row, one loop = 14 rows × 3 s. Run the document's animations 20× faster (CDP) to
  // see a whole loop in ~2 s; timers (rotation, idle) keep real time.
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Animation.enable')
  // Upward at listH px per 42 s; a step across the loop's end counts modulo listH.
  const slow = await samples(page, 5, 250)
  let moved = 0
  for (let i = 1; i < slow.length; i++) {
    const step = (((slow[i - 1] as [number, number])[1] - (slow[i] as [number, number])[1]) % listH + listH) % listH
    expect(step).toBeGreaterThan(0)
    moved += step
  }
  const pxPerS = moved / (((slow[4] as [number, number])[0] - (slow[0] as [number, number])[0]) / 1000)
  expect(pxPerS).toBeGreaterThan(listH / 42 / 1.5)
  expect(pxPerS).toBeLessThan((listH / 42) * 1.5)

  await cdp.send('Animation.setPlaybackRate', { playbackRate: 20 })
  const fast = (await samples(page, 40, 100)).map(([, y]) => y)
  // Always between 0 and one list height up; it wraps (jumps back down) at least once.
  for (const y of fast) {
    expect(y).toBeLessThanOrEqual(0.5)
    expect(y).toBeGreaterThanOrEqual(-listH - 0.5)
  }
  const wraps = fast.filter((y, i) => i > 0 && y > (fast[i - 1] as number) + listH / 2).length
  expect(wraps).toBeGreaterThanOrEqual(1)
  expect(Math.min(...fast)).toBeLessThan(-listH * 0.7)

  // A pointer at the wall pauses rotation and the scroll with it, so a row can be read.
  await page.mouse.move(200, 200)
  await page.mouse.move(210, 210)
  await expect(page.getByTestId('wall')).toHaveAttribute('data-paused', 'true')
  await expect(table(page).locator('[data-role=track]')).toHaveClass(/paused/)
  const held = (await samples(page, 5, 150)).map(([, y]) => y)
  expect(new Set(held).size).toBe(1)
  // After `idle` seconds without input it moves again.
  await expect(page.getByTestId('wall')).toHaveAttribute('data-paused', 'false', { timeout: 10_000 })
  const resumed = (await samples(page, 4, 150)).map(([, y]) => y)
  expect(new Set(resumed).size).toBeGreaterThan(1)
  await cdp.send('Animation.setPlaybackRate', { playbackRate: 1 })
  expect(guard.consoleErrors).toEqual([])
})

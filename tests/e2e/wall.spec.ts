import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'

const wall = (page: Page) => page.getByTestId('wall')

async function openWall(page: Page, query: string): Promise<void> {
  await page.goto(`./#/wall?${query}`)
  await expect(wall(page)).not.toHaveAttribute('data-refreshes', '0', { timeout: 30_000 })
}

/** Visible elements of the wall that stick out of the viewport (should be none). */
function outside(page: Page) {
  return page.evaluate(() => {
    const vw = window.innerWidth
    const vh = window.innerHeight
    const bad: string[] = []
    for (const el of document.querySelectorAll('[data-testid=wall] *')) {
      const st = getComputedStyle(el)
      if (st.visibility === 'hidden' || st.display === 'none' || el.closest('[aria-hidden=true]')) continue
      let r: { left: number; top: number; right: number; bottom: number; width: number; height: number } = el.getBoundingClientRect()
      if (r.width === 0 && r.height === 0) continue
      // Rows of a scrolling table are clipped to its viewport by design: what shows is their part inside it.
      const scroller = el.closest('[data-testid=wall-scroll-table] .viewport')
      if (scroller && scroller !== el) {
        const v = scroller.getBoundingClientRect()
        const c = { left: Math.max(r.left, v.left), top: Math.max(r.top, v.top), right: Math.min(r.right, v.right), bottom: Math.min(r.bottom, v.bottom) }
        if (c.right <= c.left || c.bottom <= c.top) continue
        r = { ...c, width: c.right - c.left, height: c.bottom - c.top }
      }
      if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) bad.push(`${el.tagName}.${el.className} ${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}`)
    }
    return bad
  })
}

const noScrollbars = (page: Page) =>
  page.evaluate(() => {
    const d = document.documentElement
    return d.scrollWidth <= d.clientWidth && d.scrollHeight <= d.clientHeight && window.innerWidth === d.clientWidth && window.innerHeight === d.clientHeight
  })

/** Canvas backing-store pixels per CSS pixel on screen, for every chart of the active page. */
const chartSharpness = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.slot.active canvas')].map((c) => {
      const canvas = c as HTMLCanvasElement
      return canvas.width / canvas.getBoundingClientRect().width
    }),
  )

for (const [w, h] of [
  [1920, 1080],
  [3840, 2160],
  [5760, 1080],
] as const) {
  test(`at ${w}×${h}: fills the screen, no scrollbar, nothing outside, charts at device resolution, every page by keys`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h })
    await openWall(page, `size=${w}x${h}&dwell=3600`)
    const canvasBox = await page.getByTestId('wall-canvas').boundingBox()
    expect(Math.round(canvasBox?.width ?? 0)).toBe(w)
    expect(Math.round(canvasBox?.height ?? 0)).toBe(h)
    await expect(page.locator('header.top')).toHaveCount(0)
    const expected = [
      ['air', '数据截至 2023年12月31日'],
      ['ledger', '数据截至 2023年10月25日'],
      ['complaints', '数据截至 2023年12月31日'],
    ]
    for (const [i, [id, asOf]] of expected.entries()) {
      if (i > 0) await page.keyboard.press('ArrowRight')
      await expect(wall(page)).toHaveAttribute('data-page', id as string)
      await expect(page.getByTestId(`wall-page-${id}`).locator('canvas').first()).toBeVisible()
      await expect(page.getByTestId('wall-asof')).toHaveText(asOf as string)
      await page.waitForTimeout(700) // cross-fade
      expect(await noScrollbars(page)).toBe(true)
      expect(await outside(page)).toEqual([])
      const ratios = await chartSharpness(page)
      expect(ratios.length).toBeGreaterThanOrEqual(3)
      for (const r of ratios) expect(r).toBeCloseTo(1, 1)
    }
    await page.keyboard.press('ArrowRight')
    await expect(wall(page)).toHaveAttribute('data-page', 'air')
    await page.keyboard.press('ArrowLeft')
    await expect(wall(page)).toHaveAttribute('data-page', 'complaints')
  })
}

test('a 16:9 wall in a smaller window is letterboxed and scaled, charts still one canvas pixel per device pixel', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await openWall(page, 'dwell=3600')
  const box = await page.getByTestId('wall-canvas').boundingBox()
  expect(Math.round(box?.width ?? 0)).toBe(1280)
  expect(Math.round(box?.height ?? 0)).toBe(720)
  expect(Math.round(box?.y ?? 0)).toBe(90)
  await expect(page.getByTestId('wall-page-air').locator('canvas').first()).toBeVisible()
  for (const r of await chartSharpness(page)) expect(r).toBeCloseTo(1, 1)
  // Pointer positions survive the CSS scale: the calendar's tooltip names the day under the pointer.
  // Calendar box (buildAqiCalendarOption): left 48, right 16, top 48, bottom 56; 53 week columns
  // from Monday 2022-12-26; column 30, row 3 (Thursday) is 2023-07-27.
  const cal = await page.getByTestId('wall-chart-calendar').locator('canvas').first().boundingBox()
  if (!cal) throw new Error('calendar not drawn')
  const s = 1280 / 1920
  const cw = (cal.width / s - 64) / 53
  const ch = (cal.height / s - 104) / 7
  await page.mouse.move(cal.x + (48 + 30.5 * cw) * s, cal.y + (48 + 3.5 * ch) * s)
  await expect(page.getByTestId('wall-chart-calendar')).toContainText('2023-07-27')
})

test('figures on the sample: rates change in points, concentrations and counts in percent, each with its period', async ({ page }) => {
  await openWall(page, 'dwell=3600&pages=air,ledger,complaints')
  const kpi = (id: string) => page.getByTestId(id)
  await expect(kpi('wall-kpi-good-rate').locator('[data-role=value]')).toHaveText('95.3')
  await expect(kpi('wall-kpi-good-rate').locator('[data-role=change]')).toHaveText('同比上升 1.1 个百分点')
  await expect(kpi('wall-kpi-good-rate').locator('[data-role=period]')).toHaveText('2023年1月1日 至 2023年12月31日')
  await expect(kpi('wall-kpi-good-rate').locator('[data-role=versus]')).toHaveText('同比:2022年1月1日 至 2022年12月31日')
  await expect(kpi('wall-kpi-pm25').locator('[data-role=value]')).toHaveText('33')
  await expect(kpi('wall-kpi-pm25').locator('[data-role=change]')).toHaveText('同比下降 9.5%')
  await expect(kpi('wall-kpi-heavy').locator('[data-role=value]')).toHaveText('0')
  await page.keyboard.press('ArrowRight')
  await expect(kpi('wall-kpi-total').locator('[data-role=value]')).toHaveText('31')
  await expect(kpi('wall-kpi-completion').locator('[data-role=value]')).toHaveText('83.9')
  await expect(kpi('wall-kpi-overdue').locator('[data-role=value]')).toHaveText('0')
  await expect(page.getByTestId('wall-scroll-table')).toContainText('学用结合不好')
  await page.keyboard.press('ArrowRight')
  await expect(kpi('wall-kpi-received').locator('[data-role=value]')).toHaveText('407')
  await expect(kpi('wall-kpi-received').locator('[data-role=change]')).toHaveText('同比下降 16.6%')
  await expect(kpi('wall-kpi-reply').locator('[data-role=value]')).toHaveText('100.0')
  await expect(kpi('wall-kpi-reply').locator('[data-role=change]')).toHaveText('同比上升 1.6 个百分点')
  await expect(kpi('wall-kpi-enforcement').locator('[data-role=value]')).toHaveText('12')
})

test('rotation follows the URL: page selection, order and per-page dwell', async ({ page }) => {
  await openWall(page, 'pages=complaints:0.6,air:0.6&dwell=3600')
  await expect(page.locator('.dots .dot')).toHaveCount(2)
  await expect(page.getByTestId('wall-dot-ledger')).toHaveCount(0)
  await expect(wall(page)).toHaveAttribute('data-page', 'complaints')
  await expect(wall(page)).toHaveAttribute('data-page', 'air', { timeout: 5_000 })
  await expect(wall(page)).toHaveAttribute('data-page', 'complaints', { timeout: 5_000 })
  expect(await page.evaluate(() => (window as unknown as { __wall: { rotations: () => number } }).__wall.rotations())).toBeGreaterThanOrEqual(2)
})

test('pointer activity pauses rotation, which resumes after the idle time; dots page by click', async ({ page }) => {
  await openWall(page, 'dwell=0.8&idle=2')
  await page.mouse.move(50, 50)
  await page.mouse.move(60, 60)
  await expect(wall(page)).toHaveAttribute('data-paused', 'true')
  await expect(page.getByTestId('wall-paused')).toBeVisible()
  await page.getByTestId('wall-dot-ledger').click()
  await expect(wall(page)).toHaveAttribute('data-page', 'ledger')
  await page.waitForTimeout(1_200)
  await expect(wall(page)).toHaveAttribute('data-page', 'ledger')
  await expect(wall(page)).toHaveAttribute('data-paused', 'false', { timeout: 5_000 })
  await expect(wall(page)).toHaveAttribute('data-page', 'complaints', { timeout: 5_000 })
})

test('theme, language and size come from the URL', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 })
  await openWall(page, 'theme=light&lang=en&size=5760x1080&dwell=3600')
  await expect(wall(page)).toHaveClass(/theme-light/)
  await expect(page.getByTestId('wall-asof')).toHaveText('Data as of 31 Dec 2023')
  await expect(page.getByTestId('wall-kpi-good-rate').locator('[data-role=change]')).toHaveText('up 1.1 pp year on year')
  const box = await page.getByTestId('wall-canvas').boundingBox()
  expect(Math.round((box?.width ?? 0) / (box?.height ?? 1))).toBe(5)
  expect(Math.round(box?.width ?? 0)).toBe(1600)
  // Longer English words still fit on every page, 32:9 and 16:9.
  for (const size of ['5760x1080', '1920x1080']) {
    if (size === '1920x1080') {
      await page.setViewportSize({ width: 1920, height: 1080 })
      await openWall(page, `theme=light&lang=en&size=${size}&dwell=3600`)
    }
    for (const id of ['air', 'ledger', 'complaints']) {
      await page.getByTestId(`wall-dot-${id}`).click()
      await expect(wall(page)).toHaveAttribute('data-page', id)
      await expect(page.getByTestId(`wall-page-${id}`).locator('canvas').first()).toBeVisible()
      expect(await outside(page), `${size} ${id}`).toEqual([])
    }
  }
})

test('stale banner: shown for the (old) sample by default, off with stale=off, gone with a high threshold', async ({ page }) => {
  await openWall(page, 'dwell=3600&stale=30')
  await expect(page.getByTestId('wall-stale')).toContainText('最新数据日期 2023年12月31日')
  await expect(page.getByTestId('wall-stale')).toContainText('超过 30 天')
  await openWall(page, 'dwell=3600&stale=off')
  await expect(page.getByTestId('wall-kpi-good-rate').locator('[data-role=value]')).toHaveText('95.3')
  await expect(page.getByTestId('wall-stale')).toHaveCount(0)
  await openWall(page, 'dwell=3600&stale=100000')
  await expect(page.getByTestId('wall-kpi-good-rate').locator('[data-role=value]')).toHaveText('95.3')
  await expect(page.getByTestId('wall-stale')).toHaveCount(0)
})

test('a data change announced by another tab makes the wall re-query without a reload', async ({ page, context }) => {
  await openWall(page, 'dwell=3600')
  const before = Number(await wall(page).getAttribute('data-refreshes'))
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1))
  const other = await context.newPage()
  await other.goto('./#/')
  await other.evaluate(() => {
    const ch = new BroadcastChannel('eco-dashboard')
    ch.postMessage({ type: 'datasets-changed' })
    ch.close()
  })
  await expect(wall(page)).toHaveAttribute('data-refreshes', String(before + 1), { timeout: 15_000 })
  await expect(page.getByTestId('wall-kpi-good-rate').locator('[data-role=value]')).toHaveText('95.3')
  // Same document: no reload happened.
  expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1)
  await other.close()
})

test.describe('with OS scaling at 150%', () => {
  test.use({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1.5 })
  test('charts draw one canvas pixel per device pixel (1.5 per CSS pixel), nothing outside', async ({ page }) => {
    await openWall(page, 'dwell=3600')
    await expect(page.getByTestId('wall-page-air').locator('canvas').first()).toBeVisible()
    const ratios = await chartSharpness(page)
    expect(ratios.length).toBeGreaterThanOrEqual(4)
    for (const r of ratios) expect(r).toBeCloseTo(1.5, 1)
    expect(await noScrollbars(page)).toBe(true)
    expect(await outside(page)).toEqual([])
  })
})

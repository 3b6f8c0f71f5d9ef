import { test, expect, kpiValue, waitReady } from './fixtures'

test('a killed DuckDB worker is noticed, restarted and the data rebuilt without a reload', async ({ page }) => {
  await page.goto('./')
  await waitReady(page)
  // The air KPIs come from their own query, which may finish after the ledger's (waitReady).
  await expect(page.getByTestId('kpi-good-days').locator('[data-role=value]')).toHaveText('265')
  await page.evaluate(() => {
    ;(window as unknown as { __notReloaded: boolean }).__notReloaded = true
  })
  const workers = page.workers()
  expect(workers.length).toBeGreaterThan(0)
  // Kill the engine from inside its worker: the app gets no event, only silence.
  const t0 = Date.now()
  await Promise.all(workers.map((w) => w.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined)))
  await expect(page.getByTestId('engine-progress')).toContainText('重启', { timeout: 15_000 })
  await expect(page.getByTestId('engine-progress')).toBeHidden({ timeout: 30_000 })
  console.log(`worker-kill recovery: ${Date.now() - t0} ms (includes up to 6 s of detection)`)
  await expect(page.getByTestId('kpi-good-days').locator('[data-role=value]')).toHaveText('265')
  expect(await kpiValue(page, 'kpi-total')).toBe('31')
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true)
  // The new engine answers queries: change the period and see new figures.
  await page.goto('./#/?from=2023-01-01&to=2023-01-31')
  await expect(page.getByTestId('kpi-good-rate')).toContainText('2023年1月1日—1月31日')
})

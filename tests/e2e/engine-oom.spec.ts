import { test, expect, kpiValue, waitReady } from './fixtures'

test('the engine running out of memory is reported, restarted and the data rebuilt without a reload', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto('./')
  await waitReady(page)
  await page.goto('./#/data')
  await page.getByTestId('tab-sql').click()
  // A list of 600M BIGINTs (4.8 GB) is more than a wasm engine can address: DuckDB runs out of memory.
  await page.getByTestId('sql-input').fill('SELECT max(len(l)), sum(list_sum(l)) FROM (SELECT list(i) AS l FROM range(600000000) t(i))')
  await page.getByTestId('sql-run').click()
  await expect(page.getByTestId('engine-progress')).toContainText('重启', { timeout: 120_000 })
  await expect(page.getByTestId('engine-progress')).toBeHidden({ timeout: 60_000 })
  await page.goto('./#/')
  await waitReady(page)
  expect(await kpiValue(page, 'kpi-total')).toBe('31')
  await expect(page.getByTestId('kpi-good-days').locator('[data-role=value]')).toHaveText('265')
})

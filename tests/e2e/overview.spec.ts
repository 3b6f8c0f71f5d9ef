import { test, expect, kpiValue, waitReady } from './fixtures'

test('overview opens on the embedded sample with the figures of the seed notice', async ({ page, guard }) => {
  await page.goto('./')
  await waitReady(page)
  expect(await kpiValue(page, 'kpi-total')).toBe('31')
  expect(await kpiValue(page, 'kpi-closed')).toBe('26')
  expect(await kpiValue(page, 'kpi-open')).toBe('5')
  expect(await kpiValue(page, 'kpi-completion')).toBe('83.9%')
  await expect(page.getByTestId('kpi-good-days').locator('[data-role=value]')).toHaveText('265')
  expect(await kpiValue(page, 'kpi-good-rate')).toBe('95.0%')
  expect(await kpiValue(page, 'kpi-pm25')).toBe('29')
  expect(await kpiValue(page, 'kpi-reply')).toBe('100.0%')
  await expect(page.getByTestId('kpi-good-days')).toContainText('279')
  await expect(page.getByTestId('kpi-good-rate')).toContainText('2023年1月1日—10月6日')
  await expect(page.getByTestId('kpi-total')).toContainText('截至 2023年10月25日')
  for (const id of ['chart-good-rate', 'chart-pm25', 'chart-ledger']) {
    await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1)
  }
  const box = await page.getByTestId('chart-pm25').locator('canvas').boundingBox()
  expect(box?.width).toBeGreaterThan(300)
  expect(guard.foreignRequests).toEqual([])
})

test('the period lives in the URL and changes the air figures', async ({ page }) => {
  await page.goto('./#/?from=2023-01-01&to=2023-01-31')
  await waitReady(page)
  await expect(page.getByTestId('kpi-good-days')).toContainText('31')
  await expect(page.getByTestId('kpi-good-rate')).toContainText('2023年1月1日—1月31日')
  const rate = await kpiValue(page, 'kpi-good-rate')
  expect(rate).not.toBe('95.0%')
})

test('English switch formats numbers and dates per locale', async ({ page }) => {
  await page.goto('./')
  await waitReady(page)
  await page.getByTestId('lang-switch').click()
  await expect(page.getByTestId('kpi-good-rate')).toContainText('Good-day rate')
  await expect(page.getByTestId('kpi-good-rate')).toContainText('1 Jan – 6 Oct 2023')
  expect(await kpiValue(page, 'kpi-completion')).toBe('83.9%')
})

/** Driving the /data upload UI from a test (same conventions as data.spec.ts). */
import type { Locator, Page } from '@playwright/test'
import { expect } from '../fixtures'

/** Every dialog (alert, confirm) is recorded and dismissed; markup in a CSV must never open one. */
export function recordDialogs(page: Page): string[] {
  const seen: string[] = []
  page.on('dialog', (d) => {
    seen.push(`${d.type()}: ${d.message()}`)
    void d.dismiss()
  })
  return seen
}

export async function openData(page: Page): Promise<void> {
  await page.goto('./#/data')
  await expect(page.getByTestId('dataset-ledger').locator('[data-role=checksum]')).not.toHaveText('…', { timeout: 60_000 })
}

/** File, row count and content checksum of every loaded table, keyed by `dataset-<table>`. */
export async function snapshot(page: Page): Promise<Record<string, string>> {
  await expect(page.getByTestId('datasets').locator('[data-role=checksum]').filter({ hasText: '…' })).toHaveCount(0, { timeout: 60_000 })
  const out: Record<string, string> = {}
  for (const row of await page.getByTestId('datasets').locator('tbody tr').all()) {
    const id = (await row.getAttribute('data-testid')) as string
    const cells = await Promise.all(['file', 'rows', 'checksum'].map((r) => row.locator(`[data-role=${r}]`).innerText()))
    out[id] = cells.join(' | ')
  }
  return out
}

export function card(page: Page, name: string): Locator {
  return page.getByTestId('upload-card').filter({ has: page.getByTestId('upload-name').getByText(name, { exact: true }) })
}

export async function facts(c: Locator): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const dd of await c.locator('dd').all()) out[((await dd.getAttribute('data-testid')) as string).replace(/^res-/, '')] = await dd.innerText()
  return out
}

/** Issue rows of an upload card: line, column, kind, raw value, message. */
export async function issueRows(c: Locator): Promise<string[][]> {
  const rows = await c.getByTestId('issue-row').all()
  return Promise.all(rows.map(async (r) => (await r.locator('td').allInnerTexts()).map((s) => s.trim())))
}

export async function sql(page: Page, query: string): Promise<string[][]> {
  await page.getByTestId('tab-sql').click()
  await page.getByTestId('sql-input').fill(query)
  await page.getByTestId('sql-run').click()
  await expect(page.getByTestId('sql-count')).toBeVisible({ timeout: 30_000 })
  const rows = await page.getByTestId('sql-result').locator('[data-role=row]').all()
  return Promise.all(rows.map(async (r) => (await r.locator('.cell').allInnerTexts()).map((s) => s.trim())))
}

export async function waitStatus(c: Locator, status = '已加载', timeout = 90_000): Promise<void> {
  await expect(c.getByTestId('upload-status')).toHaveText(status, { timeout })
}

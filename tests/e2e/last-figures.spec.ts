/**
 * Last figures (src/storage/lastFigures.ts): a cold open draws the overview and the wall from the
 * figures kept for the same data (shipped for the sample, kept by the browser after uploads) while
 * the engine starts, then the engine checks each one and corrects any that differ.
 */
import type { Page } from '@playwright/test'
import { test, expect, kpiValue, waitReady } from './fixtures'
import { card, openData, waitStatus } from './helpers/intake'

interface Seen {
  marks: Record<string, number>
  armed: string | null
  showing: number
  confirmed: number
  mismatches: string[]
}
const seen = (page: Page): Promise<Seen> =>
  page.evaluate(() => {
    const lf = (window as unknown as { __lastFigures: { armed(): string | null; showing(): number; confirmed(): number; mismatches(): string[] } }).__lastFigures
    const marks = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))
    return { marks, armed: lf.armed(), showing: lf.showing(), confirmed: lf.confirmed(), mismatches: lf.mismatches() }
  })
const live = (page: Page) => page.waitForFunction(() => performance.getEntriesByName('app:figures-live').length > 0, null, { timeout: 60_000 })
const kept = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('eco-dashboard:last-figures') ?? 'null') as { fingerprint: string; entries: Record<string, string> } | null)

test('a first visit draws the shipped sample figures before the engine is ready, and the engine confirms every one', async ({ page }) => {
  await page.goto('./#/')
  await expect(page.getByTestId('kpi-total').locator('[data-role=value]')).toHaveText('31', { timeout: 30_000 })
  await live(page)
  const s = await seen(page)
  expect(s.armed).toMatch(/^sample:ledger-[\w-]+\.csv,air_quality_daily-[\w-]+\.csv,.*\|uploads:$/)
  expect(s.marks['app:last-figures']).toBeLessThan(s.marks['app:engine-ready'] as number)
  // The dates, ledger, air and complaints queries were drawn from kept figures and all equal the live results.
  expect(s.confirmed).toBe(4)
  expect(s.mismatches).toEqual([])
  expect(s.showing).toBe(0)
  await expect(page.getByTestId('last-figures-note')).toHaveCount(0)
  expect(await kpiValue(page, 'kpi-good-rate')).toBe('95.0%')
})

test('the wall opens on the shipped sample figures, says so, and the engine confirms them', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('./#/wall?dwell=3600')
  await expect(page.getByTestId('wall-kpi-total').locator('[data-role=value]')).toHaveText('31', { timeout: 30_000 })
  await live(page)
  const s = await seen(page)
  expect(s.marks['app:last-figures']).toBeLessThan(s.marks['app:engine-ready'] as number)
  expect(s.mismatches).toEqual([])
  expect(s.confirmed).toBe(1)
  await expect(page.getByTestId('wall-updated')).toHaveText(/^更新于 \d{2}:\d{2}/)
})

test('after an upload the next open shows its figures first; a kept figure that is wrong is corrected by the engine', async ({ page }) => {
  await openData(page)
  await page.getByTestId('file-input').setInputFiles('tests/fixtures/ledger-gbk.csv')
  await waitStatus(card(page, 'ledger-gbk.csv'))
  await page.goto('./#/')
  await waitReady(page)
  expect(await kpiValue(page, 'kpi-total')).toBe('3')
  await expect.poll(async () => (await kept(page))?.fingerprint ?? '').toMatch(/\|uploads:[\w-]+$/)

  await page.reload()
  await expect(page.getByTestId('kpi-total').locator('[data-role=value]')).toHaveText('3', { timeout: 30_000 })
  await live(page)
  let s = await seen(page)
  expect(s.armed).toMatch(/\|uploads:[\w-]+$/)
  expect(s.marks['app:last-figures']).toBeLessThan(s.marks['app:engine-ready'] as number)
  expect(s.mismatches).toEqual([])

  // Someone else's figures in the kept copy (another build, an edited value): shown, then corrected.
  await page.evaluate(() => {
    const k = JSON.parse(localStorage.getItem('eco-dashboard:last-figures') as string) as { entries: Record<string, string> }
    for (const key of Object.keys(k.entries)) if (key.startsWith('overview.ledger')) k.entries[key] = (k.entries[key] as string).replace('"total":3,', '"total":999,')
    localStorage.setItem('eco-dashboard:last-figures', JSON.stringify(k))
  })
  await page.reload()
  await live(page)
  s = await seen(page)
  expect(s.mismatches).toEqual([expect.stringMatching(/^overview\.ledger\|/)])
  expect(await kpiValue(page, 'kpi-total')).toBe('3')
  // The corrected figures are kept again.
  await expect.poll(async () => Object.entries((await kept(page))?.entries ?? {}).find(([key]) => key.startsWith('overview.ledger'))?.[1]).toContain('"total":3,')

  // Deleting the upload on /data forgets its figures at once (the overview is not drawn there).
  await openData(page)
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('delete').click()
  await expect(page.getByTestId('stored-row')).toHaveCount(0)
  await expect.poll(async () => (await kept(page))?.fingerprint ?? null).toBeNull()
})

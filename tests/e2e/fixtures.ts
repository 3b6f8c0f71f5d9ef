import { test as base, expect, type Page } from '@playwright/test'

export interface Guard {
  consoleErrors: string[]
  pageErrors: string[]
  foreignRequests: string[]
}

/**
 * Every e2e test runs with a guard: requests to any other origin are blocked and recorded, console
 * errors and uncaught page errors are recorded, and the test fails if any occurred.
 */
export const test = base.extend<{ guard: Guard }>({
  // auto: every test is guarded, also the ones that never name the fixture.
  guard: [async ({ page, baseURL }, use) => {
    const guard: Guard = { consoleErrors: [], pageErrors: [], foreignRequests: [] }
    const origin = new URL(baseURL as string).origin
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
      guard.foreignRequests.push(url)
      return route.abort()
    })
    page.on('console', (m) => {
      if (m.type() === 'error') guard.consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => guard.pageErrors.push(String(e)))
    // Chromium logs CSP refusals as console errors too; this also catches ones it reports silently.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)
      })
    })
    await use(guard)
    expect(guard.foreignRequests, 'requests to other origins').toEqual([])
    expect(guard.pageErrors, 'uncaught page errors').toEqual([])
    expect(guard.consoleErrors, 'console errors').toEqual([])
  }, { auto: true }],
})

export { expect }

export async function kpiValue(page: Page, id: string): Promise<string> {
  return (await page.getByTestId(id).locator('[data-role=value]').innerText()).trim()
}

/** The overview shows live figures: the engine is ready (kept figures of the last visit may show before). */
export async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('kpi-total').locator('[data-role=value]')).not.toHaveText('—', { timeout: 30_000 })
  await expect(page.getByTestId('engine-progress')).toHaveCount(0, { timeout: 30_000 })
  // Every kept figure has been checked by its live query (the queries are done).
  await page.waitForFunction(() => (window as unknown as { __lastFigures?: { showing(): number } }).__lastFigures?.showing() === 0, null, { timeout: 30_000 })
}

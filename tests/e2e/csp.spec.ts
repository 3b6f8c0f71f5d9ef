import { test, expect, waitReady } from './fixtures'

test('the built app is served under the strict CSP and runs without a violation', async ({ page, guard }) => {
  const res = await page.goto('./')
  const csp = res?.headers()['content-security-policy'] ?? ''
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'")
  expect(csp).toContain("connect-src 'self'")
  expect(csp).not.toContain("'unsafe-eval'") // only 'wasm-unsafe-eval'
  await waitReady(page)
  // No inline script in the page: every <script> has a same-origin src.
  const inline = await page.locator('script:not([src])').count()
  expect(inline).toBe(0)
  // A script injected by a hostile string would be refused: prove the policy is live.
  expect(guard.consoleErrors).toEqual([])
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { __inlineRan?: number }
    const s = document.createElement('script')
    s.textContent = 'window.__inlineRan = 1'
    document.head.append(s)
    await new Promise((r) => setTimeout(r, 50))
    return w.__inlineRan === 1
  })
  expect(ran).toBe(false)
  // The refusal above is the only violation allowed: it was provoked on purpose.
  expect(guard.consoleErrors.length).toBeGreaterThan(0)
  expect(guard.consoleErrors.every((e) => /Content Security Policy|CSP violation/.test(e))).toBe(true)
  guard.consoleErrors.length = 0
})

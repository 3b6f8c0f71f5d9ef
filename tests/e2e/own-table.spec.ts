/**
 * The column-mapping form beyond the known kinds: an unrecognised file loaded into a table the user
 * names and types, remembered for the same header and restored after a reload; and a date assembled
 * from year / month / day columns.
 */
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { card, facts, issueRows, openData, snapshot, sql, waitStatus } from './helpers/intake'

const fx = (name: string) => join(import.meta.dirname, '..', 'fixtures', name)

test('an unrecognised file becomes an own table with chosen types; it is browsable, survives a reload and its mapping is reused', async ({ page }) => {
  await openData(page)
  const before = await snapshot(page)
  await page.getByTestId('file-input').setInputFiles(fx('own-sites.csv'))
  const c = card(page, 'own-sites.csv')
  const form = c.getByTestId('mapping-form')
  await expect(form).toBeVisible()
  await expect(form.getByTestId('mapping-kind')).toHaveValue('own')
  await expect(form.getByTestId('own-table')).toHaveValue('own_sites')

  // A dashboard table cannot be taken; the message says why and nothing can be submitted.
  await form.getByTestId('own-table').fill('ledger')
  await expect(form.getByTestId('own-problems')).toHaveText('表名“ledger”:与看板自带的表同名,请换一个名称')
  await expect(form.getByTestId('mapping-submit')).toBeDisabled()
  await form.getByTestId('own-table').fill('sites')
  await expect(form.getByTestId('own-problems')).toHaveCount(0)

  // Types guessed from the preview: codes with leading zeros and 18-digit IDs stay text.
  const col = (i: number) => form.getByTestId(`own-col-${i}`)
  await expect(col(3).locator('[data-role=sample]')).toHaveText('12.5 · NA · abc')
  const types = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => col(i).locator('[data-role=type]').inputValue()))
  expect(types).toEqual(['text', 'text', 'text', 'text', 'date', 'number'])
  for (const [i, name] of ['code', 'uid', 'name', 'amount', 'checked'].entries()) await col(i).locator('[data-role=name]').fill(name)
  await col(3).locator('[data-role=type]').selectOption('number')
  await col(0).locator('[data-role=key]').check()
  for (const i of [5, 6, 7]) await col(i).locator('[data-role=include]').uncheck()
  await form.getByTestId('own-add-assembled').click()
  const day = form.getByTestId('own-assembled-0')
  await day.locator('[data-role=name]').fill('day')
  await day.locator('[data-role=part-year]').selectOption('年')
  await expect(form.getByTestId('own-problems')).toHaveText('字段“day”:请选择年、月、日三列')
  await day.locator('[data-role=part-month]').selectOption('月')
  await day.locator('[data-role=part-day]').selectOption('日')
  await form.getByTestId('mapping-submit').click()
  await waitStatus(c)

  expect(await facts(c)).toEqual({
    kind: '自建表', encoding: 'UTF-8', delimiter: '逗号', 'rows-read': '3', 'rows-loaded': '3', 'null-cells': '1', table: 'sites · 替换',
  })
  expect(await issueRows(c)).toEqual([
    ['4', '排放量', '格式错误', 'abc', '不是有效数值'],
    ['4', '年+月+日', '格式错误', '2024-13-3', '不是有效日期'],
  ])
  const rows = [
    ['007', '440300199912310012', '甲厂', '12.5', '2024-03-01', '2024-03-01'],
    ['010', '440300200001010023', '乙厂', '', '2024-03-02', '2024-03-02'],
    ['123', '440300200102020034', '丙厂', '', '2024-03-03', ''],
  ]
  const query = 'SELECT code, uid, name, amount, checked, day FROM sites ORDER BY code'
  expect(await sql(page, query)).toEqual(rows)
  const after = await snapshot(page)
  expect(after['dataset-sites']).toMatch(/^own-sites\.csv \| 3 \| 3:[0-9a-f]{8}$/)
  for (const [k, v] of Object.entries(before)) expect(after[k]).toBe(v)

  await page.getByTestId('tab-browser').click()
  await page.getByTestId('browser-table').selectOption('sites')
  const type = (column: string) => page.getByTestId(`profile-${column}`).locator('td').nth(1)
  await expect(type('code')).toHaveText('VARCHAR')
  await expect(type('amount')).toHaveText('DOUBLE')
  await expect(type('day')).toHaveText('DATE')
  await expect(page.getByTestId(`profile-code`).locator('[data-role=min]')).toHaveText('007')

  await page.reload()
  await openData(page)
  expect(await snapshot(page)).toEqual(after)
  expect(await sql(page, query)).toEqual(rows)
  await expect(page.getByTestId('stored-row')).toHaveCount(1)

  // Same header: the saved mapping loads it into the same table; appending is deduplicated on code.
  await page.getByTestId('file-input').setInputFiles(fx('own-sites-2.csv'))
  const again = card(page, 'own-sites-2.csv')
  await expect(again.getByTestId('mapping-reused')).toBeVisible()
  await expect(again.getByTestId('choose-append')).toHaveText('追加(按 code 去重,新文件优先)')
  await again.getByTestId('choose-append').click()
  await waitStatus(again)
  expect(await facts(again)).toMatchObject({ kind: '自建表', 'rows-loaded': '2', 'rows-total': '4', 'rows-replaced': '1', table: 'sites · 追加' })
  expect(await sql(page, 'SELECT code, amount, day FROM sites ORDER BY code')).toEqual([
    ['007', '20', '2024-04-01'],
    ['010', '', '2024-03-02'],
    ['123', '', ''],
    ['200', '8.25', '2024-04-02'],
  ])
  await page.reload()
  await openData(page)
  expect(await sql(page, 'SELECT count(*) AS n, sum(amount) AS s FROM sites')).toEqual([['4', '28.25']])
  await expect(page.getByTestId('stored-row').locator('[data-role=kind]')).toHaveText(['自建表 · sites', '自建表 · sites'])

  // Deleting the stored uploads undoes them in turn: first the append, then the table itself.
  page.on('dialog', (d) => void d.accept())
  await page.getByTestId('stored-row').filter({ hasText: 'own-sites-2.csv' }).getByTestId('delete').click()
  await expect(page.getByTestId('stored-row')).toHaveCount(1)
  await expect(page.getByTestId('dataset-sites').locator('[data-role=rows]')).toHaveText('3')
  expect(await sql(page, query)).toEqual(rows)
  await page.getByTestId('stored-row').getByTestId('delete').click()
  await expect(page.getByTestId('stored-row')).toHaveCount(0)
  await expect(page.getByTestId('dataset-sites')).toHaveCount(0)
  expect(await snapshot(page)).toEqual(before)
})

test('a known kind takes its date from year / month / day columns picked in the form', async ({ page }) => {
  await openData(page)
  await page.getByTestId('file-input').setInputFiles(fx('air-date-parts.csv'))
  const c = card(page, 'air-date-parts.csv')
  await expect(c.getByTestId('mapping-form')).toBeVisible()
  await c.getByTestId('mapping-kind').selectOption('air_daily')
  await c.getByTestId('map-date').selectOption({ label: '由年/月/日列组合…' })
  await expect(c.getByTestId('mapping-submit')).toBeDisabled()
  await c.getByTestId('map-date-year').selectOption('监测年')
  await c.getByTestId('map-date-month').selectOption('监测月')
  await c.getByTestId('map-date-day').selectOption('监测日')
  await c.getByTestId('map-pm25').selectOption('细颗粒')
  await c.getByTestId('mapping-submit').click()
  await waitStatus(c)
  expect(await facts(c)).toMatchObject({ kind: '空气质量(日)', 'rows-loaded': '3', table: 'air_daily · 替换' })
  expect(await sql(page, 'SELECT date, pm25 FROM air_daily ORDER BY date')).toEqual([
    ['2024-06-01', '15'],
    ['2024-06-02', '19'],
    ['2024-06-03', '23'],
  ])
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect, kpiValue, waitReady } from './fixtures'
import { card, facts, issueRows, openData, recordDialogs, snapshot, sql, waitStatus as waitDone } from './helpers/intake'

const FIX = join(import.meta.dirname, '..', 'fixtures')
const fx = (name: string) => join(FIX, name)
const SAMPLE_TABLES = ['ledger', 'air_daily', 'complaints_monthly', 'events', 'enforcement_yearly']

test.describe('data intake, one fixture at a time', () => {
  test('GBK ledger with title rows replaces the sample ledger and leaves every other table as it was', async ({ page }) => {
    const dialogs = recordDialogs(page)
    await openData(page)
    const before = await snapshot(page)
    await page.getByTestId('file-input').setInputFiles(fx('ledger-gbk.csv'))
    const c = card(page, 'ledger-gbk.csv')
    await waitDone(c)
    expect(await facts(c)).toEqual({
      kind: '整改台账', encoding: 'GBK / GB18030', delimiter: '逗号', 'rows-read': '3', 'rows-loaded': '3', 'null-cells': '3', table: 'ledger · 替换',
    })
    const after = await snapshot(page)
    for (const t of SAMPLE_TABLES.filter((x) => x !== 'ledger')) expect(after[`dataset-${t}`]).toBe(before[`dataset-${t}`])
    expect(after['dataset-ledger']).toMatch(/^ledger-gbk\.csv \| 3 \| 3:[0-9a-f]{8}$/)
    expect(await sql(page, 'SELECT no, title, unit, deadline, status, closed_on FROM ledger ORDER BY no')).toEqual([
      ['1', '学习不全面、不及时', '办公室', '2023-09-30', 'closed', '2023-08-10'],
      ['2', '锅炉低氮改造资金未拨付', '大气环境科', '2023-12-31', 'in_progress', ''],
      ['3', '执法案件办理不规范', '执法大队', '', 'long_term', ''],
    ])
    await page.goto('./#/')
    await waitReady(page)
    expect(await kpiValue(page, 'kpi-total')).toBe('3')
    expect(dialogs).toEqual([])
  })

  test('UTF-8 with BOM, semicolons with decimal commas, NA tokens and Excel serial dates load their exact values', async ({ page }) => {
    await openData(page)
    const input = page.getByTestId('file-input')
    await input.setInputFiles(fx('air-daily-bom.csv'))
    await waitDone(card(page, 'air-daily-bom.csv'))
    expect(await facts(card(page, 'air-daily-bom.csv'))).toMatchObject({ kind: '空气质量(日)', encoding: 'UTF-8 (BOM)', 'rows-read': '3', 'rows-loaded': '3' })
    expect(await sql(page, 'SELECT date, aqi, pm25, co FROM air_daily ORDER BY date')).toEqual([
      ['2024-01-01', '55', '39', '0.9'],
      ['2024-01-02', '48', '30', '0.8'],
      ['2024-01-03', '102', '77', '1.3'],
    ])
    for (const [file, query, expected, fact] of [
      ['air-semicolon.csv', 'SELECT date, pm25, pm10, co FROM air_daily ORDER BY date', [['2024-02-01', '12.5', '30.25', '0.8'], ['2024-02-02', '20', '41.5', '1.1']], { delimiter: '分号', encoding: 'UTF-8' }],
      ['air-na-tokens.csv', 'SELECT date, pm25, pm10, so2, co FROM air_daily ORDER BY date', [['2024-04-01', '', '50', '', '0.6'], ['2024-04-02', '25', '', '5', ''], ['2024-04-03', '31', '57', '6', '0.7']], { 'null-cells': '4' }],
      ['air-excel-serial.csv', 'SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '40'], ['2024-01-02', '42'], ['2024-01-03', '38']], { 'rows-loaded': '3' }],
    ] as const) {
      await input.setInputFiles(fx(file))
      const c = card(page, file)
      // air_daily now comes from an upload, so the user is asked what to do with it.
      await expect(c.getByTestId('conflict')).toBeVisible()
      await c.getByTestId('choose-replace').click()
      await waitDone(c)
      expect(await facts(c)).toMatchObject(fact)
      expect(await sql(page, query)).toEqual(expected)
    }
  })

  test('ragged rows and an unterminated quote are reported with exact lines; the report downloads as CSV', async ({ page }) => {
    await openData(page)
    await page.getByTestId('file-input').setInputFiles(fx('complaints-ragged.csv'))
    const c = card(page, 'complaints-ragged.csv')
    await waitDone(c)
    expect(await facts(c)).toMatchObject({ kind: '信访投诉(月)', 'rows-read': '4', 'rows-loaded': '2' })
    const rows = await c.getByTestId('issue-row').all()
    expect(await Promise.all(rows.map(async (r) => (await r.locator('td').allInnerTexts()).map((s) => s.trim())))).toEqual([
      ['3', '', '行结构', '2024-02,31,30,29,31,99', '该行字段数多于表头,整行未加载'],
      ['4', '办结', '行结构', '2024-03,29,28', '该行字段数少于表头,整行未加载'],
    ])
    const [download] = await Promise.all([page.waitForEvent('download'), c.getByTestId('issues-download').click()])
    expect(download.suggestedFilename()).toBe('complaints-ragged-校验报告.csv')
    const text = readFileSync(await download.path(), 'utf8')
    expect(text).toBe(
      '\ufeff文件,行号,列,问题类型,原始值,说明\r\n' +
        'complaints-ragged.csv,3,,行结构,"2024-02,31,30,29,31,99","该行字段数多于表头,整行未加载"\r\n' +
        'complaints-ragged.csv,4,办结,行结构,"2024-03,29,28","该行字段数少于表头,整行未加载"\r\n',
    )
    expect(await sql(page, 'SELECT month, received FROM complaints_monthly ORDER BY month')).toEqual([
      ['2024-01-01', '30'],
      ['2024-04-01', '33'],
    ])

    await page.getByTestId('file-input').setInputFiles(fx('air-unterminated-quote.csv'))
    const q = card(page, 'air-unterminated-quote.csv')
    await waitDone(q)
    expect(await q.getByTestId('issue-row').locator('td').allInnerTexts()).toEqual(['3', 'PM2.5', '行结构', '2024-03-02,"11', '引号未闭合或使用不正确,整行未加载'])
    expect(await facts(q)).toMatchObject({ 'rows-read': '2', 'rows-loaded': '1' })
  })

  test('in English, refusals, row issues and the downloaded report speak English; file names stay as they are', async ({ page }) => {
    await page.goto('./#/data?lang=en')
    await expect(page.getByTestId('dataset-ledger').locator('[data-role=checksum]')).not.toHaveText('…', { timeout: 60_000 })
    const before = await snapshot(page)
    await page.getByTestId('file-input').setInputFiles([fx('complaints-ragged.csv'), fx('ledger-xlsx-renamed.csv'), fx('empty.csv')])
    const x = card(page, 'ledger-xlsx-renamed.csv')
    await waitDone(x, 'Not loaded')
    await expect(x.getByTestId('upload-error')).toHaveText(
      'File “ledger-xlsx-renamed.csv” is not a CSV text file (it looks like an Excel workbook, .xlsx). Save it as CSV in Excel/WPS and upload that. Existing data is unchanged.',
    )
    const e = card(page, 'empty.csv')
    await waitDone(e, 'Not loaded')
    await expect(e.getByTestId('upload-error')).toHaveText('File “empty.csv” is empty. Existing data is unchanged.')
    const c = card(page, 'complaints-ragged.csv')
    await waitDone(c, 'Loaded')
    expect(await issueRows(c)).toEqual([
      ['3', '', 'Row structure', '2024-02,31,30,29,31,99', 'More fields than the header; the row was not loaded'],
      ['4', '办结', 'Row structure', '2024-03,29,28', 'Fewer fields than the header; the row was not loaded'],
    ])
    const [download] = await Promise.all([page.waitForEvent('download'), c.getByTestId('issues-download').click()])
    expect(readFileSync(await download.path(), 'utf8')).toContain('complaints-ragged.csv,3,,Row structure,"2024-02,31,30,29,31,99",More fields than the header; the row was not loaded\r\n')
    const after = await snapshot(page)
    for (const t of SAMPLE_TABLES.filter((n) => n !== 'complaints_monthly')) expect(after[`dataset-${t}`]).toBe(before[`dataset-${t}`])
  })

  test('empty, header-only and a renamed xlsx are refused with their message and change nothing', async ({ page }) => {
    await openData(page)
    // An upload first, so "untouched" covers uploaded data too, not just the sample.
    await page.getByTestId('file-input').setInputFiles(fx('air-daily-bom.csv'))
    await waitDone(card(page, 'air-daily-bom.csv'))
    const before = await snapshot(page)
    await page.getByTestId('file-input').setInputFiles([fx('empty.csv'), fx('header-only.csv'), fx('ledger-xlsx-renamed.csv')])
    const expected: Record<string, string> = {
      'empty.csv': '文件“empty.csv”是空文件',
      'header-only.csv': '文件“header-only.csv”只有表头,没有数据行',
      'ledger-xlsx-renamed.csv': '文件“ledger-xlsx-renamed.csv”不是 CSV 文本文件(看起来是 Excel 工作簿 .xlsx),请在 Excel/WPS 中另存为 CSV 后再上传',
    }
    for (const [name, message] of Object.entries(expected)) {
      const c = card(page, name)
      if (name === 'header-only.csv') await c.getByTestId('choose-append').click()
      await waitDone(c, '未加载')
      await expect(c.getByTestId('upload-error')).toHaveText(`${message} 已有数据未改动。`)
    }
    expect(await snapshot(page)).toEqual(before)
  })

  test('18-digit IDs and leading zeros stay text; hourly data from two stations has its CO converted', async ({ page }) => {
    await openData(page)
    await page.getByTestId('file-input').setInputFiles(fx('ledger-ids.csv'))
    await waitDone(card(page, 'ledger-ids.csv'))
    expect(await sql(page, 'SELECT no, typeof(no) AS t FROM ledger ORDER BY title')).toEqual([
      ['007', 'VARCHAR'],
      ['110101199003071234', 'VARCHAR'],
    ])
    await page.getByTestId('file-input').setInputFiles(fx('air-hourly-stations.csv'))
    const h = card(page, 'air-hourly-stations.csv')
    await waitDone(h)
    await expect(h.getByTestId('res-co')).toHaveText('CO 原单位为 µg/m³,已换算为 mg/m³')
    expect(await facts(h)).toMatchObject({ kind: '空气质量(小时)', table: 'air_hourly · 替换' })
    expect(await sql(page, 'SELECT station, time, pm25, co FROM air_hourly ORDER BY station, time')).toEqual([
      ['城区站', '2024-01-01T00:00:00', '35', '0.9'],
      ['城区站', '2024-01-01T01:00:00', '37', '0.95'],
      ['开发区站', '2024-01-01T00:00:00', '41', '1.1'],
    ])
  })

  test('an 18 MB GBK hourly file converts in workers, loads every row with its Chinese names, and one bad byte is reported', async ({ page }) => {
    const iconv = (await import('iconv-lite')).default
    const stations = ['城关镇政府监测站', '经济技术开发区管委会站', '高新区第一中学站']
    const lines = ['站点名称,监测时间,PM2.5,PM10,O3,NO2,SO2,CO']
    for (let h = 0; h < 300_000; h++) {
      const t = new Date(Date.UTC(2024, 0, 1) + Math.floor(h / 3) * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
      lines.push(`${stations[h % 3]},${t},${30 + (h % 50)},${60 + (h % 70)},${h % 120},${20 + (h % 30)},${5 + (h % 9)},0.${(h % 9) + 1}`)
    }
    const gbk = iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk')
    // One byte that is not GBK, in the station name of data row 150 000 (line 150 001): 0xFF.
    const at = gbk.indexOf(iconv.encode(`\r\n${lines[150_000]}`, 'gbk')) + 2
    gbk[at] = 0xff
    expect(at).toBeGreaterThan(2)
    // Files over 16 MB convert in workers.
    expect(gbk.length).toBeGreaterThan(16 * 1024 * 1024)
    const workers: string[] = []
    page.on('worker', (w) => workers.push(w.url()))
    await openData(page)
    await page.getByTestId('file-input').setInputFiles({ name: 'hourly-gbk.csv', mimeType: 'text/csv', buffer: gbk })
    const c = card(page, 'hourly-gbk.csv')
    await waitDone(c)
    expect(await facts(c)).toMatchObject({ kind: '空气质量(小时)', encoding: 'GBK / GB18030', 'rows-read': '300,000', 'rows-loaded': '300,000' })
    expect(workers.filter((u) => u.includes('gb18030.worker')).length).toBeGreaterThanOrEqual(2)
    // What the bad byte turns the name into is the browser's GB18030 decoding; Node's ICU decoder agrees.
    const badName = new TextDecoder('gb18030').decode(gbk.subarray(at, gbk.indexOf(0x2c, at)))
    expect(badName.startsWith('\ufffd')).toBe(true)
    const issues = await issueRows(c)
    expect(issues[0]?.slice(0, 2)).toEqual(['150001', ''])
    expect(issues[0]?.[3]?.startsWith(`${badName},`)).toBe(true)
    expect(await sql(page, 'SELECT station, count(*)::INT AS n FROM air_hourly GROUP BY station ORDER BY n, station')).toEqual([
      [badName, '1'],
      ['高新区第一中学站', '99999'],
      ['城关镇政府监测站', '100000'],
      ['经济技术开发区管委会站', '100000'],
    ])
  })

  test('markup in cells, headers and file names is shown as text and never runs', async ({ page }) => {
    const dialogs = recordDialogs(page)
    await openData(page)
    const evil = '<img src=x onerror=alert(1)>.csv'
    await page.getByTestId('file-input').setInputFiles([
      { name: 'ledger-xss.csv', mimeType: 'text/csv', buffer: readFileSync(fx('ledger-xss.csv')) },
      { name: evil, mimeType: 'text/csv', buffer: Buffer.from('日期,PM2.5,<img src=x onerror=alert(3)>\n2024-01-01,"<img src=x onerror=alert(4)>",1\n') },
    ])
    const x = card(page, 'ledger-xss.csv')
    await waitDone(x)
    await expect(x.getByTestId('issue-row').locator('td').nth(3)).toHaveText('<script>alert(2)</script>')
    const e = card(page, evil)
    await waitDone(e)
    await expect(e.getByTestId('upload-name')).toHaveText(evil)
    await expect(e.getByTestId('issue-row').locator('td').nth(3)).toHaveText('<img src=x onerror=alert(4)>')
    await e.locator('details summary').click()
    await expect(e.locator('details th').nth(2)).toHaveText('<img src=x onerror=alert(3)>')
    expect(await sql(page, 'SELECT title FROM ledger ORDER BY no')).toEqual([['<img src=x onerror=alert(1)>'], ['正常问题']])
    await expect(page.getByTestId('datasets').getByText(evil, { exact: true })).toBeVisible()
    await expect(page.locator('img[src=x], script:not([src])')).toHaveCount(0)
    expect(dialogs).toEqual([])
  })
})

test.describe('choices, mapping and re-loading', () => {
  test('encoding override: GBK read as UTF-8 is not recognised and changes nothing; back to GBK loads again', async ({ page }) => {
    await openData(page)
    await page.getByTestId('file-input').setInputFiles(fx('ledger-gbk.csv'))
    const c = card(page, 'ledger-gbk.csv')
    await waitDone(c)
    const loaded = await snapshot(page)
    await c.getByTestId('encoding-select').selectOption('utf-8')
    await c.getByTestId('encoding-reload').click()
    await expect(c.getByTestId('mapping-form')).toBeVisible()
    await expect(c.getByTestId('res-encoding')).toHaveText('UTF-8')
    expect(await snapshot(page)).toEqual(loaded)
    await c.getByTestId('upload-cancel').click()
    await expect(c.getByTestId('upload-status')).toHaveText('已取消')
    await c.getByTestId('encoding-select').selectOption('gb18030')
    await c.getByTestId('encoding-reload').click()
    await waitDone(c)
    expect(await facts(c)).toMatchObject({ encoding: 'GBK / GB18030', 'rows-loaded': '3' })
    expect((await snapshot(page))['dataset-ledger']).toBe(loaded['dataset-ledger'])
  })

  test('append deduplicates on the key, versions sit next to the current table', async ({ page }) => {
    await openData(page)
    const input = page.getByTestId('file-input')
    await input.setInputFiles(fx('air-daily-bom.csv'))
    await waitDone(card(page, 'air-daily-bom.csv'))
    await input.setInputFiles({ name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from('日期,PM2.5\n2024-01-03,70\n2024-01-04,20\n') })
    const more = card(page, 'more.csv')
    await expect(more.getByTestId('conflict')).toContainText('已有“空气质量(日)”数据(来自 air-daily-bom.csv,3 行)')
    await more.getByTestId('choose-append').click()
    await waitDone(more)
    expect(await facts(more)).toMatchObject({ 'rows-loaded': '2', 'rows-total': '4', 'rows-replaced': '1', table: 'air_daily · 追加' })
    expect(await sql(page, 'SELECT date, pm25 FROM air_daily ORDER BY date')).toEqual([
      ['2024-01-01', '39'], ['2024-01-02', '30'], ['2024-01-03', '70'], ['2024-01-04', '20'],
    ])
    const current = (await snapshot(page))['dataset-air_daily']
    await input.setInputFiles(fx('air-excel-serial.csv'))
    const v = card(page, 'air-excel-serial.csv')
    await v.getByTestId('choose-version').click()
    await waitDone(v)
    expect(await facts(v)).toMatchObject({ table: 'air_daily__v2 · 另存版本' })
    const after = await snapshot(page)
    expect(after['dataset-air_daily']).toBe(current)
    expect(after['dataset-air_daily__v2']).toMatch(/^air-excel-serial\.csv \| 3 \| /)
  })

  test('an unrecognised file is mapped by hand; the mapping is remembered for the same headers', async ({ page }) => {
    await openData(page)
    const before = await snapshot(page)
    await page.getByTestId('file-input').setInputFiles(fx('unmapped.csv'))
    const c = card(page, 'unmapped.csv')
    await expect(c.getByTestId('mapping-form')).toBeVisible()
    expect(await snapshot(page)).toEqual(before)
    await c.getByTestId('mapping-kind').selectOption('air_daily')
    await c.getByTestId('map-date').selectOption('采样日')
    await c.getByTestId('map-pm25').selectOption('细颗粒')
    await c.getByTestId('mapping-submit').click()
    await waitDone(c)
    expect(await sql(page, 'SELECT date, pm25 FROM air_daily ORDER BY date')).toEqual([['2024-05-01', '18'], ['2024-05-02', '22']])
    await c.getByTestId('upload-dismiss').click()
    await page.getByTestId('file-input').setInputFiles(fx('unmapped.csv'))
    const again = card(page, 'unmapped.csv')
    await expect(again.getByTestId('mapping-reused')).toBeVisible()
    await again.getByTestId('choose-append').click()
    await waitDone(again)
    expect(await facts(again)).toMatchObject({ 'rows-total': '2', 'rows-replaced': '2' })
  })

  test('CO that is not obviously mg or µg is asked about', async ({ page }) => {
    await openData(page)
    await page.getByTestId('file-input').setInputFiles({ name: 'co.csv', mimeType: 'text/csv', buffer: Buffer.from('日期,CO\n2024-01-01,0.8\n2024-01-02,900\n') })
    const c = card(page, 'co.csv')
    await expect(c.getByTestId('co-question')).toBeVisible()
    await c.getByTestId('co-ug').click()
    await waitDone(c)
    expect(await sql(page, 'SELECT date, co FROM air_daily ORDER BY date')).toEqual([['2024-01-01', '0.001'], ['2024-01-02', '0.9']])
  })
})

test.describe('persistence and analyst tools', () => {
  test('uploads come back after a reload, can be renamed, and deleting one restores the sample', async ({ page }) => {
    const dialogs = recordDialogs(page)
    await openData(page)
    const sample = await snapshot(page)
    await page.getByTestId('file-input').setInputFiles(fx('ledger-gbk.csv'))
    await waitDone(card(page, 'ledger-gbk.csv'))
    const loaded = await snapshot(page)
    await expect(page.getByTestId('stored-row')).toHaveCount(1)
    await page.reload()
    await openData(page)
    expect(await sql(page, 'SELECT count(*) AS n FROM ledger')).toEqual([['3']])
    expect(await snapshot(page)).toEqual(loaded)
    await expect(page.getByTestId('storage-backend')).toContainText('OPFS')
    await page.getByTestId('rename').click()
    await page.getByTestId('rename-input').fill('2023年台账')
    await page.getByTestId('rename-save').click()
    await expect(page.getByTestId('stored-row').locator('[data-role=name]')).toHaveText('2023年台账')
    await expect(page.getByTestId('dataset-ledger').locator('[data-role=file]')).toHaveText('2023年台账')
    page.removeAllListeners('dialog')
    page.once('dialog', (d) => void d.accept())
    await page.getByTestId('delete').click()
    await expect(page.getByTestId('stored-row')).toHaveCount(0)
    await expect(page.getByTestId('dataset-ledger').locator('[data-role=rows]')).toHaveText('31')
    expect(await snapshot(page)).toEqual(sample)
    expect(dialogs).toEqual([])
  })

  test('another tab follows an upload through the BroadcastChannel', async ({ page, context }) => {
    await openData(page)
    const other = await context.newPage()
    await other.goto('./#/')
    await waitReady(other)
    expect(await kpiValue(other, 'kpi-total')).toBe('31')
    await page.getByTestId('file-input').setInputFiles(fx('ledger-gbk.csv'))
    await waitDone(card(page, 'ledger-gbk.csv'))
    await expect(other.getByTestId('kpi-total').locator('[data-role=value]')).toHaveText('3')
    await other.close()
  })

  test('table browser profiles columns; the SQL console is read-only and exports CSV', async ({ page }) => {
    await openData(page)
    await expect(page.getByTestId('profile-deadline')).toBeVisible()
    expect(await page.getByTestId('profile-status').locator('td').allInnerTexts()).toEqual(['status', 'VARCHAR', '0', 'closed', 'long_term', '3'])
    expect(await page.getByTestId('profile-closed_on').locator('td').allInnerTexts()).toEqual(['closed_on', 'DATE', '5', '2023-08-03', '2023-10-20', '16'])
    await expect(page.getByTestId('browser-rows').locator('[data-role=row]').first()).toBeVisible()
    expect(await sql(page, "SELECT status, count(*)::INT AS n FROM ledger GROUP BY status ORDER BY n DESC")).toEqual([['closed', '26'], ['in_progress', '3'], ['long_term', '2']])
    await expect(page.getByTestId('sql-chart').locator('canvas')).toHaveCount(1)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sql-export').click()])
    expect(readFileSync(await download.path(), 'utf8')).toBe('\ufeffstatus,n\r\nclosed,26\r\nin_progress,3\r\nlong_term,2\r\n')
    await page.getByTestId('sql-input').fill('DROP TABLE ledger')
    await page.getByTestId('sql-run').click()
    await expect(page.getByTestId('sql-error')).toHaveText('只允许 SELECT / WITH / DESCRIBE / SUMMARIZE 查询')
    expect(await sql(page, 'SELECT count(*)::INT AS n FROM generate_series(1, 20000)')).toEqual([['20000']])
    await page.getByTestId('sql-input').fill('SELECT * FROM range(20000)')
    await page.getByTestId('sql-run').click()
    await expect(page.getByTestId('sql-count')).toHaveText('10000 行 (已截断为前 10000 行)')
  })
})

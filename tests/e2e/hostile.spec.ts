/**
 * Hostile-input suite: every file in tests/fixtures/hostile/cases.ts (plus a sparse over-size file)
 * uploaded through /data in Chromium, one test per input, each with its exact expected outcome:
 * the message (naming file, line and column where they apply), the loaded values, every other
 * dataset byte-identical (checksums), no dialog, no page error. Prints the tally at the end.
 */
import { appendFileSync, closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Page } from '@playwright/test'
import { files, type HostileFile } from '../fixtures/hostile/cases'
import { test, expect } from './fixtures'
import { card, facts, issueRows, openData, recordDialogs, snapshot, sql, waitStatus } from './helpers/intake'

const UNTOUCHED = '已有数据未改动。'

interface Case {
  /** What the input is (the tally's row). */
  input: string
  file: HostileFile
  /** Table the file loads into; absent: refused, nothing may change. */
  table?: string
  error?: string
  facts?: Record<string, string>
  /** Leading issue rows: line, column, kind, raw value, message. */
  issues?: string[][]
  issueCount?: number
  query?: [string, string[][]]
}

const CASES: Case[] = [
  {
    input: 'UTF-8 with BOM', file: files.bom, table: 'air_daily',
    facts: { kind: '空气质量(日)', encoding: 'UTF-8 (BOM)', delimiter: '逗号', 'rows-read': '3', 'rows-loaded': '3', 'null-cells': '0', table: 'air_daily · 替换' },
    query: ['SELECT date, pm25, pm10 FROM air_daily ORDER BY date', [['2024-01-01', '10', '40'], ['2024-01-02', '11', '41'], ['2024-01-03', '12', '42']]],
  },
  {
    input: 'GB18030 with four-byte characters', file: files.gb18030, table: 'ledger',
    facts: { kind: '整改台账', encoding: 'GBK / GB18030', 'rows-loaded': '2' },
    query: ['SELECT no, title, status FROM ledger ORDER BY no', [['1', '𠮷𡈼村污水直排', 'closed'], ['2', '锅炉改造', 'in_progress']]],
  },
  {
    input: 'UTF-16 LE with BOM, CRLF', file: files.utf16le, table: 'air_daily',
    facts: { encoding: 'UTF-16 LE', 'rows-loaded': '2' },
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '10'], ['2024-01-02', '11']]],
  },
  {
    input: 'UTF-16 BE with BOM', file: files.utf16be, table: 'air_daily',
    facts: { encoding: 'UTF-16 BE', 'rows-loaded': '2' },
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '10'], ['2024-01-02', '11']]],
  },
  {
    input: 'GBK cut in the middle of a character', file: files.gbkCut, table: 'ledger',
    facts: { encoding: 'GBK / GB18030', 'rows-read': '2', 'rows-loaded': '1' },
    issues: [
      ['3', '', '编码', '2,锅炉改造,大气\ufffd', '有 1 处字节无法按所选编码解码,已显示为 �(文件可能被截断,或混用了编码)'],
      ['3', '整改时限', '行结构', '2,锅炉改造,大气\ufffd', '该行字段数少于表头,整行未加载'],
    ],
    query: ['SELECT no, title FROM ledger', [['1', '学习不全面']]],
  },
  { input: 'empty file', file: files.empty, error: '文件“empty.csv”是空文件' },
  { input: 'header only', file: files.headerOnly, error: '文件“header-only.csv”只有表头,没有数据行' },
  {
    input: 'two title rows above the header', file: files.titleRows, table: 'air_daily',
    facts: { 'rows-read': '2', 'rows-loaded': '2' },
    issues: [['5', 'PM2.5', '格式错误', 'abc', '不是有效数值']],
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '35'], ['2024-01-02', '']]],
  },
  {
    input: 'duplicate headers', file: files.duplicateHeaders, table: 'air_daily',
    facts: { 'rows-loaded': '2' }, issueCount: 1,
    issues: [['1', 'PM2.5', '表头', '', '表头“PM2.5”重复(第 2 列和第 3 列),只使用第 2 列']],
    query: ['SELECT date, pm25, pm10 FROM air_daily ORDER BY date', [['2024-01-01', '35', '60'], ['2024-01-02', '36', '61']]],
  },
  {
    input: 'blank headers', file: files.blankHeaders, table: 'air_daily',
    facts: { 'rows-loaded': '2' },
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '35'], ['2024-01-02', '36']]],
  },
  {
    input: 'too many fields', file: files.tooMany, table: 'air_daily',
    facts: { 'rows-read': '3', 'rows-loaded': '2' },
    issues: [['3', '', '行结构', '2024-01-02,36,61,0.9,extra', '该行字段数多于表头,整行未加载']],
    query: ['SELECT date FROM air_daily ORDER BY date', [['2024-01-01'], ['2024-01-03']]],
  },
  {
    input: 'too few fields', file: files.tooFew, table: 'air_daily',
    facts: { 'rows-read': '3', 'rows-loaded': '2' },
    issues: [['3', 'PM10', '行结构', '2024-01-02,36', '该行字段数少于表头,整行未加载']],
  },
  {
    input: 'unterminated quote', file: files.unterminated, table: 'air_daily',
    facts: { 'rows-read': '2', 'rows-loaded': '1' },
    issues: [['3', 'PM2.5', '行结构', '2024-01-02,"36,61,0.9', '引号未闭合或使用不正确,整行未加载']],
  },
  {
    input: 'quoted newlines with CRLF', file: files.quotedNewlines, table: 'ledger',
    facts: { 'rows-read': '3', 'rows-loaded': '3' },
    // Row 2 starts on line 5: row 1's measures span lines 2–4.
    issues: [['5', '整改时限', '格式错误', '明年', '不是有效日期'], ['5', '整改时限', '缺少时限', '', '非长期整改事项缺少整改时限']],
    query: ["SELECT no, replace(replace(measures, chr(13), '\\r'), chr(10), '\\n') FROM ledger ORDER BY no", [
      ['1', '一是加强学习;\\r\\n二是建立台账;\\r\\n三是定期检查'], ['2', '一是拨付资金\\r\\n二是验收'], ['3', '规范案卷'],
    ]],
  },
  {
    input: 'mixed line endings (CRLF and LF)', file: files.mixedEol, table: 'air_daily',
    facts: { 'rows-read': '3', 'rows-loaded': '3' }, issueCount: 0,
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '35'], ['2024-01-02', '36'], ['2024-01-03', '37']]],
  },
  {
    input: '; delimiter with decimal commas', file: files.semicolon, table: 'air_daily',
    facts: { delimiter: '分号', 'rows-loaded': '2' },
    query: ['SELECT date, pm25, pm10, co FROM air_daily ORDER BY date', [['2024-01-01', '12.5', '30.25', '0.8'], ['2024-01-02', '20', '41.5', '1.1']]],
  },
  {
    input: 'leading zeros', file: files.leadingZeros, table: 'ledger',
    query: ['SELECT no, typeof(no) FROM ledger ORDER BY no', [['0012', 'VARCHAR'], ['007', 'VARCHAR']]],
  },
  {
    input: '18-digit IDs and 4.4E+17', file: files.bigIds, table: 'ledger', issueCount: 1,
    issues: [['3', '编号', '格式错误', '4.4E+17', '编号是科学计数法,Excel 已丢失原来的数字;请把该列设为文本后重新导出']],
    query: ['SELECT no FROM ledger ORDER BY no', [['110101199003071234'], ['4.4E+17']]],
  },
  {
    input: 'type change after row 30,000', file: files.typeChange, table: 'air_daily',
    facts: { 'rows-read': '30,005', 'rows-loaded': '30,005' }, issueCount: 5,
    issues: [['30002', 'PM2.5', '格式错误', '<5', '不是有效数值'], ['30003', 'PM2.5', '格式错误', '<5', '不是有效数值']],
    query: ['SELECT count(pm25)::INT, count(*)::INT FROM air_daily', [['30000', '30005']]],
  },
  {
    input: '#N/A and 未检出', file: files.naTokens, table: 'air_daily',
    facts: { 'rows-loaded': '3', 'null-cells': '3' }, issueCount: 0,
    query: ['SELECT date, pm25, pm10, co FROM air_daily ORDER BY date', [['2024-01-01', '', '60', '0.9'], ['2024-01-02', '36', '', ''], ['2024-01-03', '37', '62', '1']]],
  },
  {
    input: 'NUL byte in a cell', file: files.nul, table: 'air_daily',
    facts: { 'rows-loaded': '3' },
    issues: [['3', 'PM2.5', '格式错误', '3\u00006', '不是有效数值']],
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '35'], ['2024-01-02', ''], ['2024-01-03', '37']]],
  },
  {
    input: 'a 10 MB single field', file: files.hugeField, table: 'ledger',
    facts: { 'rows-read': '3', 'rows-loaded': '2' },
    issues: [['3', '', '行结构', `2,超长,"${'措'.repeat(194)}…`, '该行过长,整行未加载']],
    query: ['SELECT no FROM ledger ORDER BY no', [['1'], ['3']]],
  },
  {
    input: '2,000 columns', file: files.wide, table: 'air_daily',
    facts: { 'rows-loaded': '2' },
    query: ['SELECT date, pm25 FROM air_daily ORDER BY date', [['2024-01-01', '35'], ['2024-01-02', '36']]],
  },
  { input: 'xlsx renamed .csv', file: files.xlsx, error: '文件“ledger-xlsx.csv”不是 CSV 文本文件(看起来是 Excel 工作簿 .xlsx),请在 Excel/WPS 中另存为 CSV 后再上传' },
  { input: 'PNG renamed .csv', file: files.png, error: '文件“chart-png.csv”不是 CSV 文本文件(看起来是 PNG 图片),请在 Excel/WPS 中另存为 CSV 后再上传' },
]

interface TallyRow {
  input: string
  passed: boolean
  foreign: number
  csp: number
}
// Playwright starts a new worker after a failure, so the tally lives in a file, not in memory.
const TALLY = join(import.meta.dirname, '..', '..', 'test-results', 'hostile-tally.jsonl')

async function upload(page: Page, file: HostileFile): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.bytes() })
}

/** Tables other than `changed` must be exactly as they were; `changed` must now come from `file`. */
function expectOnly(before: Record<string, string>, after: Record<string, string>, changed: string | null, file?: string): void {
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
  for (const [id, v] of Object.entries(before)) if (id !== `dataset-${changed}`) expect(after[id], id).toBe(v)
  if (changed && file) expect(after[`dataset-${changed}`]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| `))
}

test.describe('hostile inputs through the /data upload UI', () => {
  test.describe.configure({ timeout: 240_000 })
  test.afterEach(({ guard }, info) => {
    const csp = guard.consoleErrors.filter((e) => /Content Security Policy|CSP violation/.test(e)).length
    const row: TallyRow = { input: info.title, passed: info.status === info.expectedStatus, foreign: guard.foreignRequests.length, csp }
    mkdirSync(dirname(TALLY), { recursive: true })
    appendFileSync(TALLY, `${JSON.stringify(row)}\n`)
  })
  test.afterAll(() => {
    const tally = existsSync(TALLY) ? readFileSync(TALLY, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TallyRow) : []
    const passing = tally.filter((t) => t.passed).length
    const sum = (k: 'foreign' | 'csp') => tally.reduce((s, t) => s + t[k], 0)
    console.log(`\nhostile inputs tried / passing: ${tally.length} / ${passing}; foreign requests: ${sum('foreign')}; CSP violations: ${sum('csp')}`)
    for (const t of tally) console.log(`  ${t.passed ? 'pass' : 'FAIL'}  ${t.input}`)
  })

  for (const c of CASES) {
    test(c.input, async ({ page, guard }) => {
      const dialogs = recordDialogs(page)
      await openData(page)
      const before = await snapshot(page)
      await upload(page, c.file)
      const u = card(page, c.file.name)
      await waitStatus(u, c.table ? '已加载' : '未加载', 120_000)
      if (c.error) await expect(u.getByTestId('upload-error')).toHaveText(`${c.error} ${UNTOUCHED}`)
      else await expect(u.getByTestId('upload-error')).toHaveCount(0)
      if (c.facts) expect(await facts(u)).toMatchObject(c.facts)
      if (c.issues) expect((await issueRows(u)).slice(0, c.issues.length)).toEqual(c.issues)
      if (c.issueCount != null) await expect(u.getByTestId('issue-row')).toHaveCount(c.issueCount)
      expectOnly(before, await snapshot(page), c.table ?? null, c.file.name)
      if (c.query) expect(await sql(page, c.query[0])).toEqual(c.query[1])
      expect(dialogs).toEqual([])
      expect(guard.pageErrors).toEqual([])
    })
  }

  test('a file over the size limit (513 MB, sparse) is refused from its size, before any byte is read', async ({ page, guard }) => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'))
    const path = join(dir, 'air-513mb.csv')
    const fd = openSync(path, 'w')
    ftruncateSync(fd, 513 * 1024 * 1024)
    closeSync(fd)
    // Count every way a page can read a Blob's bytes.
    await page.addInitScript(() => {
      const w = window as unknown as { __reads: string[] }
      w.__reads = []
      for (const m of ['arrayBuffer', 'text', 'stream', 'slice', 'bytes'] as const) {
        const proto = Blob.prototype as unknown as Record<string, (...a: unknown[]) => unknown>
        const orig = proto[m]
        if (!orig) continue
        proto[m] = function (this: Blob, ...a: unknown[]) {
          if (this.size > 100 * 1024 * 1024) w.__reads.push(m)
          return orig.apply(this, a)
        }
      }
    })
    await openData(page)
    const before = await snapshot(page)
    await page.getByTestId('file-input').setInputFiles(path)
    const u = card(page, 'air-513mb.csv')
    await waitStatus(u, '未加载')
    await expect(u.getByTestId('upload-error')).toHaveText(
      `文件“air-513mb.csv”大小为 513.0 MB,超过上限 512.0 MB,未读取;请拆分文件或只导出所需的列和时段后再上传 ${UNTOUCHED}`,
    )
    expect(await page.evaluate(() => (window as unknown as { __reads: string[] }).__reads)).toEqual([])
    expect(await snapshot(page)).toEqual(before)
    expect(guard.pageErrors).toEqual([])
  })

  test('the same file twice: asked, replaced, and the data is the file once', async ({ page, guard }) => {
    await openData(page)
    const sample = await snapshot(page)
    await upload(page, files.leadingZeros)
    await waitStatus(card(page, files.leadingZeros.name))
    const once = await snapshot(page)
    expectOnly(sample, once, 'ledger', files.leadingZeros.name)
    await page.getByTestId('upload-dismiss').click()
    await upload(page, files.leadingZeros)
    const again = card(page, files.leadingZeros.name)
    await expect(again.getByTestId('conflict')).toContainText(`已有“整改台账”数据(来自 ${files.leadingZeros.name},2 行)`)
    await again.getByTestId('choose-replace').click()
    await waitStatus(again)
    expect(await snapshot(page)).toEqual(once)
    await expect(page.getByTestId('stored-row')).toHaveCount(1)
    // Twice in one drop: loaded one after the other, the table still holds the file once.
    await again.getByTestId('upload-dismiss').click()
    await page.getByTestId('file-input').setInputFiles([0, 1].map(() => ({ name: files.bom.name, mimeType: 'text/csv', buffer: files.bom.bytes() })))
    const both = card(page, files.bom.name)
    await expect(both).toHaveCount(2)
    for (const i of [0, 1]) await waitStatus(both.nth(i))
    expect(await sql(page, 'SELECT count(*)::INT FROM air_daily')).toEqual([['3']])
    expect((await snapshot(page))['dataset-ledger']).toBe(once['dataset-ledger'])
    expect(guard.pageErrors).toEqual([])
  })

  test('a new file during a load: both load, each into its own table', async ({ page, guard }) => {
    await openData(page)
    const before = await snapshot(page)
    await upload(page, files.bigAir)
    const big = card(page, files.bigAir.name)
    await expect(big.getByTestId('upload-status')).not.toHaveText(/已加载|未加载/)
    await upload(page, files.gb18030)
    const small = card(page, files.gb18030.name)
    // Loads run one after another: the second waits for the first.
    await expect(big.getByTestId('upload-status')).not.toHaveText(/已加载|未加载/)
    await waitStatus(big, '已加载', 180_000)
    await waitStatus(small)
    expect(await facts(big)).toMatchObject({ 'rows-loaded': '200,000' })
    const after = await snapshot(page)
    for (const [id, v] of Object.entries(before)) if (id !== 'dataset-air_daily' && id !== 'dataset-ledger') expect(after[id]).toBe(v)
    expect(await sql(page, 'SELECT (SELECT count(*) FROM air_daily)::INT, (SELECT count(*) FROM ledger)::INT')).toEqual([['200000', '2']])
    expect(guard.pageErrors).toEqual([])
  })

  test('cancel mid-load: the load stops, nothing changes', async ({ page, guard }) => {
    await openData(page)
    const before = await snapshot(page)
    await upload(page, files.bigAir)
    const big = card(page, files.bigAir.name)
    await expect(big.getByTestId('upload-status')).toHaveText(/识别编码|解析/)
    await big.getByTestId('upload-cancel').click()
    await waitStatus(big, '已取消', 180_000)
    await expect(big.getByTestId('upload-error')).toHaveText(`已取消加载“${files.bigAir.name}”,已有数据未改动 ${UNTOUCHED}`)
    expect(await snapshot(page)).toEqual(before)
    await expect(page.getByTestId('stored-row')).toHaveCount(0)
    expect(guard.pageErrors).toEqual([])
  })
})

import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it } from 'vitest'
import { toUtf8Async } from '../../src/csv/decode'
import { loadCsv, physicalLine } from '../../src/db/load'
import { tableExists } from '../../src/db/queries'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

const bytes = (s: string) => new TextEncoder().encode(s)
let db: Db
beforeAll(async () => {
  db = await openNodeDb()
  const r = await loadCsv(db, { fileName: 'ledger.csv', bytes: readFileSync('data/ledger.csv') })
  expect(r.ok).toBe(true)
})

describe('identifiers from headers are quoted, values bound', () => {
  const evil = 'a"; DROP TABLE ledger; --'

  it('a header that closes the quote and drops a table loads as a column name', async () => {
    const csv = `日期,PM2.5,"${evil.replace(/"/g, '""')}"\n2024-01-01,35,"'); DROP TABLE ledger; --"\n`
    const r = await loadCsv(db, { fileName: "x'; DROP TABLE ledger; --.csv", bytes: bytes(csv) })
    expect([r.ok, r.kind, r.rowsLoaded]).toEqual([true, 'air_daily', 1])
    expect(await tableExists(db, 'ledger')).toBe(true)
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::INT AS n FROM ledger')
    expect(n).toBe(31)
  })

  it('the same header mapped to a field becomes that field; its hostile values are stored verbatim', async () => {
    const csv = `"${evil.replace(/"/g, '""')}",整改状态,整改时限\n"'); DROP TABLE ledger; --",已销号,2024-01-01\n`
    const r = await loadCsv(db, { fileName: 'evil.csv', bytes: bytes(csv), kind: 'ledger', columns: { title: evil, status_raw: '整改状态', deadline: '整改时限' } })
    expect(r.error).toBeNull()
    expect(await db.query('SELECT title, status FROM ledger')).toEqual([{ title: "'); DROP TABLE ledger; --", status: 'closed' }])
  })
})

describe('line numbers and line ends', () => {
  it('maps record numbers to file lines when quoted cells span lines', () => {
    // Records 2 and 5 span 3 and 2 lines.
    const extra: Array<[number, number]> = [[2, 2], [5, 1]]
    expect([1, 2, 3, 4, 5, 6].map((r) => physicalLine(r, extra))).toEqual([1, 2, 5, 6, 7, 9])
  })

  it('reports rejected rows and bad values after multi-line cells at their line in the file', async () => {
    const csv = '日期,PM2.5,备注\n2024-01-01,1,"a\nb\nc"\n2024-01-02,2,x,extra\n2024-01-03,y,"p\r\nq"\n2024-01-04,4\n2024-01-05,z,ok\n'
    const r = await loadCsv(db, { fileName: 'ml.csv', bytes: bytes(csv) })
    expect(r.issues.map((i) => [i.line, i.column, i.kind, i.value])).toEqual([
      [5, null, 'structure', '2024-01-02,2,x,extra'],
      [6, 'PM2.5', 'type', 'y'],
      [8, '备注', 'structure', '2024-01-04,4'],
      [9, 'PM2.5', 'type', 'z'],
    ])
  })

  it('loads a file that mixes CRLF, LF and CR line ends', async () => {
    const r = await loadCsv(db, { fileName: 'mixed.csv', bytes: bytes('日期,PM2.5\r\n2024-01-01,1\n2024-01-02,2\r2024-01-03,3\r\n') })
    expect([r.ok, r.rowsLoaded, r.issues]).toEqual([true, 3, []])
    expect(await db.query('SELECT date, pm25 FROM air_daily ORDER BY date')).toEqual([
      { date: '2024-01-01', pm25: 1 }, { date: '2024-01-02', pm25: 2 }, { date: '2024-01-03', pm25: 3 },
    ])
  })

  it('cuts a huge raw value in its issue', async () => {
    const big = 'x'.repeat(3_000_000)
    const r = await loadCsv(db, { fileName: 'big.csv', bytes: bytes(`日期,PM2.5\n2024-01-01,1\n2024-01-02,"${big}"\n`) })
    const issue = r.issues[0]
    expect([issue?.line, issue?.kind, issue?.value?.length]).toEqual([3, 'structure', 201])
  })
})

describe('warnings that name file, line and column', () => {
  it('a GBK file cut mid-character says where the undecodable bytes are', async () => {
    const full = iconv.encode('序号,问题表现,整改时限,整改状态\r\n1,学习不全面,2023-09-30,已销号\r\n2,锅炉改造,2023-12-31,正在推进', 'gbk')
    const r = await loadCsv(db, { fileName: 'cut.csv', bytes: full.subarray(0, full.length - 1) })
    expect([r.ok, r.encoding, r.rowsLoaded]).toEqual([true, 'gb18030', 2])
    expect(r.issues.map((i) => [i.line, i.kind, i.value])).toEqual([[3, 'encoding', '2,锅炉改造,2023-12-31,正在推\ufffd'], [3, 'unknown_status', '正在推\ufffd']])
  })

  it('a duplicated header is reported on the header line; the first column is used', async () => {
    const r = await loadCsv(db, { fileName: 'dup.csv', bytes: bytes('标题\n日期,PM2.5,PM2.5\n2024-01-01,1,2\n') })
    expect(r.issues.map((i) => [i.line, i.column, i.kind])).toEqual([[2, 'PM2.5', 'header']])
    expect(await db.query('SELECT pm25 FROM air_daily')).toEqual([{ pm25: 1 }])
  })

  it('an ID Excel turned into 4.4E+17 is flagged; an 18-digit ID is not', async () => {
    const r = await loadCsv(db, { fileName: 'ids.csv', bytes: bytes('编号,问题表现,整改时限,整改状态\n110101199003071234,a,2024-06-30,已销号\n4.4E+17,b,2024-06-30,已销号\n1.10101E17,c,2024-06-30,已销号\n') })
    expect(r.issues.map((i) => [i.line, i.column, i.kind, i.value])).toEqual([[3, '编号', 'type', '4.4E+17'], [4, '编号', 'type', '1.10101E17']])
  })
})

describe('undecodable bytes in a large GBK file (decoded in 4 MB slices)', () => {
  it('finds the first bad line past the first slice and counts every bad byte', async () => {
    const lines = ['日期,站点', ...Array.from({ length: 1_200_000 }, (_, i) => `2024-01-01,站点${i}`)]
    const head = iconv.encode(`${lines.join('\n')}\n`, 'gbk')
    const bytes = Buffer.concat([head, Buffer.from([0xff]), iconv.encode(',坏\n2024-01-02,好\n', 'gbk'), Buffer.from([0xff, 0x0a])])
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024)
    const r = await toUtf8Async(bytes, 'big-gbk.csv')
    expect(r.encoding).toBe('gb18030')
    expect(r.undecodable).toEqual({ line: 1_200_002, text: '\ufffd,坏', count: 2 })
  })
})

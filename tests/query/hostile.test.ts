import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
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
      [8, '备注', 'structure', '2024-01-04,4'],
      [6, 'PM2.5', 'type', 'y'],
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

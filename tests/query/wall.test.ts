import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { newestDataDate, wallAirQuery, wallComplaintsQuery, wallLedgerQuery } from '../../src/db/wallQueries'
import { roundTo } from '../../src/domain/stats'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
  for (const f of ['ledger', 'air_quality_daily', 'complaints_monthly', 'events', 'enforcement_yearly']) {
    const r = await loadCsv(db, { fileName: `${f}.csv`, bytes: readFileSync(`data/${f}.csv`) })
    expect(r.ok, r.error ?? '').toBe(true)
  }
})

describe('wall queries on the sample', () => {
  it('air: "now" is the newest AQI date; this year to date vs the same period last year', async () => {
    const a = await wallAirQuery(db)
    if (!a) throw new Error('no air data')
    expect([a.asOf, a.year]).toEqual(['2023-12-31', 2023])
    expect(a.current).toMatchObject({ valid_days: 363, good_days: 346, heavy_days: 0, from: '2023-01-01', to: '2023-12-31' })
    expect(a.previous).toMatchObject({ valid_days: 361, good_days: 340, heavy_days: 1, from: '2022-01-01', to: '2022-12-31' })
    expect(roundTo(a.current.pm25_mean as number, 1)).toBe(33.4)
    expect(a.months).toHaveLength(24)
    expect(a.days).toHaveLength(363)
    // Level counts add up to the valid days of each month.
    for (const m of a.months) expect(m.l1 + m.l2 + m.l3 + m.l4 + m.l5 + m.l6).toBe(m.valid_days)
    expect(a.months.find((m) => m.month === '2022-01-01')).toMatchObject({ heavy_days: 1, l5: 1 })
  })

  it('air: the same period last year ends one year before the as-of date', async () => {
    await db.exec("CREATE TEMP TABLE keep AS SELECT * FROM air_daily; DELETE FROM air_daily WHERE date > DATE '2023-10-06'")
    try {
      const a = await wallAirQuery(db)
      expect(a?.current).toMatchObject({ from: '2023-01-01', to: '2023-10-06', good_days: 265, valid_days: 279 })
      expect(a?.previous).toMatchObject({ from: '2022-01-01', to: '2022-10-06' })
    } finally {
      await db.exec('DELETE FROM air_daily; INSERT INTO air_daily SELECT * FROM keep; DROP TABLE keep')
    }
  })

  it('ledger: as-of from the events, burn-down from feedback to the last deadline, open items listed', async () => {
    const l = await wallLedgerQuery(db)
    if (!l) throw new Error('no ledger')
    expect([l.asOf, l.start]).toEqual(['2023-10-25', '2023-07-26'])
    expect(l.summary).toMatchObject({ total: 31, closed: 26, in_progress: 3, long_term: 2, overdue: 0 })
    expect(l.burn[0]).toEqual({ date: '2023-07-26', remaining: 31, planned: 31 })
    expect(l.burn.find((p) => p.date === '2023-10-25')?.remaining).toBe(5)
    expect(l.burn.find((p) => p.date === '2023-10-26')?.remaining).toBeNull()
    // After the last deadline only the long-term items remain in the plan.
    expect(l.burn[l.burn.length - 1]).toEqual({ date: '2023-12-31', remaining: null, planned: 2 })
    expect(l.open.map((o) => o.no)).toEqual(['2', '7', '24', '8', '11'])
    expect(l.byUnit.reduce((a, r) => a + r.closed + r.in_progress + r.long_term, 0)).toBe(31)
  })

  it('ledger: overdue items come first with their days past the deadline', async () => {
    await db.exec("UPDATE ledger SET deadline = DATE '2023-10-01' WHERE no = '7'")
    try {
      const l = await wallLedgerQuery(db)
      expect(l?.open[0]).toMatchObject({ no: '7', overdue_days: 24 })
      expect(l?.summary.overdue).toBe(1)
    } finally {
      await db.exec("UPDATE ledger SET deadline = DATE '2023-12-31' WHERE no = '7'")
    }
  })

  it('complaints and enforcement: year to date vs same months last year; enforcement by year', async () => {
    const c = await wallComplaintsQuery(db)
    expect([c?.asOf, c?.year]).toEqual(['2023-12-01', 2023])
    expect(c?.current).toMatchObject({ months: 12, received: 407, replied: 407, accepted: 387, closed: 375 })
    expect(c?.previous).toMatchObject({ months: 12, received: 488, replied: 480 })
    expect(c?.enforcement.reduce((a, y) => a + (y.reminders ?? 0), 0)).toBe(12)
    expect(c?.enforcement.reduce((a, y) => a + (y.court_applications ?? 0), 0)).toBe(11)
  })

  it('newest data date covers months to their last day', async () => {
    expect(await newestDataDate(db)).toBe('2023-12-31')
  })
})

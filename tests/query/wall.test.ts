import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCsv } from '../../src/db/load'
import type { Db } from '../../src/db/types'
import { newestDataDate, wallAirQuery, wallComplaintsQuery, wallLedgerQuery } from '../../src/db/wallQueries'
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
  it('dump', async () => {
    const a = await wallAirQuery(db)
    console.log(JSON.stringify({ ...a, days: a?.days.length, months: a?.months.slice(0, 2) }))
    const l = await wallLedgerQuery(db)
    console.log(JSON.stringify({ ...l, burn: [l?.burn[0], l?.burn[l.burn.length - 1], l?.burn.length] }))
    console.log(JSON.stringify(await wallComplaintsQuery(db)))
    console.log(await newestDataDate(db))
  })
})

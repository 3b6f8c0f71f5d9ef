import { beforeAll, describe, expect, it } from 'vitest'
import { BREAKPOINTS, dailyAqi, iaqi, type AqiEdition, type DailyConcentrations, type Pollutant } from '../../src/domain/aqi'
import { iaqiSql } from '../../src/db/aqiSql'
import { withAqiSql } from '../../src/db/hourly'
import type { Db } from '../../src/db/types'
import { openNodeDb } from '../helpers/node-db'

let db: Db
beforeAll(async () => {
  db = await openNodeDb()
})

const POLLUTANTS: Pollutant[] = ['so2', 'no2', 'pm10', 'co', 'o3_8h', 'pm25', 'o3_1h']
const EDITIONS: AqiEdition[] = ['2012', '2026']

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('SQL IAQI agrees with src/domain/aqi.ts', () => {
  it.each(POLLUTANTS.flatMap((p) => EDITIONS.map((e) => [p, e] as const)))('%s, edition %s, on breakpoints, halves and random values', async (p, edition) => {
    const bp = BREAKPOINTS[edition][p]
    const top = bp[bp.length - 1] as number
    const rand = rng(p.length * 31 + Number(edition))
    const values = new Set<number>([-1, 0])
    for (const b of bp) for (const d of [-0.55, -0.5, -0.05, 0, 0.04, 0.05, 0.45, 0.5, 0.5000001, 1]) values.add(Math.max(0, b + d))
    for (let i = 0; i < 400; i++) values.add(Math.round(rand() * top * 1.2 * 1000) / 1000)
    for (let i = 0; i < 100; i++) values.add(rand() * top * 1.2)
    const list = [...values]
    await db.exec('CREATE OR REPLACE TABLE v (i INTEGER, c DOUBLE)')
    // Values travel as exact doubles: insert through bound parameters, not SQL text.
    for (let i = 0; i < list.length; i += 200) {
      const chunk = list.slice(i, i + 200)
      await db.query(`INSERT INTO v VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flatMap((c, j) => [i + j, c]))
    }
    await db.exec('INSERT INTO v VALUES (-2, NULL)')
    const rows = await db.query<{ i: number; c: number | null; x: number | null }>(`SELECT i, c, ${iaqiSql(p, 'c', edition)} AS x FROM v ORDER BY i`)
    expect(rows.length).toBe(list.length + 1)
    const mismatches = rows.filter((r) => r.x !== iaqi(p, r.c, edition)).map((r) => ({ c: r.c, sql: r.x, ts: iaqi(p, r.c, edition) }))
    expect(mismatches).toEqual([])
  })

  it('matches the worked values in DOMAIN.md', async () => {
    const [r] = await db.query<Record<string, number>>(`SELECT ${iaqiSql('pm25', '50::DOUBLE', '2012')} AS a, ${iaqiSql('pm25', '50::DOUBLE', '2026')} AS b,
      ${iaqiSql('pm25', '75::DOUBLE', '2012')} AS c, ${iaqiSql('pm25', '75::DOUBLE', '2026')} AS d,
      ${iaqiSql('pm10', '150::DOUBLE', '2012')} AS e, ${iaqiSql('pm10', '150::DOUBLE', '2026')} AS f`)
    expect(r).toEqual({ a: 69, b: 80, c: 100, d: 114, e: 100, f: 112 })
  })
})

describe('SQL daily AQI agrees with dailyAqi()', () => {
  it('on 600 random days either side of 2026-03-01, with missing pollutants and O3 above 800', async () => {
    const rand = rng(7)
    const pick = (max: number, nullShare = 0.08) => (rand() < nullShare ? null : Math.round(rand() * max * 10) / 10)
    const days = Array.from({ length: 600 }, (_, i) => {
      const date = i % 2 === 0 ? '2025-06-01' : '2026-03-01'
      const o3high = i % 37 === 0
      return {
        i, date, so2: pick(300), no2: pick(250), pm10: pick(400), co: pick(8), pm25: pick(300),
        o3_8h: o3high ? 800 + rand() * 200 : pick(400), o3_1h: o3high ? 900 + rand() * 400 : pick(500),
      }
    })
    await db.exec('CREATE OR REPLACE TABLE dd (i INTEGER, date DATE, so2 DOUBLE, no2 DOUBLE, pm10 DOUBLE, co DOUBLE, pm25 DOUBLE, o3_8h DOUBLE, o3_1h_max DOUBLE)')
    for (let k = 0; k < days.length; k += 100) {
      const chunk = days.slice(k, k + 100)
      await db.query(
        `INSERT INTO dd VALUES ${chunk.map(() => '(?, ?::DATE, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((d) => [d.i, d.date, d.so2, d.no2, d.pm10, d.co, d.pm25, d.o3_8h, d.o3_1h]),
      )
    }
    const rows = await db.query<{ i: number; aqi: number | null; primary_pollutant: string | null; level: string | null }>(
      `${withAqiSql('SELECT * FROM dd', 'i')} ORDER BY i`,
    )
    const labels: Record<string, string> = { so2: 'SO₂', no2: 'NO₂', pm10: 'PM10', co: 'CO', o3_8h: 'O₃-8h', pm25: 'PM2.5' }
    const wrong = rows.filter((r) => {
      const d = days[r.i] as (typeof days)[number]
      const v: DailyConcentrations = { so2: d.so2, no2: d.no2, pm10: d.pm10, co: d.co, pm25: d.pm25, o3_8h: d.o3_8h, o3_1h: d.o3_1h }
      const ts = dailyAqi(v, d.date >= '2026-03-01' ? '2026' : '2012')
      const primary = ts.aqi == null ? null : ts.aqi > 50 ? ts.primary.map((p) => labels[p]).join('/') : '—'
      return r.aqi !== ts.aqi || r.primary_pollutant !== primary
    })
    expect(wrong).toEqual([])
    // The sample is varied enough to mean something.
    expect(new Set(rows.map((r) => r.level)).size).toBeGreaterThanOrEqual(5)
    expect(rows.filter((r) => r.aqi == null).length).toBeGreaterThan(0)
  })
})

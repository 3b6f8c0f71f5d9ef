import { describe, expect, it } from 'vitest'
import { daysBetween, fitCanvas, isWideLayout, parseSize, parseWallQuery } from '../../src/components/wall/wallParams'
import { clockText, describeChange, localIsoDate } from '../../src/components/wall/wallFormat'
import { rateChangePp, relativeChangePct } from '../../src/domain/stats'
import { aqiPieces, buildAqiCalendarOption, buildWallPm25Option, byMonth } from '../../src/charts/options/wallAir'
import { buildBurnDownOption } from '../../src/charts/options/wallLedger'
import { buildCasesOption, buildComplaintsRatesOption } from '../../src/charts/options/wallComplaints'
import type { WallAirMonth } from '../../src/db/wallQueries'

const ink = { text: '#fff', muted: '#999', good: 'g', warn: 'w', bad: 'b', prev: 'p' }

describe('wall URL parameters', () => {
  it('defaults: all three pages, 30 s each, dark, 1920×1080, stale after 30 days, idle 60 s', () => {
    const c = parseWallQuery({})
    expect(c.pages).toEqual([
      { id: 'air', dwellMs: 30_000 },
      { id: 'ledger', dwellMs: 30_000 },
      { id: 'complaints', dwellMs: 30_000 },
    ])
    expect([c.theme, c.lang, c.size, c.staleDays, c.idleMs]).toEqual(['dark', null, { w: 1920, h: 1080 }, 30, 60_000])
  })
  it('selection, order and per-page dwell; unknown and repeated pages are dropped', () => {
    const c = parseWallQuery({ pages: 'complaints:12,bogus,air,complaints', dwell: '0.05' })
    expect(c.pages).toEqual([
      { id: 'complaints', dwellMs: 12_000 },
      { id: 'air', dwellMs: 50 },
    ])
  })
  it('theme, lang, size, stale (number, off) and idle', () => {
    const c = parseWallQuery({ theme: 'light', lang: 'en', size: '5760x1080', stale: '365', idle: '5' })
    expect([c.theme, c.lang, c.size, c.staleDays, c.idleMs]).toEqual(['light', 'en', { w: 5760, h: 1080 }, 365, 5_000])
    expect(parseWallQuery({ stale: 'off' }).staleDays).toBeNull()
    expect(parseWallQuery({ stale: '0' }).staleDays).toBeNull()
    expect(parseWallQuery({ stale: 'soon' }).staleDays).toBe(30)
  })
  it('bad values fall back instead of breaking the wall', () => {
    const c = parseWallQuery({ dwell: '-3', theme: 'neon', lang: 'fr', size: '10x10', idle: 'x' })
    expect(c.pages.every((p) => p.dwellMs === 30_000)).toBe(true)
    expect([c.theme, c.lang, c.size, c.idleMs]).toEqual(['dark', null, { w: 1920, h: 1080 }, 60_000])
    expect(parseSize('3840×2160')).toEqual({ w: 3840, h: 2160 })
    expect(parseSize(null)).toEqual({ w: 1920, h: 1080 })
  })
})

describe('canvas fit', () => {
  it('a 4K wall lays out like 1080p and draws charts at 2 device pixels per layout pixel', () => {
    const f = fitCanvas({ w: 3840, h: 2160 }, { w: 3840, h: 2160 }, 1)
    expect([f.layoutW, f.layoutH, f.scale, f.left, f.top, f.chartDpr]).toEqual([1920, 1080, 2, 0, 0, 2])
  })
  it('32:9 keeps the 1080 height and gets a wide layout', () => {
    const f = fitCanvas({ w: 5760, h: 1080 }, { w: 5760, h: 1080 }, 1)
    expect([f.layoutW, f.layoutH, f.scale]).toEqual([5760, 1080, 1])
    expect(isWideLayout({ w: 5760, h: 1080 })).toBe(true)
    expect(isWideLayout({ w: 1920, h: 1080 })).toBe(false)
  })
  it('letterboxes a 16:9 wall in a 4:3 window and multiplies in the OS scaling', () => {
    const f = fitCanvas({ w: 1920, h: 1080 }, { w: 1024, h: 768 }, 1.5)
    expect(f.scale).toBeCloseTo(1024 / 1920, 6)
    expect(f.left).toBe(0)
    expect(f.top).toBeCloseTo((768 - 576) / 2, 6)
    expect(f.chartDpr).toBeCloseTo(0.8, 3)
  })
})

describe('wall wording', () => {
  it('rates change in percentage points, concentrations in percent, to 0.1', () => {
    expect(describeChange(rateChangePp(95.3, 94.18), 'zh', 'up')).toEqual({ direction: 'up', key: 'pp.up', v: '1.1', good: true })
    expect(describeChange(relativeChangePct(33.37, 36.88), 'zh', 'down')).toEqual({ direction: 'down', key: 'pct.down', v: '9.5', good: true })
    expect(describeChange(relativeChangePct(10, 10.004), 'zh', 'down').key).toBe('flat')
    expect(describeChange(relativeChangePct(1, 0), 'zh', 'down').key).toBe('none')
  })
  it('clock and local date', () => {
    const d = new Date(2026, 0, 2, 3, 4, 5)
    expect(clockText(d)).toBe('03:04:05')
    expect(localIsoDate(d)).toBe('2026-01-02')
    expect(daysBetween('2023-12-31', '2024-01-30')).toBe(30)
  })
})

const month = (year: number, m: number, pm25: number | null): WallAirMonth => ({
  month: `${year}-${String(m).padStart(2, '0')}-01`, year, m, valid_days: 30, good_days: 28, heavy_days: 0, pm25_mean: pm25,
  l1: 10, l2: 18, l3: 2, l4: 0, l5: 0, l6: 0,
})

describe('wall option builders', () => {
  it('byMonth puts values on months 1..12 and leaves gaps null', () => {
    expect(byMonth([month(2023, 2, 40), month(2022, 2, 50)], 2023, (r) => r.pm25_mean)).toEqual([null, 40, null, null, null, null, null, null, null, null, null, null])
  })
  it('PM2.5 limit line follows the edition in force: 35 in 2023; 35 then 30 from March 2026', () => {
    type Ml = { series: { markLine?: { data: [{ xAxis: string; yAxis: number; name: string }, { xAxis: string }][] } }[] }
    const labels = { current: '2026', previous: '2025', monthName: (m: number) => `${m}`, limit: (v: number, e: string) => `${v}/${e}` }
    const o2026 = buildWallPm25Option([month(2026, 1, 40)], 2026, labels, ink) as unknown as Ml
    expect(o2026.series[1]?.markLine?.data.map(([a, b]) => [a.xAxis, b.xAxis, a.yAxis, a.name])).toEqual([
      ['1', '2', 35, '35/2012'],
      ['3', '12', 30, '30/2026'],
    ])
    const o2023 = buildWallPm25Option([month(2023, 1, 40)], 2023, { ...labels, current: '2023' }, ink) as unknown as Ml
    expect(o2023.series[1]?.markLine?.data.map(([a]) => a.yAxis)).toEqual([35])
  })
  it('AQI pieces use the official colours and category bounds', () => {
    const p = aqiPieces((l) => `L${l}`)
    expect(p.map((x) => x.color)).toEqual(['#00E400', '#FFFF00', '#FF7E00', '#FF0000', '#99004C', '#7E0023'])
    expect(p[0]).toMatchObject({ min: 0, max: 50, label: 'L1' })
    expect(p[5]).toMatchObject({ label: 'L6' })
    expect(p[5]?.max).toBeUndefined()
  })
  it('calendar tooltip escapes what it shows', () => {
    const o = buildAqiCalendarOption([{ date: '2023-01-01', aqi: 72 }], 2023, (l) => (l === 2 ? '<b>良</b>' : 'x'), 'zh') as unknown as { tooltip: { formatter: (p: { value: unknown }) => string } }
    expect(o.tooltip.formatter({ value: ['<img src=x>', 72] })).toBe('&lt;img src=x&gt;<br/>AQI 72 &lt;b&gt;良&lt;/b&gt;')
  })
  it('burn-down: actual stops at the as-of date, plan runs to the last deadline', () => {
    const o = buildBurnDownOption(
      [
        { date: '2023-10-24', remaining: 6, planned: 7 },
        { date: '2023-10-25', remaining: 5, planned: 7 },
        { date: '2023-10-26', remaining: null, planned: 5 },
      ],
      '2023-10-25', { remaining: 'r', planned: 'p', asOf: 'a' }, ink,
    ) as unknown as { series: { data: [string, number][] }[] }
    expect(o.series[0]?.data).toHaveLength(3)
    expect(o.series[1]?.data).toEqual([['2023-10-24', 6], ['2023-10-25', 5]])
  })
  it('reply rate = replied / received, closure rate = closed / accepted', () => {
    const o = buildComplaintsRatesOption(
      [{ month: '2023-01-01', year: 2023, m: 1, received: 40, accepted: 30, closed: 27, replied: 39 }],
      2023, { current: '2023', previous: '2022', monthName: String, reply: 'r', close: 'c' }, ink,
    ) as unknown as { series: { data: (number | null)[] }[] }
    expect(o.series[0]?.data[0]).toBe(97.5)
    expect(o.series[1]?.data[0]).toBe(90)
    const cases = buildCasesOption(8, 6, { open: 'o', closed: 'c', center: '6/8', centerLabel: '' }, ink) as unknown as { series: { data: { value: number }[] }[] }
    expect(cases.series[0]?.data.map((d) => d.value)).toEqual([6, 2])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { fmtDate, fmtNumber, fmtPct, fmtPeriod } from '../../src/format'

describe('locale formatting', () => {
  it('numbers and percentages', () => {
    expect(fmtNumber(1234.5, 'zh', 1)).toBe('1,234.5')
    expect(fmtNumber(29.04, 'en')).toBe('29')
    expect(fmtPct(95.0179, 'zh')).toBe('95.0%')
    expect(fmtPct(null, 'zh')).toBe('—')
  })
  it('dates without time-zone drift', () => {
    expect(fmtDate('2023-10-25', 'zh')).toBe('2023年10月25日')
    expect(fmtDate('2023-10-25', 'en')).toBe('25 Oct 2023')
  })
  it('periods name the year once when it is shared', () => {
    expect(fmtPeriod('2023-01-01', '2023-10-06', 'zh')).toBe('2023年1月1日—10月6日')
    expect(fmtPeriod('2023-01-01', '2023-10-06', 'en')).toBe('1 Jan – 6 Oct 2023')
    expect(fmtPeriod('2022-12-01', '2023-01-31', 'zh')).toBe('2022年12月1日 — 2023年1月31日')
  })
  it('formatters are built once per locale and option set, and mixed calls keep their own options', () => {
    let built = 0
    const count = <T extends object>(C: T): T => new Proxy(C, { construct: (target, args) => (built++, Reflect.construct(target as new (...a: unknown[]) => object, args)) })
    Intl.NumberFormat = count(NumberFormat)
    Intl.DateTimeFormat = count(DateTimeFormat)
    const run = () => [
      fmtNumber(1234.5, 'zh', 1), fmtNumber(1234.5, 'en', 0), fmtNumber(0.125, 'zh', 2),
      fmtDate('2023-10-25', 'zh'), fmtDate('2023-10-25', 'en'), fmtPeriod('2023-01-01', '2023-10-06', 'en'), fmtPeriod('2023-01-01', '2023-10-06', 'zh'),
    ]
    const first = run()
    const once = built
    for (let i = 0; i < 50; i++) expect(run()).toEqual(first)
    expect(built).toBe(once)
    expect(first).toEqual(['1,234.5', '1,235', '0.13', '2023年10月25日', '25 Oct 2023', '1 Jan – 6 Oct 2023', '2023年1月1日—10月6日'])
  })
})

const { NumberFormat, DateTimeFormat } = Intl
afterEach(() => {
  Intl.NumberFormat = NumberFormat
  Intl.DateTimeFormat = DateTimeFormat
})

import { describe, expect, it } from 'vitest'
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
})

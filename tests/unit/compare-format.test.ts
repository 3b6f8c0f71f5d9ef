import { describe, expect, it } from 'vitest'
import { changeTone, signed, verdictTone } from '../../src/components/compare/indicatorFormat'

describe('direction-aware colouring of changes', () => {
  it('lower PM is better, a higher good-day rate is better', () => {
    expect(changeTone({ change: -5.2, direction: 'lower_better' })).toBe('good')
    expect(changeTone({ change: 5.2, direction: 'lower_better' })).toBe('bad')
    expect(changeTone({ change: 0.8, direction: 'higher_better' })).toBe('good')
    expect(changeTone({ change: -0.5, direction: 'higher_better' })).toBe('bad')
  })
  it('no change, no value, or a neutral indicator is neutral', () => {
    expect(changeTone({ change: 0, direction: 'lower_better' })).toBe('neutral')
    expect(changeTone({ change: null, direction: 'higher_better' })).toBe('neutral')
    expect(changeTone({ change: 12.2, direction: 'neutral' })).toBe('neutral')
  })
  it('verdict tones never colour "no clear change"', () => {
    expect([verdictTone('improved'), verdictTone('worsened'), verdictTone('no_clear_change'), verdictTone('insufficient'), verdictTone(null)]).toEqual(['good', 'bad', 'neutral', 'neutral', 'neutral'])
  })
  it('signed numbers use a real minus and drop the sign of a rounded zero', () => {
    expect([signed(-3.24, 'zh', 1), signed(1.05, 'zh', 1), signed(-0.04, 'zh', 1)]).toEqual(['−3.2', '+1.1', '0.0'])
  })
})

import { describe, expect, it } from 'vitest'
import { NULL_TOKENS, sampleNullTokens, tokensIn } from '../../src/csv/nullTokens'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('missing-value tokens in a sample', () => {
  it('finds whole cells only, quoted or not, with any delimiter and line end, in the list order', () => {
    expect([...tokensIn('a,NA,"—",NAN,N/A2\r\n-,x', ',', new Set())]).toEqual(['NA', '—', '-'])
    expect([...tokensIn('站点\t未检出\t无效 \n缺测\t1', '\t', new Set())]).toEqual(['未检出', '缺测'])
    expect(sampleNullTokens(bytes('站点;PM2.5\n城关站;#N/A\n城关站;1\r\n开发区站;——'), ';')).toEqual(['', '#N/A', '——'])
    expect(sampleNullTokens(bytes(''), ',')).toEqual([''])
    // Every token is found when it is a cell of the head.
    expect(sampleNullTokens(bytes(`${NULL_TOKENS.map((t) => `x,${t}`).join('\n')}\n`), ',')).toEqual(NULL_TOKENS)
  })

  it('reads the head and windows spread over a large file, never a cut line', () => {
    const line = (i: number) => `城关站,2023-01-01 00:00:00,${i % 90}\n`
    const rows = Array.from({ length: 100_000 }, (_, i) => line(i))
    // A token on the last line (the tail is read) and one a little into the 16th window.
    rows[rows.length - 1] = '城关站,2023-01-01 00:00:00,缺测\n'
    const text = rows.join('')
    const size = bytes(text).length
    const at = Math.floor((size * 16) / 33) + 1000
    let k = 0
    for (let offset = 0; offset <= at; k++) offset += bytes(rows[k] as string).length
    rows[k] = '城关站,2023-01-01 00:00:00,N/A\n'
    expect(sampleNullTokens(bytes(rows.join('')), ',')).toEqual(['', 'N/A', '缺测'])
  })
})

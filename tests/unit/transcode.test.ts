import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { transcodeToUtf8 } from '../../src/csv/transcode'

const text = '站点名称,监测时间,PM2.5\n城关镇政府监测站,2023-01-01 00:00:00,12\n𠀀扩展字符,2023-01-01 01:00:00,—\n'.repeat(50)

describe('chunked transcoding to UTF-8', () => {
  it.each([1, 2, 3, 5, 7, 64, 1 << 20])('GB18030 in chunks of %d bytes equals a one-shot decode (characters split across chunks survive)', (chunk) => {
    const gb = new Uint8Array(iconv.encode(text, 'gb18030'))
    expect(new TextDecoder().decode(transcodeToUtf8(gb, 'gb18030', chunk))).toBe(text)
  })

  it('UTF-16 with a BOM loses the BOM, in any chunking', () => {
    const le = new Uint8Array(iconv.encode(`\ufeff${text}`, 'utf16le'))
    expect(new TextDecoder().decode(transcodeToUtf8(le, 'utf-16le', 3))).toBe(text)
    expect(new TextDecoder().decode(transcodeToUtf8(le, 'utf-16le'))).toBe(text)
  })
})

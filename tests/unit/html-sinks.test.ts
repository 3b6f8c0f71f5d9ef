import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every source file under src/. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|vue)$/.test(name) ? [p] : []
  })
}

// CSV text is untrusted: none of these may appear in the app, so no cell, header or file name can
// become markup or code. An ECharts tooltip `formatter` returns HTML: it must escape with encodeHTML.
const SINKS = [/\binnerHTML\b/, /\bouterHTML\b/, /insertAdjacentHTML/, /document\.write/, /\bv-html\b/, /\bnew Function\b/, /\beval\(/]

describe('no HTML or code sinks in src', () => {
  const files = sources(join(import.meta.dirname, '..', '..', 'src'))

  it.each(SINKS.map((s) => [String(s)]))('%s', (sink) => {
    const re = SINKS.find((s) => String(s) === sink) as RegExp
    expect(files.filter((f) => re.test(readFileSync(f, 'utf8')))).toEqual([])
  })

  it('tooltip formatters escape with encodeHTML', () => {
    const offenders = files.filter((f) => {
      const text = readFileSync(f, 'utf8')
      return /tooltip:\s*\{[^}]*\bformatter\s*:/.test(text) && !text.includes('encodeHTML')
    })
    expect(offenders).toEqual([])
  })
})

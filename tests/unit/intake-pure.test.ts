import { describe, expect, it } from 'vitest'
import { toCsv } from '../../src/csv/export'
import { applyMapping, headerSignature, inspectHead } from '../../src/csv/inspect'
import { defaultFieldName, defaultTableName, fieldNameProblem, guessType, tableNameProblem } from '../../src/csv/ownTable'
import { coUnitFromHeader } from '../../src/db/load'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('toCsv', () => {
  it('quotes, escapes and defuses formulas, with a BOM for Excel', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=1+1', -3], [null, '-5']])).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n\'=1+1,-3\r\n,-5\r\n')
  })
})

describe('inspectHead', () => {
  it('recognises kinds, binary files and empty files from the head', () => {
    expect(inspectHead(bytes('日期,PM2.5\n2023-01-01,3\n'), 'a.csv').match?.kind.key).toBe('air_daily')
    expect(inspectHead(new Uint8Array([0x50, 0x4b, 3, 4, 0]), 'x.csv').error).toBe('文件“x.csv”不是 CSV 文本文件(看起来是 Excel 工作簿 .xlsx),请在 Excel/WPS 中另存为 CSV 后再上传')
    expect(inspectHead(bytes(''), 'e.csv').error).toBe('文件“e.csv”是空文件')
    expect(inspectHead(bytes('foo,bar\n1,2\n'), 'o.csv').match).toBeNull()
  })
  it('applies a saved mapping by header name', () => {
    const m = applyMapping({ kind: 'air_daily', columns: { date: '日子', pm25: '细粒子', bogus: '细粒子' } }, ['细粒子', '日子'])
    expect([m.columns, m.missingRequired]).toEqual([{ date: 1, pm25: 0 }, []])
    expect(headerSignature([' a', 'b '])).toBe('a\u001fb')
  })
})

describe('coUnitFromHeader', () => {
  it('reads the unit written in the header', () => {
    expect([coUnitFromHeader('CO(mg/m³)'), coUnitFromHeader('CO(μg/m3)'), coUnitFromHeader('CO（ug/m³）'), coUnitFromHeader('CO')]).toEqual(['mg', 'ug', 'ug', null])
  })
})

describe('checkReadOnly', () => {
  it('lets one query through and refuses writes, files and several statements', async () => {
    const { checkReadOnly } = await import('../../src/db/intakeQueries')
    expect(checkReadOnly('SELECT 1;')).toBe('SELECT 1')
    expect(checkReadOnly("with x as (select 'drop table y; --' as s) select * from x")).toContain('with x')
    expect(checkReadOnly('SUMMARIZE ledger')).toBe('SUMMARIZE ledger')
    expect(() => checkReadOnly('DROP TABLE ledger')).toThrow('只允许 SELECT / WITH / DESCRIBE / SUMMARIZE 查询')
    expect(() => checkReadOnly('SELECT 1; DROP TABLE ledger')).toThrow('只能运行一条语句')
    expect(() => checkReadOnly("SELECT * FROM read_csv('x.csv')")).toThrow('查询中不允许使用“read_csv”')
    expect(() => checkReadOnly('WITH d AS (DELETE FROM ledger RETURNING *) SELECT * FROM d')).toThrow('查询中不允许使用“DELETE”')
  })
})

describe('toUtf8Async', () => {
  it('decodes GB18030 in slices without breaking characters at slice boundaries', async () => {
    const { toUtf8Async } = await import('../../src/csv/decode')
    const iconv = (await import('iconv-lite')).default
    // 9 MB of two-byte characters with an odd offset, so slice edges fall inside characters.
    const text = `a${'城区监测站,细颗粒物\n'.repeat(450_000)}`
    const r = await toUtf8Async(new Uint8Array(iconv.encode(text, 'gbk')), 'big.csv')
    expect(r.encoding).toBe('gb18030')
    expect(new TextDecoder().decode(r.utf8)).toBe(text)
  })
})

describe('own tables (pure)', () => {
  it('refuses table names the dashboard owns or reserves, case-insensitively', () => {
    const p = (n: string) => tableNameProblem(n)
    expect(['ledger', 'AIR_DAILY', 'air_station_daily', 'air_monthly', 'events', 'enforcement_yearly', 'complaints_monthly', 'air_hourly'].map(p)).toEqual(Array(8).fill('reserved'))
    expect([p('ledger__v2'), p('__stage'), p(''), p('1abc'), p('a-b'), p('x'.repeat(61))]).toEqual(['internal', 'internal', 'empty', 'chars', 'chars', 'long'])
    expect([p('sites'), p('监测点位'), p('my_ledger')]).toEqual([null, null, null])
    expect([fieldNameProblem('rowid'), fieldNameProblem('__row'), fieldNameProblem('pm2_5')]).toEqual(['internal', 'internal', null])
  })
  it('guesses types from preview values, keeping codes and long IDs as text', () => {
    expect(guessType(['007', '010'])).toBe('text')
    expect(guessType(['440300199912310012'])).toBe('text')
    expect(guessType(['12.5', '', '3'])).toBe('number')
    expect(guessType(['2024-03-01', '2024/3/2', '2024年3月3日'])).toBe('date')
    expect(guessType(['2024-03-01 13:00'])).toBe('datetime')
    expect(guessType(['2024-03', '2024年4月'])).toBe('month')
    expect(guessType(['NA', '12', '—'])).toBe('number')
    expect(guessType(['NA', '12', 'abc'])).toBe('text')
  })
  it('names fields and tables from headers and file names', () => {
    expect([defaultFieldName('PM2.5 浓度', 0), defaultFieldName('2023年', 1), defaultFieldName('  ', 2)]).toEqual(['PM2_5_浓度', 'c_2023年', 'column3'])
    expect([defaultTableName('点位清单.csv'), defaultTableName('ledger.csv')]).toEqual(['点位清单', 'my_ledger'])
  })
  it('applies a mapping with date parts only when year, month and day are all there', () => {
    const own = { table: 't', fields: [{ key: 'd', type: 'date' as const }, { key: 'v', type: 'number' as const }], keyFields: [] }
    const full = applyMapping({ kind: 'own', own, columns: { 'd.year': 'Y', 'd.month': 'M', 'd.day': 'D', v: 'V', 'x.year': 'Y' } }, ['Y', 'M', 'D', 'V'])
    expect(full.columns).toEqual({ 'd.year': 0, 'd.month': 1, 'd.day': 2, v: 3 })
    expect(applyMapping({ kind: 'own', own, columns: { 'd.year': 'Y', 'd.month': 'M' } }, ['Y', 'M']).columns).toEqual({})
    const air = applyMapping({ kind: 'air_daily', columns: { 'date.year': 'Y', 'date.month': 'M', 'date.day': 'D', pm25: 'P' } }, ['Y', 'M', 'D', 'P'])
    expect([air.missingRequired, air.columns['date.day']]).toEqual([[], 2])
    expect(applyMapping({ kind: 'air_daily', columns: { 'date.year': 'Y', pm25: 'P' } }, ['Y', 'P']).missingRequired).toEqual(['date'])
  })
})

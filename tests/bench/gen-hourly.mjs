/**
 * Deterministic generator of hourly air-quality CSVs for the benchmark: N rows over 12 stations
 * with Chinese names (14 columns), hour by hour from 2018-01-01, ≈ 100 bytes a row, a few missing-value tokens.
 * Writes a UTF-8 file and a GB18030 copy of the same text.
 *
 *   node tests/bench/gen-hourly.mjs 1000000 [outDir]   → outDir/hourly-1000000.utf8.csv, .gb18030.csv
 *
 * Same N → byte-identical files (seeded PRNG, no clock, no locale).
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'

export const STATIONS = [
  '城关镇政府监测站', '经济技术开发区管委会站', '高新区第一中学站', '环境监测站楼顶站', '滨河公园站', '北郊水厂站',
  '南湖湿地公园站', '人民医院站', '东城区体育中心站', '西山植物园对照点', '火车站广场站', '工业园区污水处理厂站',
]
const HEADER = '城市,站点名称,站点编码,经度,纬度,监测时间,AQI,PM2.5,PM10,O3,NO2,SO2,CO,质量等级'
const LEVELS = ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染']

function mulberry32(seed) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pad = (n) => (n < 10 ? `0${n}` : String(n))
const T0 = Date.UTC(2018, 0, 1)

function* lines(n) {
  const rand = mulberry32(20231025)
  const s = STATIONS.length
  for (let i = 0; i < n; i++) {
    const station = i % s
    const hour = Math.floor(i / s)
    const d = new Date(T0 + hour * 3600_000)
    const time = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:00:00`
    const season = 1 + 0.6 * Math.cos(((d.getUTCMonth() + 0.5) / 12) * 2 * Math.PI)
    const diurnal = Math.sin(((d.getUTCHours() - 9) / 24) * 2 * Math.PI)
    const pm25 = Math.round(season * (20 + 30 * rand()) + station)
    const pm10 = Math.round(pm25 * (1.5 + 0.4 * rand()))
    const o3 = Math.max(2, Math.round((2.2 - season) * (40 + 60 * diurnal + 30 * rand())))
    const no2 = Math.round(15 + 25 * rand() * season)
    const so2 = Math.round(3 + 9 * rand())
    const co = (0.3 + 1.2 * rand() * season).toFixed(1)
    const aqi = Math.max(Math.ceil(pm25 <= 35 ? (pm25 * 50) / 35 : 50 + ((pm25 - 35) * 50) / 40), Math.ceil(o3 <= 160 ? (o3 * 50) / 160 : 50 + ((o3 - 160) * 50) / 40))
    const level = LEVELS[Math.min(5, aqi <= 50 ? 0 : aqi <= 100 ? 1 : Math.floor((aqi - 1) / 50) - 0)] ?? '严重污染'
    const r = rand()
    // About 1 in 200 rows misses a value, written the way monitoring platforms do.
    const pm25s = r < 0.002 ? '—' : r < 0.004 ? '' : r < 0.005 ? 'NA' : String(pm25)
    yield `某区,${STATIONS[station]},${1001 + station}A,${(113.2 + station * 0.0137).toFixed(4)},${(23.1 + station * 0.0091).toFixed(4)},${time},${aqi},${pm25s},${pm10},${o3},${no2},${so2},${co},${level}\n`
  }
}

/** Written to a .part file and renamed when complete, so an interrupted run leaves no short file. */
function write(path, n, encode) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(`${path}.part`)
    out.on('error', reject)
    out.on('finish', () => {
      renameSync(`${path}.part`, path)
      resolve()
    })
    let buf = `${HEADER}\n`
    const flush = () => {
      const ok = out.write(encode(buf))
      buf = ''
      return ok
    }
    const it = lines(n)
    const pump = () => {
      for (;;) {
        const { value, done } = it.next()
        if (done) {
          flush()
          out.end()
          return
        }
        buf += value
        if (buf.length > 1 << 20 && !flush()) {
          out.once('drain', pump)
          return
        }
      }
    }
    pump()
  })
}

/**
 * Generate the files unless present; returns their paths. Below 5M rows there is also a UTF-8 copy
 * with CRLF line ends, as Excel and WPS write them.
 */
export async function generate(n, dir) {
  mkdirSync(dir, { recursive: true })
  const utf8 = join(dir, `hourly-${n}.utf8.csv`)
  const gb = join(dir, `hourly-${n}.gb18030.csv`)
  const crlf = n < 5_000_000 ? join(dir, `hourly-${n}.crlf.csv`) : null
  if (!existsSync(utf8) || statSync(utf8).size === 0) await write(utf8, n, (s) => Buffer.from(s, 'utf8'))
  if (!existsSync(gb) || statSync(gb).size === 0) await write(gb, n, (s) => iconv.encode(s, 'gb18030'))
  if (crlf && (!existsSync(crlf) || statSync(crlf).size === 0)) await write(crlf, n, (s) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8'))
  return { utf8, gb18030: gb, ...(crlf ? { crlf } : {}) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100000)
  const dir = process.argv[3] ?? 'bench-data'
  const t0 = performance.now()
  const files = await generate(n, dir)
  console.log(files, `${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

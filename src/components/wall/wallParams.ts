/**
 * The wall is configured entirely by its URL (nobody touches a wall), e.g.
 * `#/wall?pages=air:40,ledger,complaints&dwell=30&theme=dark&lang=zh&size=3840x2160&stale=30&idle=60`.
 * Pure module: parsing never throws; anything unreadable falls back to its default.
 */

export const WALL_PAGES = ['air', 'ledger', 'complaints'] as const
export type WallPageId = (typeof WALL_PAGES)[number]
export type WallTheme = 'dark' | 'light'

export interface WallPageSpec {
  id: WallPageId
  /** How long the page stays before the next one, in ms. */
  dwellMs: number
}

export interface WallConfig {
  pages: WallPageSpec[]
  theme: WallTheme
  lang: 'zh' | 'en' | null
  /** Physical size of the wall the canvas is designed for, in device pixels. */
  size: { w: number; h: number }
  /** Show the stale-data banner when the newest data is older than this many days; null = never. */
  staleDays: number | null
  /** Rotation resumes after this long without pointer or key activity, in ms. */
  idleMs: number
}

export const WALL_DEFAULTS = {
  dwellS: 30,
  staleDays: 30,
  idleS: 60,
  size: { w: 1920, h: 1080 },
} as const

type QueryValue = string | null | undefined | (string | null)[]

const first = (v: QueryValue): string | null => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null))

/** Seconds as a positive finite number (fractions allowed: the soak runs with dwell=0.05), else null. */
function seconds(raw: string | null | undefined): number | null {
  if (raw == null || raw.trim() === '') return null
  const n = Number(raw)
  return Number.isFinite(n) && n > 0 && n <= 86_400 ? n : null
}

export function parseSize(raw: string | null): { w: number; h: number } {
  const m = /^\s*(\d{3,5})\s*[x×*]\s*(\d{3,5})\s*$/i.exec(raw ?? '')
  if (!m) return { ...WALL_DEFAULTS.size }
  const w = Number(m[1])
  const h = Number(m[2])
  return w >= 320 && h >= 240 && w <= 30_000 && h <= 30_000 ? { w, h } : { ...WALL_DEFAULTS.size }
}

export function parseWallQuery(query: Record<string, QueryValue>): WallConfig {
  const dwellS = seconds(first(query.dwell)) ?? WALL_DEFAULTS.dwellS
  const pages: WallPageSpec[] = []
  for (const part of (first(query.pages) ?? '').split(',')) {
    const [name, own] = part.trim().toLowerCase().split(':')
    const id = WALL_PAGES.find((p) => p === name)
    if (id && !pages.some((p) => p.id === id)) pages.push({ id, dwellMs: (seconds(own) ?? dwellS) * 1000 })
  }
  if (pages.length === 0) pages.push(...WALL_PAGES.map((id) => ({ id, dwellMs: dwellS * 1000 })))

  const staleRaw = (first(query.stale) ?? '').trim().toLowerCase()
  let staleDays: number | null = WALL_DEFAULTS.staleDays
  if (['0', 'off', 'none', 'false', 'no'].includes(staleRaw)) staleDays = null
  else if (/^\d+$/.test(staleRaw)) staleDays = Number(staleRaw)

  const lang = first(query.lang)
  return {
    pages,
    theme: first(query.theme) === 'light' ? 'light' : 'dark',
    lang: lang === 'zh' || lang === 'en' ? lang : null,
    size: parseSize(first(query.size)),
    staleDays,
    idleMs: (seconds(first(query.idle)) ?? WALL_DEFAULTS.idleS) * 1000,
  }
}

export interface CanvasFit {
  /** Layout box in CSS px: the short side is always 1080, so type sizes are the same on every wall. */
  layoutW: number
  layoutH: number
  /** CSS transform scale from the layout box to the viewport (letterboxed). */
  scale: number
  /** Offsets that centre the scaled box in the viewport, CSS px. */
  left: number
  top: number
  /** ECharts canvas backing-store ratio: one canvas pixel per device pixel. */
  chartDpr: number
}

export const LAYOUT_SHORT_SIDE = 1080

/** Fit the wall's design canvas into a viewport, keeping its aspect ratio. */
export function fitCanvas(size: { w: number; h: number }, viewport: { w: number; h: number }, devicePixelRatio: number): CanvasFit {
  const k = LAYOUT_SHORT_SIDE / Math.min(size.w, size.h)
  const layoutW = Math.round(size.w * k)
  const layoutH = Math.round(size.h * k)
  const scale = Math.min(viewport.w / layoutW, viewport.h / layoutH)
  const dpr = devicePixelRatio > 0 ? devicePixelRatio : 1
  return {
    layoutW,
    layoutH,
    scale,
    left: (viewport.w - layoutW * scale) / 2,
    top: (viewport.h - layoutH * scale) / 2,
    chartDpr: Math.max(0.25, Math.round(scale * dpr * 1000) / 1000),
  }
}

/** 16:9-ish walls get the two-row layout; 32:9 and wider get one long row. */
export const isWideLayout = (size: { w: number; h: number }): boolean => size.w / size.h >= 2.4

/** Whole days from `iso` (YYYY-MM-DD) to `today` (YYYY-MM-DD). */
export function daysBetween(iso: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${iso.slice(0, 10)}T00:00:00Z`)) / 86_400_000)
}

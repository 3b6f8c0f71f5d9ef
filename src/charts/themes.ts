/**
 * The wall's two ECharts themes, registered once per page load. Sizes are for a 1080-tall layout
 * (the wall canvas always lays out at that height and is scaled, see wallParams.fitCanvas).
 * AQI colours are not themed: they are the official ones (domain/aqi.ts).
 */
import { registerTheme } from 'echarts/core'

export type WallThemeName = 'wall-dark' | 'wall-light'

interface Palette {
  text: string
  muted: string
  axis: string
  split: string
  tooltipBg: string
  tooltipBorder: string
  colors: string[]
}

const PALETTES: Record<WallThemeName, Palette> = {
  'wall-dark': {
    text: '#dbe8ff',
    muted: '#8fa6c8',
    axis: '#3a5278',
    split: 'rgba(120, 150, 200, 0.18)',
    tooltipBg: 'rgba(10, 22, 44, 0.94)',
    tooltipBorder: '#2f4d7a',
    colors: ['#3fa7ff', '#ffc542', '#3ddc97', '#ff6b6b', '#a78bfa', '#5eead4', '#fb923c'],
  },
  'wall-light': {
    text: '#1d2433',
    muted: '#5b6b84',
    axis: '#b8c3d6',
    split: 'rgba(60, 80, 120, 0.12)',
    tooltipBg: 'rgba(255, 255, 255, 0.97)',
    tooltipBorder: '#c9d3e3',
    colors: ['#2f6fdb', '#e09b1a', '#2e9d5b', '#d9534f', '#7c5cd6', '#1aa39a', '#e8731c'],
  },
}

const FONT = "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"

export function wallTheme(name: WallThemeName): Record<string, unknown> {
  const p = PALETTES[name]
  const axis = {
    axisLine: { show: true, lineStyle: { color: p.axis } },
    axisTick: { show: false, lineStyle: { color: p.axis } },
    axisLabel: { color: p.muted, fontSize: 16 },
    splitLine: { show: true, lineStyle: { color: p.split } },
    nameTextStyle: { color: p.muted, fontSize: 15 },
  }
  return {
    color: p.colors,
    backgroundColor: 'transparent',
    textStyle: { color: p.text, fontFamily: FONT, fontSize: 16 },
    title: { textStyle: { color: p.text }, subtextStyle: { color: p.muted } },
    legend: { textStyle: { color: p.text, fontSize: 16 }, itemWidth: 22, itemHeight: 12 },
    tooltip: {
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      textStyle: { color: p.text, fontSize: 16 },
    },
    categoryAxis: { ...axis, splitLine: { show: false } },
    valueAxis: { ...axis, axisLine: { show: false } },
    timeAxis: { ...axis, splitLine: { show: false } },
    calendar: {
      itemStyle: { color: 'transparent', borderColor: p.split, borderWidth: 1 },
      splitLine: { lineStyle: { color: p.axis, width: 2 } },
      dayLabel: { color: p.muted, fontSize: 14 },
      monthLabel: { color: p.muted, fontSize: 15 },
      yearLabel: { show: false },
    },
    visualMap: { textStyle: { color: p.text, fontSize: 15 } },
    markLine: { label: { color: p.text } },
  }
}

let registered = false

/** Register both wall themes with ECharts; safe to call more than once. */
export function registerWallThemes(): void {
  if (registered) return
  for (const name of Object.keys(PALETTES) as WallThemeName[]) registerTheme(name, wallTheme(name))
  registered = true
}

/** Colours the option builders need beyond the theme (for things a theme cannot reach). */
export function wallInk(name: WallThemeName): { text: string; muted: string; good: string; warn: string; bad: string; prev: string } {
  const dark = name === 'wall-dark'
  return {
    text: PALETTES[name].text,
    muted: PALETTES[name].muted,
    good: dark ? '#3ddc97' : '#2e9d5b',
    warn: dark ? '#ffc542' : '#e09b1a',
    bad: dark ? '#ff6b6b' : '#d9534f',
    prev: dark ? 'rgba(143, 166, 200, 0.55)' : 'rgba(91, 107, 132, 0.45)',
  }
}

import { defineAsyncComponent } from 'vue'

/**
 * vue-echarts with the app's ECharts parts, fetched on first use: a view's figures and text draw
 * without waiting for the chart library (≈ 230 KB gzip) to download and parse.
 */
export const LazyChart = defineAsyncComponent(async () => {
  const [chart] = await Promise.all([import('vue-echarts'), import('./echarts')])
  return chart.default
})

/** Register once the ECharts parts the app uses (keeps the bundle small). */
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, LineChart, PieChart, HeatmapChart, ScatterChart } from 'echarts/charts'
import {
  GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkAreaComponent,
  TitleComponent, DataZoomComponent, VisualMapComponent, CalendarComponent,
} from 'echarts/components'

use([
  CanvasRenderer, BarChart, LineChart, PieChart, HeatmapChart, ScatterChart,
  GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, MarkAreaComponent,
  TitleComponent, DataZoomComponent, VisualMapComponent, CalendarComponent,
])

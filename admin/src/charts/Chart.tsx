import { useEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

/**
 * ECharts, bundled and tree-shaken (only bars, lines, axes, tooltip, legend, reference lines
 * and zoom), drawn as SVG: crisp at any zoom, text rendered by the browser with the
 * system's CJK fonts, and the bars are elements a test can count. Lazy-loaded with the
 * dashboard, so the log-in page does not pay for it.
 */
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent, SVGRenderer]);

export const CHART_FONT = 'Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

export function Chart({ option, height = 300, testId, label }: { option: EChartsCoreOption; height?: number; testId?: string; label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: CHART_FONT }, animationDuration: 300, ...option }, { notMerge: true });
  }, [option]);

  return <Box ref={ref} role="img" aria-label={label} data-testid={testId} sx={{ width: '100%', height }} />;
}

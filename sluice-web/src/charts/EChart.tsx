import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

export interface EChartProps {
  option: echarts.EChartsCoreOption;
  height?: number | string;
  'data-testid'?: string;
  /** Shown over the chart instead of it, e.g. "No checkpoint yet". */
  empty?: React.ReactNode;
}

/**
 * One ECharts instance in a div: created on mount, given each new option whole, resized with its
 * container and disposed on unmount.
 */
export function EChart({ option, height = 240, empty, ...rest }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => c.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div style={{ position: 'relative', width: '100%', height }} data-testid={rest['data-testid']}>
      <div ref={ref} style={{ width: '100%', height: '100%', visibility: empty ? 'hidden' : 'visible' }} />
      {empty ? (
        <div className="chart-empty" style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#8c8c8c' }}>
          {empty}
        </div>
      ) : null}
    </div>
  );
}

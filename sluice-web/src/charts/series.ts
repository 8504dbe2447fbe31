// The job metrics endpoint's answer (GET /jobs/{id}/metrics) turned into ECharts series and options.
import type { EChartsCoreOption } from 'echarts';

export interface MetricSeries {
  name: string;
  vertex: string | null;
  points: [number, number][];
}

export interface MetricHistory {
  job: string;
  jobId: number;
  from: string;
  to: string;
  step: string;
  stepMillis: number;
  series: MetricSeries[];
}

/** A line's points; null values break the line. */
export interface ChartSeries {
  name: string;
  data: [number, number | null][];
  yAxisIndex?: number;
}

export interface SeriesOptions {
  /** 'job' (default): the job's own series; 'vertices': one line per vertex. */
  level?: 'job' | 'vertices';
  /** Multiplies every value (ms/s to percent is 0.1). */
  scale?: number;
  /** The line's name; for vertex lines, given the vertex id. */
  label?: (vertex: string | null) => string;
  yAxisIndex?: number;
}

/**
 * The lines of one metric. A gap of more than two steps between points (the job was not running or
 * not read) becomes a break in the line instead of a straight line over it.
 */
export function metricSeries(history: MetricHistory | null | undefined, metric: string, options: SeriesOptions = {}): ChartSeries[] {
  if (!history) return [];
  const level = options.level ?? 'job';
  const scale = options.scale ?? 1;
  const gap = 2 * Math.max(1, history.stepMillis);
  return history.series
    .filter((s) => s.name === metric && (level === 'job' ? s.vertex == null : s.vertex != null))
    .map((s) => {
      const data: [number, number | null][] = [];
      let last: number | null = null;
      for (const [t, v] of s.points) {
        if (last !== null && t - last > gap) data.push([last + Math.round(gap / 2), null]);
        data.push([t, v == null ? null : round(v * scale)]);
        last = t;
      }
      const out: ChartSeries = { name: options.label ? options.label(s.vertex) : s.vertex ?? metric, data };
      if (options.yAxisIndex !== undefined) out.yAxisIndex = options.yAxisIndex;
      return out;
    });
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export interface AxisSpec {
  name: string;
  format?: (v: number) => string;
  max?: number;
}

/** A time-axis line chart option for the lines and one or two value axes. */
export function timeChartOption(series: ChartSeries[], axes: AxisSpec[], range?: { from: string; to: string }): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 56, right: axes.length > 1 ? 64 : 16, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? (axes[0]?.format ?? compactNumber)(v) : '–') },
    legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    xAxis: { type: 'time', min: range ? Date.parse(range.from) : undefined, max: range ? Date.parse(range.to) : undefined },
    yAxis: axes.map((a, i) => ({
      type: 'value',
      name: a.name,
      position: i === 0 ? 'left' : 'right',
      max: a.max,
      min: 0,
      axisLabel: { formatter: (v: number) => (a.format ?? compactNumber)(v) },
      splitLine: { show: i === 0 },
    })),
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.data,
      yAxisIndex: s.yAxisIndex ?? 0,
      showSymbol: s.data.length < 3,
      connectNulls: false,
    })),
  };
}

/** 1234567 as "1.2M", 1500 as "1.5k", 0.25 as "0.25". */
export function compactNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return +(v / 1e9).toFixed(1) + 'G';
  if (abs >= 1e6) return +(v / 1e6).toFixed(1) + 'M';
  if (abs >= 1e3) return +(v / 1e3).toFixed(1) + 'k';
  return String(+v.toFixed(2));
}

/** Whether any line has a value. */
export function hasPoints(series: ChartSeries[]): boolean {
  return series.some((s) => s.data.some(([, v]) => v != null));
}

/** Metric query parameters for the last `ms` before `now`, with a step giving ~120-360 points. */
export function rangeQuery(names: string[], ms: number, now: number): string {
  const step = ms <= 3_600_000 ? '30s' : ms <= 6 * 3_600_000 ? '1m' : ms <= 24 * 3_600_000 ? '5m' : '30m';
  const q = new URLSearchParams({ names: names.join(','), from: new Date(now - ms).toISOString(), to: new Date(now).toISOString(), step });
  return q.toString();
}

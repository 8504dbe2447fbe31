import { describe, expect, it } from 'vitest';
import { compactNumber, hasPoints, metricSeries, rangeQuery, timeChartOption, type MetricHistory } from './series';

const history: MetricHistory = {
  job: 'orders',
  jobId: 12,
  from: '2026-11-24T10:00:00Z',
  to: '2026-11-24T11:00:00Z',
  step: '30s',
  stepMillis: 30000,
  series: [
    { name: 'input_rate', vertex: null, points: [[1000, 118.3], [31000, 120], [61000, 0]] },
    { name: 'busy', vertex: null, points: [[1000, 250], [31000, 1000]] },
    { name: 'busy', vertex: 'e0c7', points: [[1000, 125]] },
    { name: 'busy', vertex: 'a1f3', points: [[1000, 333]] },
    { name: 'checkpoint_duration', vertex: null, points: [[1000, 1200], [31000, 1500], [301000, 900]] },
  ],
};

describe('metricSeries', () => {
  it('takes the job-level line of a metric as it is', () => {
    expect(metricSeries(history, 'input_rate', { label: () => 'records in/s' })).toEqual([
      { name: 'records in/s', data: [[1000, 118.3], [31000, 120], [61000, 0]] },
    ]);
  });

  it('scales busy time from ms/s to percent, per vertex on request', () => {
    expect(metricSeries(history, 'busy', { scale: 0.1, label: () => 'busy %' })).toEqual([{ name: 'busy %', data: [[1000, 25], [31000, 100]] }]);
    expect(metricSeries(history, 'busy', { level: 'vertices', scale: 0.1, label: (v) => 'vertex ' + v })).toEqual([
      { name: 'vertex e0c7', data: [[1000, 12.5]] },
      { name: 'vertex a1f3', data: [[1000, 33.3]] },
    ]);
  });

  it('breaks the line where samples are missing for more than two steps', () => {
    expect(metricSeries(history, 'checkpoint_duration', { yAxisIndex: 1 })).toEqual([
      { name: 'checkpoint_duration', yAxisIndex: 1, data: [[1000, 1200], [31000, 1500], [61000, null], [301000, 900]] },
    ]);
  });

  it('has no lines for an unknown metric or no answer', () => {
    expect(metricSeries(history, 'kafka_lag')).toEqual([]);
    expect(metricSeries(null, 'kafka_lag')).toEqual([]);
    expect(hasPoints([])).toBe(false);
    expect(hasPoints([{ name: 'x', data: [[1, null]] }])).toBe(false);
    expect(hasPoints(metricSeries(history, 'input_rate'))).toBe(true);
  });
});

describe('timeChartOption', () => {
  it('puts each line on its axis over the asked range', () => {
    const option = timeChartOption(
      [
        { name: 'duration', data: [[1000, 5]] },
        { name: 'size', data: [[1000, 7], [2000, 8], [3000, 9]], yAxisIndex: 1 },
      ],
      [{ name: 'ms' }, { name: 'bytes' }],
      { from: history.from, to: history.to },
    ) as Record<string, any>;
    expect(option.xAxis).toEqual({ type: 'time', min: Date.parse('2026-11-24T10:00:00Z'), max: Date.parse('2026-11-24T11:00:00Z') });
    expect(option.yAxis.map((a: { name: string; position: string }) => [a.name, a.position])).toEqual([
      ['ms', 'left'],
      ['bytes', 'right'],
    ]);
    expect(option.series.map((s: { name: string; yAxisIndex: number; showSymbol: boolean }) => [s.name, s.yAxisIndex, s.showSymbol])).toEqual([
      ['duration', 0, true],
      ['size', 1, false],
    ]);
  });
});

describe('rangeQuery', () => {
  it('asks for the names over the last hour in 30 s steps', () => {
    const q = new URLSearchParams(rangeQuery(['checkpoint_duration', 'checkpoint_size'], 3_600_000, Date.parse('2026-12-02T03:00:00Z')));
    expect(Object.fromEntries(q)).toEqual({
      names: 'checkpoint_duration,checkpoint_size',
      from: '2026-12-02T02:00:00.000Z',
      to: '2026-12-02T03:00:00.000Z',
      step: '30s',
    });
    expect(new URLSearchParams(rangeQuery(['busy'], 7 * 86_400_000, 0)).get('step')).toBe('30m');
  });
});

describe('compactNumber', () => {
  it('shortens axis values', () => {
    expect([0, 0.25, 12, 1500, 1_234_567, 3e9, -2000].map(compactNumber)).toEqual(['0', '0.25', '12', '1.5k', '1.2M', '3G', '-2k']);
  });
});

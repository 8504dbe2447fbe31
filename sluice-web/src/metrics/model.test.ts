import { describe, expect, it } from 'vitest';
import { cleanWindow, duplicateMetric, emptyDraft, fromDefinition, getAt, newMetric, parsePath, preparedFields, removeAt, setAt, toDefinition } from './model';
import { FULL } from './testData';

describe('the draft and the definition', () => {
  it('a definition survives the form unchanged, key order included', () => {
    const back = toDefinition(fromDefinition(FULL));
    expect(back).toEqual(FULL);
    expect(JSON.stringify(back)).toBe(JSON.stringify(FULL));
  });

  it("an enrichment's key map is edited as pairs", () => {
    const d = fromDefinition(FULL);
    expect(d.preprocess.enrich[0].key).toEqual([
      { field: 'payer_id', column: 'id' },
      { field: 'amount', column: 'amt' },
    ]);
    const edited = setAt(d, 'preprocess.enrich[0].key[1].column', 'amount_col');
    expect(toDefinition(edited).preprocess?.enrich?.[0].key).toEqual({ payer_id: 'id', amount: 'amount_col' });
    // A pair without an event field is not sent.
    expect(toDefinition(setAt(d, 'preprocess.enrich[0].key[0].field', ' ')).preprocess?.enrich?.[0].key).toEqual({ amount: 'amt' });
  });

  it('an empty draft sends only what is required, empty', () => {
    expect(toDefinition(emptyDraft())).toEqual({ name: '', timeZone: 'UTC', sources: [], eventTime: { field: '', lateness: '5s' }, metrics: [], sinks: [] });
  });

  it('a window sends only the parameters of its type', () => {
    expect(cleanWindow({ type: 'tumble', size: '1min', slide: '10s', gap: '5min' })).toEqual({ type: 'tumble', size: '1min' });
    expect(cleanWindow({ type: 'hop', size: '10min', slide: ' 1min ' })).toEqual({ type: 'hop', size: '10min', slide: '1min' });
    expect(cleanWindow({ type: 'session', size: '1min', gap: '30min' })).toEqual({ type: 'session', gap: '30min' });
    expect(cleanWindow({ type: 'unbounded', size: '1min' })).toEqual({ type: 'unbounded' });
    expect(cleanWindow({ type: 'cumulate', size: '1d', step: '' })).toEqual({ type: 'cumulate', size: '1d' });
  });

  it("a metric keeps percentile and k only for the aggregations that take them, and a sink only its type's settings", () => {
    const d = fromDefinition(FULL);
    const asCount = setAt(d, 'metrics[1].aggregation', 'count');
    expect(toDefinition(asCount).metrics[1]).toEqual({ name: 'p99', aggregation: 'count', input: 'amount', filter: 'amount > 0', windows: [{ type: 'cumulate', size: '1d', step: '1min' }] });
    const asPrint = setAt(d, 'sinks[1].type', 'print');
    expect(JSON.stringify(toDefinition(asPrint).sinks[1])).toBe('{"type":"print","name":"dw"}');
  });

  it('rows are never dropped, so that error paths keep their indices', () => {
    const d = setAt(fromDefinition(FULL), 'preprocess.filters', ['', 'amount > 1']);
    expect(toDefinition(d).preprocess?.filters).toEqual(['', 'amount > 1']);
    const noName = setAt(d, 'metrics[0].name', '');
    expect(toDefinition(noName).metrics.map((m) => m.name)).toEqual(['', 'p99', 'last3']);
  });

  it('paths address the draft as the server names them', () => {
    expect(parsePath('metrics[2].windows[0].slide')).toEqual(['metrics', 2, 'windows', 0, 'slide']);
    const d = fromDefinition(FULL);
    expect(getAt(d, 'metrics[0].windows[1].slide')).toBe('1min');
    const changed = setAt(d, 'metrics[0].windows[1].slide', '2min');
    expect(getAt(changed, 'metrics[0].windows[1].slide')).toBe('2min');
    expect(getAt(d, 'metrics[0].windows[1].slide')).toBe('1min');
    expect(changed.sources).toBe(d.sources);
    expect(removeAt(d, 'metrics', 1).metrics.map((m) => m.name)).toEqual(['tx', 'last3']);
  });

  it('new and duplicated metrics take free names', () => {
    const d = fromDefinition(FULL);
    expect(newMetric(d)).toEqual({ name: 'metric', aggregation: 'count', windows: [{ type: 'tumble', size: '1min' }] });
    const copy = duplicateMetric(d, 0);
    expect(copy.name).toBe('tx_copy');
    expect(copy.windows).toEqual(d.metrics[0].windows);
    expect(copy.windows).not.toBe(d.metrics[0].windows);
    const twice = setAt(d, 'metrics', [...d.metrics, copy]);
    expect(duplicateMetric(twice, 0).name).toBe('tx_copy_2');
  });

  it('metrics may use the fields of the sources, derived fields and enrichments', () => {
    expect(preparedFields(fromDefinition(FULL)).map((f) => `${f.name}:${f.type}`)).toEqual([
      'payer_id:STRING',
      'amount:DOUBLE',
      'ts:TIMESTAMP_LTZ',
      'amount_yuan:derived',
      'category:STRING',
    ]);
  });
});


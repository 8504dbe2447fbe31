import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { problemsOf, ProblemIndex, stepOf } from './errors';

describe('server problems on the form', () => {
  const error = new ApiError(422, {
    title: 'Invalid metric group',
    errors: [
      { path: 'metrics[2].windows[0].slide', message: 'must divide the size' },
      { path: 'preprocess.enrich[0].key.merchant_id', message: 'no field merchant_id' },
      { path: 'sinks[1].password', message: "no secret named 'dw'" },
      { path: '$', message: 'the generated statement 3 does not validate: x' },
      { field: 'eventTime.field', message: 'unknown field ts' },
    ],
  });

  it('are read from a 422, at their paths', () => {
    expect(problemsOf(error).map((p) => p.path)).toEqual(['metrics[2].windows[0].slide', 'preprocess.enrich[0].key.merchant_id', 'sinks[1].password', '$', 'eventTime.field']);
    expect(problemsOf(new Error('x'))).toEqual([]);
  });

  it('land on their field, or on the editor holding the path', () => {
    const index = new ProblemIndex(problemsOf(error));
    expect(index.at('metrics[2].windows[0].slide')).toEqual(['must divide the size']);
    expect(index.at('metrics[2].windows[0]')).toEqual([]);
    expect(index.under('preprocess.enrich[0].key')).toEqual(['no field merchant_id']);
    expect(index.under('metrics[2]')).toEqual(['must divide the size']);
    expect(index.under('metrics[20]')).toEqual([]);
  });

  it('count on the step that edits them', () => {
    expect(stepOf('metrics[2].windows[0].slide')).toBe('metrics');
    expect(stepOf('keys[0]')).toBe('metrics');
    expect(stepOf('references[0]')).toBe('metrics');
    expect(stepOf('eventTime.lateness')).toBe('sources');
    expect(stepOf('sinks[0].topic')).toBe('storage');
    expect(stepOf('timeZone')).toBe('group');
    expect(new ProblemIndex(problemsOf(error)).perStep()).toEqual({ metrics: 1, preprocess: 1, storage: 1, group: 1, sources: 1 });
  });
});

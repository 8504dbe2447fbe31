import { describe, expect, it } from 'vitest';
import { minimalEdit } from './textEdit';

describe('minimalEdit', () => {
  it('replaces only the differing middle', () => {
    expect(minimalEdit('select 1 from t', 'SELECT 1 FROM t')).toEqual({ start: 0, end: 13, text: 'SELECT 1 FROM' });
    expect(minimalEdit('abc', 'abXc')).toEqual({ start: 2, end: 2, text: 'X' });
    expect(minimalEdit('aXbc', 'abc')).toEqual({ start: 1, end: 2, text: '' });
    expect(minimalEdit('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' });
    expect(minimalEdit('same', 'same')).toBeNull();
  });
});

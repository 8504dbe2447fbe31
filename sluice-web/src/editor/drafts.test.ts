import { describe, expect, it } from 'vitest';
import { clearDraft, decideDraft, draftKey, readDraft, writeDraft } from './drafts';

describe('decideDraft', () => {
  const draft = { script: 'SELECT 2', baseVersion: 3, savedAt: 1000 };

  it('restores a draft of the version the server still has', () => {
    expect(decideDraft(draft, 3, 'SELECT 1')).toEqual({ kind: 'restore', draft });
  });

  it('reports a conflict when the server moved on', () => {
    expect(decideDraft(draft, 4, 'SELECT 1')).toEqual({ kind: 'conflict', draft, serverVersion: 4 });
  });

  it('does nothing without a draft or with one equal to the server script', () => {
    expect(decideDraft(null, 3, 'SELECT 1')).toEqual({ kind: 'none' });
    expect(decideDraft(draft, 4, 'SELECT 2')).toEqual({ kind: 'none' });
  });
});

describe('draft storage', () => {
  it('writes, reads and clears a draft per job', () => {
    window.localStorage.clear();
    const draft = { script: 'x', baseVersion: 1, savedAt: 5 };
    expect(writeDraft('orders', draft)).toEqual({ ok: true });
    expect(window.localStorage.getItem(draftKey('orders'))).toBe('{"script":"x","baseVersion":1,"savedAt":5}');
    expect(readDraft('orders')).toEqual(draft);
    expect(readDraft('other')).toBeNull();
    clearDraft('orders');
    expect(readDraft('orders')).toBeNull();
  });

  it('ignores what is not a draft', () => {
    window.localStorage.setItem(draftKey('bad'), '{"script": 1}');
    expect(readDraft('bad')).toBeNull();
    window.localStorage.setItem(draftKey('bad'), 'not json');
    expect(readDraft('bad')).toBeNull();
  });

  it('says why a draft could not be kept', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    } as unknown as Storage;
    expect(writeDraft('orders', { script: 'x', baseVersion: 1, savedAt: 5 }, full)).toEqual({ ok: false, reason: 'QuotaExceededError' });
  });
});

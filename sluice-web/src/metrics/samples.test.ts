import { describe, expect, it } from 'vitest';
import { alignment, allNodes, fieldFor, inferType, jsonTree, nameForPath, splitEvents } from './samples';

const EVENTS = [
  { payer: { id: 'p1', tier: 2 }, amount: '12.50', ts: '2026-11-24T02:00:00Z', items: [{ sku: 'a' }, { sku: 'b' }], ok: true, 'bad-key': 1 },
  { payer: { id: 'p2', tier: 3 }, amount: '7', ts: '2026-11-24T02:00:01.250Z', items: [], ok: false, 'bad-key': 2 },
];

describe('sample events', () => {
  it('merge into one tree whose nodes carry the JSON paths a definition takes', () => {
    const paths = allNodes(jsonTree(EVENTS)).map((n) => n.path);
    expect(paths).toEqual(['$.payer', '$.payer.id', '$.payer.tier', '$.amount', '$.ts', '$.items', '$.items[0]', '$.items[0].sku', '$.items[1]', '$.items[1].sku', '$.ok', '$.bad-key']);
    const byPath = new Map(allNodes(jsonTree(EVENTS)).map((n) => [n.path, n]));
    expect(byPath.get('$.payer.id')?.values).toEqual(['p1', 'p2']);
    expect(byPath.get('$.bad-key')?.unreadable).toContain('"bad-key"');
  });

  it('suggest types: numbers as text as DOUBLE or DECIMAL, ISO-8601 as TIMESTAMP', () => {
    expect(inferType(['12.50', '7'])).toEqual({ type: 'DOUBLE', suggestions: ['DOUBLE', 'DECIMAL(18, 2)', 'STRING'], reason: 'numbers written as text' });
    expect(inferType(['123456789012345678.125'])).toMatchObject({ suggestions: ['DOUBLE', 'DECIMAL(21, 3)', 'STRING'] });
    expect(inferType(['2026-11-24T02:00:00Z', '2026-11-24T10:00:00+08:00']).type).toBe('TIMESTAMP');
    expect(inferType(['2026-11-24 10:00:00', '2026-11-24']).suggestions).toEqual(['TIMESTAMP', 'TIMESTAMP_LTZ', 'STRING']);
    expect(inferType([2, 3, null]).type).toBe('BIGINT');
    expect(inferType([1795485600000]).suggestions[1]).toBe('TIMESTAMP_LTZ');
    expect(inferType([1.5, 2]).type).toBe('DOUBLE');
    expect(inferType([true, false]).type).toBe('BOOLEAN');
    expect(inferType(['a', 1]).type).toBe('STRING');
    expect(inferType(['yesterday']).type).toBe('STRING');
    expect(inferType([null]).type).toBe('STRING');
  });

  it('name fields after their paths, free among the names taken', () => {
    expect(nameForPath('$.payer.id', [])).toBe('payer_id');
    expect(nameForPath('$.items[0].sku', [])).toBe('items_0_sku');
    expect(nameForPath('$.merchantId', [])).toBe('merchant_id');
    expect(nameForPath('$.payer.id', ['payer_id', 'payer_id_2'])).toBe('payer_id_3');
    expect(nameForPath('$.9lives', [])).toBe('f_9lives');
  });

  it('a click on a node adds its path, name and type', () => {
    const amount = allNodes(jsonTree(EVENTS)).find((n) => n.path === '$.amount')!;
    expect(fieldFor(amount, ['amount'])).toEqual({ name: 'amount_2', path: '$.amount', type: 'DOUBLE' });
  });

  it("line up two sources' fields, naming each difference", () => {
    const a = { name: 'web', fields: [{ name: 'id', type: 'STRING' }, { name: 'amount', type: 'DOUBLE' }] };
    const b = { name: 'app', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'BIGINT' }, { name: 'extra', type: 'INT' }] };
    expect(alignment([a])).toEqual([]);
    expect(alignment([a, { ...a, name: 'copy' }])).toEqual([]);
    expect(alignment([a, b])).toEqual([
      { source: 'app', field: 'amount', problem: 'reads amount as BIGINT, web as DOUBLE' },
      { source: 'app', field: 'extra', problem: 'has extra, which web has not' },
    ]);
    expect(alignment([a, { name: 'c', fields: [{ name: 'id', type: 'STRING' }] }])).toEqual([{ source: 'c', field: 'amount', problem: 'has no field amount (web has it as DOUBLE)' }]);
  });

  it('pasted lines stay as written; lines that are not JSON objects count as malformed', () => {
    const got = splitEvents('{"a":1}\n\nnot json\n[1,2]\n  {"a":2}  \n');
    expect(got.lines).toEqual(['{"a":1}', 'not json', '[1,2]', '  {"a":2}  ']);
    expect(got.events).toEqual([{ a: 1 }, { a: 2 }]);
    expect(got.malformed).toBe(2);
  });
});

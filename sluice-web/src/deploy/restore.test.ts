import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { RestorePlan } from '../api/types';
import { confirmDrop, droppingStatements, mayDeploy, planOfRefusal, restorePlanPath, restoreValue, statementTitle } from './restore';

const statement = (key: string, dropped: number) => ({
  statement: key,
  label: key,
  number: 1,
  status: dropped > 0 ? ('CHANGED' as const) : ('KEPT' as const),
  restoredBytes: 0,
  droppedBytes: dropped * 10,
  droppedOperators: dropped,
  operators: [],
});
const plan: RestorePlan = { savepoint: 'p', statements: [statement('a', 0), statement('b', 1), statement('c', 2)], unowned: [] };

describe('restore choice', () => {
  it('maps to the restore the server takes', () => {
    expect(restoreValue('latest', null)).toBe('latest');
    expect(restoreValue('latest-checkpoint', 'ignored')).toBe('latest-checkpoint');
    expect(restoreValue('savepoint', 's3://b/sp-1')).toBe('s3://b/sp-1');
    expect(restoreValue('savepoint', null)).toBeNull();
    expect(restoreValue('none', null)).toBe('none');
    expect(restorePlanPath(7, 's3://b/sp 1')).toBe('/api/v1/jobs/7/restore-plan?savepoint=s3%3A%2F%2Fb%2Fsp%201');
    expect(restorePlanPath(7, 'none')).toBeNull();
  });
});

describe('confirming dropped state', () => {
  it('needs every dropping statement ticked and sends them in the plan’s order', () => {
    const dropping = droppingStatements({ plan, dropsState: true, statementsDroppingState: ['c', 'b'] });
    expect(dropping).toEqual(['b', 'c']);
    expect(mayDeploy(dropping, new Set())).toBe(false);
    expect(mayDeploy(dropping, new Set(['c']))).toBe(false);
    expect(mayDeploy(dropping, new Set(['c', 'b']))).toBe(true);
    expect(confirmDrop(dropping, new Set(['c', 'b', 'a']))).toEqual(['b', 'c']);
    expect(mayDeploy([], new Set())).toBe(true);
  });

  it('asks for unowned state that holds bytes, as the server does', () => {
    const unowned = { operatorId: 'x', uid: null, name: null, stateBytes: 5, restored: false };
    expect(droppingStatements({ plan: { ...plan, unowned: [unowned] }, dropsState: true, statementsDroppingState: ['b', 'c'] })).toEqual([
      'b',
      'c',
      'unattributed',
    ]);
    expect(
      droppingStatements({ plan: { ...plan, unowned: [{ ...unowned, stateBytes: 0 }] }, dropsState: true, statementsDroppingState: ['b', 'c'] }),
    ).toEqual(['b', 'c']);
  });

  it('reads the plan a refused deploy carries', () => {
    const refused = new ApiError(409, { title: 'Restore would drop state', restorePlan: plan, statementsDroppingState: ['b', 'c'] });
    expect(planOfRefusal(refused)).toEqual({ plan, dropsState: true, statementsDroppingState: ['b', 'c'] });
    const nothing = new ApiError(400, { title: 'Nothing to confirm', restorePlan: plan });
    expect(planOfRefusal(nothing)?.statementsDroppingState).toEqual(['b', 'c']);
    expect(planOfRefusal(new ApiError(409, { title: 'Conflict' }))).toBeNull();
  });
});

describe('statement titles', () => {
  it('names a shared source by its table, not by its scan description', () => {
    const key =
      'source::TableSourceScan(table=[[default_catalog, default_database, src_payments, watermark=[-(COALESCE(TO_TIMESTAMP_LTZ(ts, 3), 1970-01-01 00:00:00:TIMESTAMP_WITH_LOCAL_TIME_ZONE(3)), 5000:INTERVAL SECOND)], watermarkEmitStrategy=[on-periodic]]], fields=[payer_id, ts])';
    expect(statementTitle({ statement: key, label: key.slice(8) })).toBe('source src_payments');
    expect(statementTitle({ statement: 'tumble_1m__kafka', label: 'tumble_1m__kafka' })).toBe('tumble_1m__kafka');
    expect(statementTitle({ statement: 'c2#465ebb2cc011', label: null })).toBe('c2#465ebb2cc011');
  });
});

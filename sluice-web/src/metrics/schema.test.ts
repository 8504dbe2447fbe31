// The form and the server cannot disagree: what the form sends is checked against the JSON Schema the
// server validates with (sluice-metrics-dsl), and the form's choices are the schema's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FULL } from './testData';
import { AGGREGATIONS, emptyDraft, FIELD_TYPES, fromDefinition, SINK_PARAMS, SINK_TYPES, toDefinition, WINDOW_PARAMS, WINDOW_TYPES } from './model';

type Schema = Record<string, unknown>;
const SCHEMA = JSON.parse(
  readFileSync(resolve(__dirname, '../../../sluice-metrics-dsl/src/main/resources/dev/sluice/metrics/metric-group.schema.json'), 'utf8'),
) as Schema;

function deref(s: Schema): Schema {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  const name = ref.replace('#/$defs/', '');
  return deref((SCHEMA.$defs as Record<string, Schema>)[name]);
}

function pattern(p: string): RegExp {
  return p.startsWith('^(?i)') ? new RegExp('^' + p.slice(5), 'i') : new RegExp(p);
}

/** The subset of JSON Schema the definition's schema uses; each violation with its path. */
function check(value: unknown, schema: Schema, path: string, out: string[]): void {
  const s = deref(schema);
  if (s.enum && !(s.enum as unknown[]).includes(value)) out.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  if (s.pattern && (typeof value !== 'string' || !pattern(s.pattern as string).test(value))) out.push(`${path}: does not match ${s.pattern}`);
  if (s.minLength !== undefined && (typeof value !== 'string' || value.length < (s.minLength as number))) out.push(`${path}: too short`);
  if (s.type === 'string' && typeof value !== 'string') out.push(`${path}: not a string`);
  if (s.type === 'integer' && !Number.isInteger(value)) out.push(`${path}: not an integer`);
  if (s.type === 'number' && typeof value !== 'number') out.push(`${path}: not a number`);
  if (s.type === 'array') {
    if (!Array.isArray(value)) return void out.push(`${path}: not an array`);
    if (s.minItems !== undefined && value.length < (s.minItems as number)) out.push(`${path}: fewer than ${s.minItems} items`);
    value.forEach((v, i) => check(v, s.items as Schema, `${path}[${i}]`, out));
  }
  if (s.type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return void out.push(`${path}: not an object`);
    const obj = value as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in obj)) out.push(`${path}.${r}: required`);
    if (s.minProperties !== undefined && Object.keys(obj).length < (s.minProperties as number)) out.push(`${path}: too few properties`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) check(v, props[k], `${path}.${k}`, out);
      else if (s.additionalProperties === false) out.push(`${path}.${k}: unknown field`);
      else if (typeof s.additionalProperties === 'object') check(v, s.additionalProperties as Schema, `${path}.${k}`, out);
    }
  }
}

function violations(value: unknown): string[] {
  const out: string[] = [];
  check(value, SCHEMA, '$', out);
  return out;
}

const props = (s: Schema, ...path: string[]): Schema => path.reduce((n, k) => deref((n.properties as Record<string, Schema>)[k]), s);
const items = (s: Schema) => deref(s.items as Schema);

describe('the form against the server schema', () => {
  it('a full group built in the form is a valid definition', () => {
    expect(violations(toDefinition(fromDefinition(FULL)))).toEqual([]);
  });

  it('the check can fail: an empty form misses what the schema requires', () => {
    expect(violations(toDefinition(emptyDraft()))).toEqual([
      '$.name: does not match ^[a-z][a-z0-9_]{0,63}$',
      '$.sources: fewer than 1 items',
      '$.metrics: fewer than 1 items',
      '$.sinks: fewer than 1 items',
    ]);
  });

  it("offers exactly the schema's aggregations, windows and sinks, and types the schema accepts", () => {
    const metric = items(props(SCHEMA, 'metrics'));
    expect([...AGGREGATIONS]).toEqual(props(metric, 'aggregation').enum);
    expect([...WINDOW_TYPES]).toEqual(deref({ $ref: '#/$defs/window' }).properties && (props(deref({ $ref: '#/$defs/window' }), 'type').enum as string[]));
    const sink = items(props(SCHEMA, 'sinks'));
    expect([...SINK_TYPES].sort()).toEqual([...(props(sink, 'type').enum as string[])].sort());
    const typePattern = pattern(deref({ $ref: '#/$defs/type' }).pattern as string);
    for (const t of FIELD_TYPES) expect(typePattern.test(t), t).toBe(true);
  });

  it("sends only parameters the schema knows for each window and sink", () => {
    const windowProps = Object.keys(deref({ $ref: '#/$defs/window' }).properties as object);
    for (const params of Object.values(WINDOW_PARAMS)) for (const p of params) expect(windowProps).toContain(p);
    const sinkProps = Object.keys(items(props(SCHEMA, 'sinks')).properties as object);
    for (const params of Object.values(SINK_PARAMS)) for (const p of params) expect(sinkProps).toContain(p);
  });
});

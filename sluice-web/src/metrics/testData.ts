import type { Definition } from './types';

/** The docs' example group (docs/metrics.md), every section used. */
export const FULL: Definition = {
  name: 'payments_risk',
  description: 'risk',
  timeZone: 'Asia/Shanghai',
  layout: 'per_metric',
  sources: [
    {
      name: 'payments',
      kafka: { topic: 'payments', bootstrapServers: 'localhost:9092', startFrom: 'earliest', properties: { 'group.id': 'g' } },
      fields: [
        { name: 'payer_id', path: '$.payer.id', type: 'STRING' },
        { name: 'amount', path: '$.amount', type: 'DOUBLE' },
        { name: 'ts', path: '$.ts', type: 'TIMESTAMP_LTZ', unit: 'seconds' },
      ],
    },
  ],
  eventTime: { field: 'ts', lateness: '5s' },
  preprocess: {
    derived: [{ name: 'amount_yuan', expr: 'amount / 100' }],
    filters: ['amount IS NOT NULL'],
    enrich: [
      {
        name: 'merchants',
        jdbc: { url: 'jdbc:postgresql://db:5432/crm', table: 'merchants', username: 'u', password: '${secret:crm_password}' },
        key: { payer_id: 'id', amount: 'amt' },
        fields: [{ name: 'category', type: 'STRING' }],
        cache: { rows: 10000, ttl: '10min' },
      },
    ],
  },
  keys: ['payer_id'],
  metrics: [
    { name: 'tx', aggregation: 'count', windows: [{ type: 'tumble', size: '1min' }, { type: 'hop', size: '10min', slide: '1min' }] },
    { name: 'p99', aggregation: 'percentile', input: 'amount', percentile: 0.99, filter: 'amount > 0', windows: [{ type: 'cumulate', size: '1d', step: '1min' }] },
    { name: 'last3', aggregation: 'last_k', input: 'amount', k: 3, windows: [{ type: 'session', gap: '30min' }, { type: 'unbounded' }] },
  ],
  derived: [{ name: 'share', expr: 'p99 / tx' }],
  sinks: [
    { type: 'kafka', bootstrapServers: 'localhost:9092', topic: 'risk' },
    { type: 'jdbc', name: 'dw', url: 'jdbc:postgresql://db:5432/dw', table: 'risk', username: 'w', password: '${secret:dw}' },
    { type: 'paimon', warehouse: 'file:///lake', table: 'risk' },
    { type: 'print' },
  ],
  references: ['other.tx@3'],
};


// A small language and table answer, shaped as the server sends them, for the editor's tests.
import type { DeclaredTable, SqlLanguage } from './types';

export const LANGUAGE: SqlLanguage = {
  keywords: ['A', 'AND', 'AS', 'BIGINT', 'BY', 'CAST', 'COUNT', 'CREATE', 'DECIMAL', 'EXISTS', 'FROM', 'GROUP', 'IF', 'INSERT', 'INTO', 'JOIN', 'KEY', 'NAME', 'NOT', 'ON', 'PRIMARY', 'SELECT', 'SET', 'STRING', 'SUM', 'TABLE', 'TIMESTAMP', 'VALUE', 'VIEW', 'WATERMARK', 'FOR', 'INTERVAL', 'SECOND', 'WHERE', 'WITH'],
  functions: [
    { name: 'COUNT', kind: 'BUILTIN', signatures: ['COUNT(<ANY>)'] },
    { name: 'MASK', kind: 'SLUICE', signatures: ['MASK(<STRING>)', 'MASK(<STRING>, <INTEGER>)'], description: 'Masks all but the last characters.' },
    { name: 'SUM', kind: 'BUILTIN', signatures: ['SUM(<NUMERIC>)'] },
  ],
  connectors: [
    {
      identifier: 'datagen',
      options: [{ key: 'rows-per-second', required: false, type: 'Long', defaultValue: '10000', description: 'Rows per second to emit.' }],
    },
    {
      identifier: 'kafka',
      options: [
        { key: 'properties.bootstrap.servers', required: true, type: 'String', description: 'Kafka brokers.' },
        { key: 'topic', required: true, type: 'String', description: 'Topic name.' },
        { key: 'format', required: false, type: 'String', description: 'Value format.' },
        { key: 'scan.startup.mode', required: false, type: 'Enum', defaultValue: 'group-offsets', description: 'Where to start.' },
      ],
    },
  ],
  formats: [{ identifier: 'json', options: [{ key: 'json.ignore-parse-errors', required: false, type: 'Boolean', defaultValue: 'false', description: 'Skip bad rows.' }] }],
};

export const ORDERS: DeclaredTable = {
  name: 'orders',
  kind: 'TABLE',
  statement: 1,
  line: 1,
  column: 1,
  connector: 'kafka',
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'amount', type: 'DECIMAL(10, 2)' },
    { name: 'customer_id', type: 'BIGINT' },
  ],
};

export const CUSTOMERS: DeclaredTable = {
  name: 'customers',
  kind: 'TABLE',
  statement: 2,
  line: 2,
  column: 1,
  connector: 'datagen',
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'name', type: 'STRING' },
  ],
};

export const RATES: DeclaredTable = {
  name: 'rates',
  kind: 'TABLE',
  statement: 0,
  line: 0,
  column: 0,
  connector: 'jdbc',
  columns: [{ name: 'rate', type: 'DOUBLE' }],
};

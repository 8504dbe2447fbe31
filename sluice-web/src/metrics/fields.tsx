// Form items bound to a path of the draft, showing the server's problems at that path.

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { createContext, useContext, useMemo, useState } from 'react';
import type { ProblemIndex } from './errors';
import { appendAt, getAt, removeAt, type Draft } from './model';

export interface DraftContextValue {
  draft: Draft;
  set: (path: string, value: unknown) => void;
  update: (change: (d: Draft) => Draft) => void;
  problems: ProblemIndex;
  readOnly: boolean;
  /** The project the group is saved in: calls that need one name it. */
  project: string;
}

export const DraftContext = createContext<DraftContextValue | null>(null);

export function useDraft(): DraftContextValue {
  const ctx = useContext(DraftContext);
  if (!ctx) throw new Error('useDraft outside a metric group form');
  return ctx;
}

/** `sources[0].kafka.topic` → `sources-0-kafka-topic`, for test ids. */
export function testId(path: string): string {
  return 'mg-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

interface ItemProps {
  path: string;
  label?: React.ReactNode;
  extra?: React.ReactNode;
  /** Show problems inside the path too (a key map's entries). */
  nested?: boolean;
  children: React.ReactNode;
  style?: React.CSSProperties;
}

/** A labelled form item whose help is the server's problem at its path. */
export function Item({ path, label, extra, nested, children, style }: ItemProps) {
  const { problems } = useDraft();
  const messages = nested ? problems.under(path) : problems.at(path);
  return (
    <Form.Item
      label={label}
      extra={extra}
      style={{ marginBottom: 12, ...style }}
      validateStatus={messages.length > 0 ? 'error' : undefined}
      help={messages.length > 0 ? <span data-testid={testId(path) + '-error'}>{messages.join('; ')}</span> : undefined}
    >
      {children}
    </Form.Item>
  );
}

export function TextField({
  path,
  label,
  placeholder,
  extra,
  password,
  style,
}: {
  path: string;
  label?: React.ReactNode;
  placeholder?: string;
  extra?: React.ReactNode;
  password?: boolean;
  style?: React.CSSProperties;
}) {
  const { draft, set, readOnly } = useDraft();
  const value = (getAt(draft, path) as string | undefined) ?? '';
  const Comp = password ? Input.Password : Input;
  return (
    <Item path={path} label={label} extra={extra} style={style}>
      <Comp
        data-testid={testId(path)}
        value={value}
        placeholder={placeholder}
        disabled={readOnly}
        onChange={(e) => set(path, e.target.value)}
      />
    </Item>
  );
}

export function NumberField({ path, label, min, max, step, placeholder }: { path: string; label?: React.ReactNode; min?: number; max?: number; step?: number; placeholder?: string }) {
  const { draft, set, readOnly } = useDraft();
  const value = getAt(draft, path) as number | undefined;
  return (
    <Item path={path} label={label}>
      <InputNumber
        data-testid={testId(path)}
        value={value ?? null}
        min={min}
        max={max}
        step={step}
        placeholder={placeholder}
        disabled={readOnly}
        style={{ width: '100%' }}
        onChange={(v) => set(path, v === null ? undefined : v)}
      />
    </Item>
  );
}

export function SelectField({
  path,
  label,
  options,
  allowClear,
  placeholder,
  extra,
}: {
  path: string;
  label?: React.ReactNode;
  options: { value: string; label?: React.ReactNode }[];
  allowClear?: boolean;
  placeholder?: string;
  extra?: React.ReactNode;
}) {
  const { draft, set, readOnly } = useDraft();
  const value = getAt(draft, path) as string | undefined;
  return (
    <Item path={path} label={label} extra={extra}>
      <Select
        data-testid={testId(path)}
        value={value || undefined}
        options={options}
        allowClear={allowClear}
        placeholder={placeholder}
        disabled={readOnly}
        showSearch
        onChange={(v) => set(path, v ?? '')}
      />
    </Item>
  );
}

/** Free text with suggestions (a type, a topic, a duration), still accepting anything typed. */
export function SuggestField({
  path,
  label,
  suggestions,
  placeholder,
  extra,
}: {
  path: string;
  label?: React.ReactNode;
  suggestions: string[];
  placeholder?: string;
  extra?: React.ReactNode;
}) {
  const { draft, set, readOnly } = useDraft();
  const value = (getAt(draft, path) as string | undefined) ?? '';
  const options = useMemo(
    () => suggestions.filter((s) => !value || s.toLowerCase().includes(value.toLowerCase()) || s === value).map((s) => ({ value: s })),
    [suggestions, value],
  );
  return (
    <Item path={path} label={label} extra={extra}>
      <AutoComplete
        data-testid={testId(path)}
        value={value}
        options={options}
        placeholder={placeholder}
        disabled={readOnly}
        onChange={(v) => set(path, v)}
      />
    </Item>
  );
}

export interface Completion {
  value: string;
  detail: string;
}

/** The identifier being typed at the end of the text, if any. */
export function tokenAtEnd(text: string): string {
  const m = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text);
  return m ? m[0] : '';
}

/** What an expression may complete with at its end: fields, then functions, matching the token typed. */
export function completions(text: string, names: Completion[], functions: Completion[], limit = 12): Completion[] {
  const token = tokenAtEnd(text).toLowerCase();
  if (!token) return [];
  const match = (c: Completion) => c.value.toLowerCase().startsWith(token) && c.value.toLowerCase() !== token;
  return [...names.filter(match), ...functions.filter(match)].slice(0, limit);
}

/**
 * A Flink SQL expression over the prepared fields: completes field names and functions at the cursor's
 * token; the server's problems with it (checked as the user types) show under it.
 */
export function ExpressionField({
  path,
  label,
  names,
  functions,
  placeholder,
}: {
  path: string;
  label?: React.ReactNode;
  names: Completion[];
  functions: Completion[];
  placeholder?: string;
}) {
  const { draft, set, readOnly } = useDraft();
  const value = (getAt(draft, path) as string | undefined) ?? '';
  const [open, setOpen] = useState(false);
  const options = completions(value, names, functions).map((c) => ({
    value: value.slice(0, value.length - tokenAtEnd(value).length) + c.value,
    label: (
      <span>
        <span className="mono">{c.value}</span> <span style={{ color: '#999', fontSize: 11 }}>{c.detail}</span>
      </span>
    ),
  }));
  return (
    <Item path={path} label={label}>
      <AutoComplete
        data-testid={testId(path)}
        value={value}
        options={options}
        open={open && options.length > 0}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        disabled={readOnly}
        onChange={(v) => set(path, v)}
        placeholder={placeholder}
        className="mono"
      />
    </Item>
  );
}

/**
 * The rows of a list of expressions: derived fields and derived metrics (`named`: a name and an
 * `expr` per row) or filters (an expression per row), each removable, and a button adding one.
 */
export function ExpressionList({
  path,
  named,
  names,
  functions,
  placeholder,
  what,
  addTestId,
  newItem,
}: {
  path: string;
  named: boolean;
  names: Completion[];
  functions: Completion[];
  placeholder: string;
  /** What one row is, for the buttons: "derived field". */
  what: string;
  addTestId: string;
  newItem: (d: Draft) => unknown;
}) {
  const { draft, update, readOnly } = useDraft();
  const items = (getAt(draft, path) as unknown[] | undefined) ?? [];
  return (
    <>
      {items.map((_, i) => (
        <Row key={i} gutter={12}>
          {named && (
            <Col span={6}>
              <TextField path={`${path}[${i}].name`} placeholder="name" />
            </Col>
          )}
          <Col span={named ? 16 : 22}>
            <ExpressionField path={named ? `${path}[${i}].expr` : `${path}[${i}]`} names={names} functions={functions} placeholder={placeholder} />
          </Col>
          <Col span={2}>
            {!readOnly && <Button type="text" icon={<DeleteOutlined />} aria-label={`remove ${what}`} onClick={() => update((d) => removeAt(d, path, i))} />}
          </Col>
        </Row>
      ))}
      {!readOnly && (
        <Button size="small" icon={<PlusOutlined />} data-testid={addTestId} onClick={() => update((d) => appendAt(d, path, newItem(d)))}>
          Add a {what}
        </Button>
      )}
    </>
  );
}

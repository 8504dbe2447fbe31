import { Alert } from 'antd';
import { ApiError } from '../api/client';

/** An API error with its problem details: title, detail and every field or line position. */
export function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const title = e ? e.title : error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      data-testid="api-error"
      title={title}
      description={
        e && (e.detail || e.errors.length > 0) ? (
          <div>
            {e.detail && <div>{e.detail}</div>}
            {e.errors.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {e.errors.map((p, i) => (
                  <li key={i}>
                    {p.field ? <code>{p.field}</code> : null}
                    {p.line ? (
                      <code>
                        {p.statement ? `statement ${p.statement}, ` : ''}
                        {p.line}:{p.column}
                      </code>
                    ) : null}
                    {p.field || p.line ? ' ' : ''}
                    {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : undefined
      }
    />
  );
}

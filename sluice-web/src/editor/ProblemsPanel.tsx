import { CheckCircleOutlined, CloseCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { Button, Empty, Typography } from 'antd';
import type { ProblemMarker } from './markers';

export interface ProblemsPanelProps {
  problems: ProblemMarker[];
  /** null: not validated yet; true/false: the last answer. */
  valid: boolean | null;
  validating: boolean;
  statements?: number;
  onSelect: (p: ProblemMarker) => void;
  /** Applies one of a problem's suggestions; absent when the editor is read-only. */
  onFix?: (p: ProblemMarker, suggestion: string) => void;
  height: number;
  /** What the status says before any validation (default: not validated yet). */
  idle?: string;
}

/** The problems of the last validation, one row each; a click takes the cursor there. */
export function ProblemsPanel({ problems, valid, validating, statements, onSelect, onFix, height, idle }: ProblemsPanelProps) {
  return (
    <div className="editor-problems" data-testid="problems" style={{ height }} data-count={problems.length}>
      <div className="editor-problems-head">
        <Typography.Text strong>Problems</Typography.Text>
        <span data-testid="validation-status">
          {validating ? (
            <>
              <LoadingOutlined /> validating…
            </>
          ) : valid === true ? (
            <Typography.Text type="success">
              <CheckCircleOutlined /> valid{statements != null ? `, ${statements} statement${statements === 1 ? '' : 's'}` : ''}
            </Typography.Text>
          ) : valid === false ? (
            <Typography.Text type="danger">
              <CloseCircleOutlined /> {problems.length} problem{problems.length === 1 ? '' : 's'}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{idle ?? 'not validated yet'}</Typography.Text>
          )}
        </span>
      </div>
      {problems.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={valid === true ? 'No problems' : 'Nothing reported'} style={{ margin: 8 }} />
      ) : (
        <ul className="editor-problems-list">
          {problems.map((p, i) => (
            <li
              key={i}
              data-testid="problem"
              data-line={p.startLineNumber}
              data-column={p.startColumn}
              role="button"
              tabIndex={0}
              onClick={() => onSelect(p)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onSelect(p);
              }}
            >
              <CloseCircleOutlined style={{ color: '#cf1322' }} />
              <span className="mono editor-problem-pos">
                {p.startLineNumber}:{p.startColumn}
              </span>
              {p.statement > 0 && <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', flex: 'none' }}>statement {p.statement}</Typography.Text>}
              <span className="editor-problem-message">{p.message}</span>
              {p.suggestions.length > 0 && !onFix && !/did you mean/i.test(p.message) && (
                <Typography.Text type="secondary">did you mean {p.suggestions.map((s) => `'${s}'`).join(', ')}?</Typography.Text>
              )}
              {onFix &&
                p.suggestions.slice(0, 3).map((s) => (
                  <Button
                    key={s}
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto' }}
                    data-testid="problem-fix"
                    onClick={(e) => {
                      e.stopPropagation();
                      onFix(p, s);
                    }}
                  >
                    {`Change to '${s}'`}
                  </Button>
                ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

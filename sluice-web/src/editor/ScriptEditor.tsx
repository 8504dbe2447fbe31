import { ArrowLeftOutlined } from '@ant-design/icons';
import { Editor, type OnMount } from '@monaco-editor/react';
import { Alert, App, Button, Input, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, seg, type ProblemItem } from '../api/client';
import { hasRole, useMe } from '../api/session';
import type { Job, JobVersion } from '../api/types';
import { DebugDialog } from '../components/DebugDialog';
import { DeployDialog } from '../components/DeployDialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { Gated } from '../components/Gated';
import { clearDraft, decideDraft, readDraft, writeDraft, type Draft } from './drafts';
import { monacoHandle, type EditorHandle } from './editorHandle';
import { formatSql } from './format';
import { currentLanguage, forgetModel, LANGUAGE_ID, loadLanguage, registerFlinkSql, setModelFunctions, setModelSuggestions, setModelTables } from './flinksql';
import { problemsToMarkers, quickFixes, suggestionIndex, type ProblemMarker } from './markers';
import { ProblemsPanel } from './ProblemsPanel';
import { ScriptDiff } from './ScriptDiff';
import type { DeclaredTable, ProjectFunction, Saved, SqlLanguage, TablesAnswer, ValidationAnswer } from './types';
import { VersionsDrawer } from './VersionsDrawer';
import './editor.css';

export const VALIDATE_DELAY_MS = 700;
export const TABLES_DELAY_MS = 400;

interface Base {
  version: number;
  script: string;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'conflict'; draft: Draft; server: Base }
  | { kind: 'ready'; initial: string; generation: number };

function timeOf(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** The SQL editor of one job: edit, complete, validate, format, save, drafts, versions, debug, deploy. */
export function ScriptEditor({ job, onJobChanged }: { job: Job; onJobChanged: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canEdit = hasRole(me, job.project, 'developer');
  const canDeploy = hasRole(me, job.project, 'operator');
  const developerWhy = `Needs the developer role in project ${job.project}`;

  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [base, setBase] = useState<Base | null>(null);
  const [text, setText] = useState('');
  const [restored, setRestored] = useState<Draft | null>(null);
  const [draftWarning, setDraftWarning] = useState<string | null>(null);
  const [language, setLanguage] = useState<SqlLanguage>(currentLanguage());
  const [languageError, setLanguageError] = useState<unknown>(null);
  const [tables, setTables] = useState<DeclaredTable[]>([]);
  const [problems, setProblems] = useState<ProblemMarker[]>([]);
  const [valid, setValid] = useState<boolean | null>(null);
  const [statementCount, setStatementCount] = useState<number | undefined>(undefined);
  const [validating, setValidating] = useState(false);
  const [validateError, setValidateError] = useState<unknown>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [debugOpen, setDebugOpen] = useState(false);
  const [deployOpen, setDeployOpen] = useState(false);
  const [problemsHeight, setProblemsHeight] = useState(150);

  const handle = useRef<EditorHandle | null>(null);
  const baseRef = useRef<Base | null>(null);
  const validateSeq = useRef(0);
  /** The text the problems shown were found in. */
  const problemsScript = useRef<string | null>(null);
  const tablesSeq = useRef(0);
  const validateTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const tablesTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const alive = useRef(true);
  const generation = useRef(0);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(validateTimer.current);
      clearTimeout(tablesTimer.current);
    };
  }, []);

  useEffect(() => {
    loadLanguage().then(
      (l) => alive.current && setLanguage(l),
      (e) => alive.current && setLanguageError(e),
    );
  }, []);

  const adoptBase = (b: Base) => {
    baseRef.current = b;
    setBase(b);
  };

  const ready = (initial: string) => {
    generation.current += 1;
    setText(initial);
    setPhase({ kind: 'ready', initial, generation: generation.current });
  };

  // The job's current version, then what to do with a draft kept in this browser.
  useEffect(() => {
    let cancelled = false;
    setPhase({ kind: 'loading' });
    api
      .get<JobVersion>(`/api/v1/jobs/${job.id}/versions/${job.currentVersion}`)
      .then((v) => {
        if (cancelled) return;
        const server = { version: v.version, script: v.script };
        adoptBase(server);
        const stored = readDraft(job.name);
        const decision = decideDraft(stored, server.version, server.script);
        if (decision.kind === 'restore') {
          setRestored(decision.draft);
          ready(decision.draft.script);
        } else if (decision.kind === 'conflict') {
          setPhase({ kind: 'conflict', draft: decision.draft, server });
        } else {
          if (stored) clearDraft(job.name);
          ready(server.script);
        }
      })
      .catch((e) => !cancelled && setPhase({ kind: 'failed', error: e }));
    return () => {
      cancelled = true;
    };
    // A new version saved here or elsewhere does not reload the editor: only another job does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job.id, job.name]);

  const applyProblems = useCallback((items: ProblemItem[], script: string) => {
    problemsScript.current = script;
    const markers = problemsToMarkers(items, script);
    handle.current?.setMarkers(markers);
    if (handle.current) setModelSuggestions(handle.current.modelUri(), suggestionIndex(markers));
    setProblems(markers);
  }, []);

  const validate = useCallback(
    async (script: string) => {
      clearTimeout(validateTimer.current);
      const seq = ++validateSeq.current;
      const stale = () => !alive.current || seq !== validateSeq.current || (handle.current !== null && handle.current.getText() !== script);
      if (script.trim() === '') {
        applyProblems([], script);
        setValid(null);
        setValidating(false);
        return;
      }
      setValidating(true);
      try {
        const answer = await api.post<ValidationAnswer>(`/api/v1/jobs/${job.id}/validate`, { script });
        if (stale()) return;
        applyProblems([], script);
        setValid(true);
        setStatementCount(answer?.statements?.length);
        setValidateError(null);
      } catch (e) {
        if (stale()) return;
        if (e instanceof ApiError && e.status === 422 && e.errors.length > 0) {
          applyProblems(e.errors, script);
          setValid(false);
          setValidateError(null);
        } else {
          setValidateError(e);
        }
      } finally {
        if (alive.current && seq === validateSeq.current) setValidating(false);
      }
    },
    [job.id, applyProblems],
  );

  const loadTables = useCallback(
    async (script: string) => {
      if (script.trim() === '') return;
      const seq = ++tablesSeq.current;
      try {
        const answer = await api.post<TablesAnswer>('/api/v1/sql/tables', { script, project: job.project });
        if (!alive.current || seq !== tablesSeq.current) return;
        const list = answer?.tables ?? [];
        if (handle.current) setModelTables(handle.current.modelUri(), list);
        setTables(list);
      } catch {
        // The last answer stays in use: a draft that does not parse yet still completes what it did.
      }
    },
    [job.project],
  );

  const schedule = useCallback(
    (script: string) => {
      clearTimeout(tablesTimer.current);
      tablesTimer.current = setTimeout(() => loadTables(script), TABLES_DELAY_MS);
      if (canEdit) {
        clearTimeout(validateTimer.current);
        validateTimer.current = setTimeout(() => validate(script), VALIDATE_DELAY_MS);
      }
    },
    [canEdit, loadTables, validate],
  );

  const persist = useCallback(
    (script: string) => {
      const b = baseRef.current;
      if (!canEdit || !b) return;
      if (script === b.script) {
        clearDraft(job.name);
        setDraftWarning(null);
        return;
      }
      const result = writeDraft(job.name, { script, baseVersion: b.version, savedAt: Date.now() });
      setDraftWarning(result.ok ? null : result.reason);
    },
    [canEdit, job.name],
  );

  const format = useCallback(() => {
    const h = handle.current;
    if (!h || !canEdit) return;
    const names = tables.flatMap((t) => [t.name, ...t.columns.map((c) => c.name)]);
    h.replaceText(formatSql(h.getText(), currentLanguage().keywords, { identifiers: names }), 'format');
  }, [canEdit, tables]);

  const openSave = useCallback(() => {
    if (!canEdit) return;
    setSaveError(null);
    setSaveOpen(true);
  }, [canEdit]);

  // Monaco's commands are bound once; they call whatever is current.
  const commands = useRef({ save: openSave, format });
  commands.current = { save: openSave, format };

  // Ctrl/Cmd+S outside the editor (a button, the problems) saves too, instead of the browser's "save page".
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        commands.current.save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The project's registered functions, completed with their signatures; without them the editor
  // still completes the built-in ones.
  const loadFunctions = useCallback(
    (uri: string) => {
      api.get<ProjectFunction[]>(`/api/v1/functions?project=${encodeURIComponent(job.project)}`).then(
        (list) => alive.current && setModelFunctions(uri, list ?? []),
        () => undefined,
      );
    },
    [job.project],
  );

  const onMount: OnMount = (ed, monaco) => {
    const h = monacoHandle(ed, monaco);
    handle.current = h;
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => commands.current.save());
    ed.addCommand(monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF, () => commands.current.format());
    const uri = h.modelUri();
    ed.onDidDispose(() => forgetModel(uri));
    loadFunctions(uri);
    const initial = h.getText();
    setText(initial);
    loadTables(initial);
    if (canEdit) validate(initial);
  };

  const onChange = (value: string | undefined) => {
    const script = value ?? '';
    setText(script);
    persist(script);
    schedule(script);
  };

  const save = async () => {
    const script = handle.current?.getText() ?? text;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await api.put<Saved>(`/api/v1/jobs/${job.id}`, { script, comment: comment.trim() || undefined });
      adoptBase({ version: saved.version, script });
      setSavedVersion(saved.version);
      setRestored(null);
      clearDraft(job.name);
      // Typed while the save was on its way: that is a draft of the new version.
      const now = handle.current?.getText() ?? script;
      if (now !== script) persist(now);
      setSaveOpen(false);
      setComment('');
      message.success(`Saved as version ${saved.version}`);
      onJobChanged();
    } catch (e) {
      setSaveError(e);
      if (e instanceof ApiError && e.status === 422 && e.errors.length > 0) {
        applyProblems(e.errors, script);
        setValid(false);
      }
    } finally {
      setSaving(false);
    }
  };

  // The quick fix of a problem row: the same edit as the marker's code action, and like it only on
  // the text the problem was found in (a fix taken twice, or after an edit, would land elsewhere).
  const applyFix = (p: ProblemMarker, suggestion: string) => {
    const h = handle.current;
    if (!h || h.getText() !== problemsScript.current) return;
    const fix = quickFixes(p, suggestionIndex([p]), h.rangeText(p)).find((f) => f.title === `Change to '${suggestion}'`);
    if (fix) h.edit(fix.range, fix.text, 'quick-fix');
  };

  const discardDraft = () => {
    const b = baseRef.current;
    setRestored(null);
    clearDraft(job.name);
    if (b) handle.current?.replaceText(b.script, 'discard-draft');
  };

  const keepDraft = (draft: Draft, server: Base) => {
    writeDraft(job.name, { script: draft.script, baseVersion: server.version, savedAt: Date.now() });
    setRestored(null);
    ready(draft.script);
  };

  const takeServer = (server: Base) => {
    clearDraft(job.name);
    setRestored(null);
    ready(server.script);
  };

  const rolledBack = async (saved: Saved) => {
    try {
      const v = await api.get<JobVersion>(`/api/v1/jobs/${job.id}/versions/${saved.version}`);
      adoptBase({ version: v.version, script: v.script });
      clearDraft(job.name);
      setRestored(null);
      setSavedVersion(v.version);
      if (handle.current) handle.current.replaceText(v.script, 'rollback');
      else ready(v.script);
      message.success(`Rolled back: version ${v.version} is now the newest`);
      onJobChanged();
    } catch (e) {
      setPhase({ kind: 'failed', error: e });
    }
  };

  const startResize = (e: React.MouseEvent) => {
    const startY = e.clientY;
    const startHeight = problemsHeight;
    const move = (ev: MouseEvent) => setProblemsHeight(Math.min(400, Math.max(60, startHeight - (ev.clientY - startY))));
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const dirty = base !== null && phase.kind === 'ready' && text !== base.script;
  const editorOptions = useMemo(
    () => ({
      readOnly: !canEdit,
      readOnlyMessage: { value: `Read-only: editing ${developerWhy.toLowerCase()}` },
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      automaticLayout: true,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      wordBasedSuggestions: 'off' as const,
      // Option keys and connector names are written in quotes.
      quickSuggestions: { other: true, strings: true, comments: false },
    }),
    [canEdit, developerWhy],
  );

  const jobLink = '/jobs/' + seg(job.name);
  const toolbar = (
    <div className="editor-toolbar">
      <Link to={jobLink} data-testid="back">
        <ArrowLeftOutlined /> {job.name}
      </Link>
      <Typography.Text type="secondary">{job.project}</Typography.Text>
      {base && (
        <Tag data-testid="base-version" data-version={base.version}>
          v{base.version}
        </Tag>
      )}
      {dirty && (
        <Tag color="orange" data-testid="dirty">
          unsaved changes
        </Tag>
      )}
      {savedVersion !== null && (
        <Tag color="green" data-testid="saved-version" data-version={savedVersion}>
          saved as v{savedVersion}
        </Tag>
      )}
      {!canEdit && <Tag data-testid="read-only">read-only</Tag>}
      <span className="editor-spacer" />
      <Gated allowed={canEdit} why={`Saving ${developerWhy.charAt(0).toLowerCase()}${developerWhy.slice(1)}`}>
        <Button type="primary" onClick={openSave} disabled={!canEdit || phase.kind !== 'ready'} data-testid="save">
          Save
        </Button>
      </Gated>
      <Gated allowed={canEdit} why={`Validating ${developerWhy.charAt(0).toLowerCase()}${developerWhy.slice(1)}`}>
        <Button onClick={() => validate(handle.current?.getText() ?? text)} loading={validating} disabled={!canEdit || phase.kind !== 'ready'} data-testid="validate">
          Validate
        </Button>
      </Gated>
      <Gated allowed={canEdit} why="The editor is read-only for viewers">
        <Button onClick={format} disabled={!canEdit || phase.kind !== 'ready'} data-testid="format" title="Shift+Alt+F">
          Format
        </Button>
      </Gated>
      <Button onClick={() => setVersionsOpen(true)} data-testid="versions">
        Versions
      </Button>
      <Gated allowed={canEdit} why={`Debugging ${developerWhy.charAt(0).toLowerCase()}${developerWhy.slice(1)}`}>
        <Button onClick={() => setDebugOpen(true)} disabled={!canEdit || phase.kind !== 'ready'} data-testid="debug">
          Debug
        </Button>
      </Gated>
      <Gated allowed={canDeploy} why={`Deploying needs the operator role in project ${job.project}`}>
        <Tooltip title={canDeploy && dirty ? `Deploys the saved version v${base?.version}, not the unsaved changes` : undefined}>
          <Button onClick={() => setDeployOpen(true)} disabled={!canDeploy} data-testid="deploy">
            Deploy
          </Button>
        </Tooltip>
      </Gated>
      <Link to={jobLink + '/graph'} data-testid="graph">
        Graph
      </Link>
    </div>
  );

  let body: React.ReactNode;
  if (phase.kind === 'loading') {
    body = (
      <div className="editor-main" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin description="Loading the script" data-testid="editor-loading">
          <div style={{ width: 200, height: 60 }} />
        </Spin>
      </div>
    );
  } else if (phase.kind === 'failed') {
    body = <ErrorAlert error={phase.error} />;
  } else if (phase.kind === 'conflict') {
    const { draft, server } = phase;
    body = (
      <>
        <Alert
          type="warning"
          showIcon
          data-testid="draft-banner"
          data-kind="conflict"
          title={`You have a draft of v${draft.baseVersion} from ${timeOf(draft.savedAt)}, and the server now has v${server.version}`}
          description="Left: the server's version. Right: your draft. Choose one; nothing is overwritten until you do."
          action={
            <Space orientation="vertical">
              <Button type="primary" size="small" onClick={() => keepDraft(draft, server)} data-testid="keep-draft">
                Keep my draft
              </Button>
              <Button size="small" onClick={() => takeServer(server)} data-testid="take-server">
                Take the server's version
              </Button>
            </Space>
          }
        />
        <div className="editor-diff-labels">
          <span>server v{server.version}</span>
          <span>your draft (edited from v{draft.baseVersion})</span>
        </div>
        <div className="editor-diff" data-testid="draft-diff">
          <ScriptDiff original={server.script} modified={draft.script} />
        </div>
      </>
    );
  } else {
    body = (
      <>
        {restored && (
          <Alert
            type="info"
            showIcon
            data-testid="draft-banner"
            data-kind="restored"
            title={`Draft restored: unsaved edits of v${restored.baseVersion} from ${timeOf(restored.savedAt)}`}
            action={
              <Space>
                <Button size="small" onClick={() => setRestored(null)}>
                  Keep
                </Button>
                <Button size="small" danger onClick={discardDraft} data-testid="discard-draft">
                  Discard
                </Button>
              </Space>
            }
          />
        )}
        <div className="editor-main" data-testid="editor" data-language-loaded={language.keywords.length > 0}>
          <Editor
            key={phase.generation}
            path={`sluice-job-${job.id}-${phase.generation}.sql`}
            defaultValue={phase.initial}
            language={LANGUAGE_ID}
            beforeMount={registerFlinkSql}
            onMount={onMount}
            onChange={onChange}
            options={editorOptions}
            loading={<Spin />}
          />
        </div>
        <div className="editor-resize" onMouseDown={startResize} title="Drag to resize the problems" />
        <ProblemsPanel
          problems={problems}
          valid={text.trim() === '' ? null : valid}
          validating={validating}
          statements={statementCount}
          height={problemsHeight}
          onSelect={(p) => handle.current?.reveal(p.startLineNumber, p.startColumn)}
          onFix={canEdit ? applyFix : undefined}
          idle={canEdit ? (text.trim() === '' ? 'the script is empty' : undefined) : 'validating needs the developer role'}
        />
      </>
    );
  }

  return (
    <div className="editor-page">
      {toolbar}
      {languageError != null && (
        <Alert
          type="warning"
          showIcon
          closable
          title="Keyword highlighting and completion are limited: the SQL language could not be loaded"
          description={languageError instanceof Error ? languageError.message : String(languageError)}
        />
      )}
      {draftWarning && (
        <Alert type="warning" showIcon data-testid="draft-warning" title={`Your edits could not be kept in this browser (${draftWarning}); save them to keep them`} />
      )}
      <ErrorAlert error={validateError} />
      {body}
      <Modal
        open={saveOpen}
        title={`Save ${job.name}`}
        onCancel={() => setSaveOpen(false)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setSaveOpen(false)}>
            Cancel
          </Button>,
          <Button key="save" type="primary" loading={saving} onClick={save} data-testid="save-confirm">
            Save
          </Button>,
        ]}
      >
        <ErrorAlert error={saveError} style={{ marginBottom: 12 }} />
        <Typography.Paragraph type="secondary">
          A new version is made from the editor's text{base ? ` (now v${base.version})` : ''}.
        </Typography.Paragraph>
        <Input.TextArea
          autoFocus
          rows={3}
          placeholder="What changed, and why"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          onPressEnter={(e) => {
            if (e.ctrlKey || e.metaKey) save();
          }}
          data-testid="save-comment"
        />
      </Modal>
      <VersionsDrawer
        job={job}
        open={versionsOpen}
        onClose={() => setVersionsOpen(false)}
        canRollback={canEdit}
        rollbackDenied={`Rolling back ${developerWhy.charAt(0).toLowerCase()}${developerWhy.slice(1)}`}
        onRolledBack={rolledBack}
      />
      {debugOpen && (
        <DebugDialog
          job={job}
          script={handle.current?.getText() ?? text}
          open
          onClose={() => setDebugOpen(false)}
          onStarted={(runId) => navigate('/debug/' + runId)}
        />
      )}
      {deployOpen && (
        <DeployDialog
          job={job}
          open
          onClose={() => setDeployOpen(false)}
          onDeployed={() => {
            setDeployOpen(false);
            onJobChanged();
          }}
        />
      )}
    </div>
  );
}

import { Select } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../api/session';

/**
 * The project the rules and channels tabs show, kept in `?project=` so both tabs agree: `demo` unless
 * the caller belongs to projects and not to it.
 */
export function useAlertsProject(): [string, (p: string) => void, string[]] {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const mine = (me?.projects ?? []).map((p) => p.project);
  const fallback = mine.length === 0 || me?.admin || mine.includes('demo') ? 'demo' : mine[0];
  const project = params.get('project') || fallback;
  const choices = Array.from(new Set([project, ...mine, ...(me?.admin ? ['demo'] : [])])).sort();
  const setProject = (p: string) => {
    const next = new URLSearchParams(params);
    next.set('project', p);
    setParams(next, { replace: true });
  };
  return [project, setProject, choices];
}

export function ProjectSelect({ value, onChange, choices }: { value: string; onChange: (p: string) => void; choices: string[] }) {
  return (
    <Select
      value={value}
      onChange={onChange}
      style={{ width: 180 }}
      aria-label="project"
      data-testid="alerts-project"
      options={choices.map((p) => ({ value: p, label: p }))}
    />
  );
}

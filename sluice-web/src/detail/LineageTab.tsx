import { Empty, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { conditionLabels, lineageToGraph, type Lineage } from './lineage';
import { LineageGraph } from './LineageGraph';
import { usePolled } from './usePolled';

/** The current version's column lineage: sink columns and the source columns they come from. */
export function LineageTab({ job }: { job: Job }) {
  const lineage = usePolled<Lineage>(() => api.get(`/api/v1/jobs/${job.id}/lineage`), `l:${job.id}:${job.currentVersion}`, null);
  const graph = useMemo(() => (lineage.data ? lineageToGraph(lineage.data) : null), [lineage.data]);
  if (lineage.loading && !lineage.data) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (lineage.error) return <ErrorAlert error={lineage.error} />;
  if (!graph || !lineage.data || graph.tables.length === 0) return <Empty description="No lineage: the script has no INSERT" />;
  return (
    <div data-testid="lineage">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        v{job.currentVersion}: each sink column (blue tables) from the source columns it is made of; dashed edges decide a column
        without carrying its value.
      </Typography.Paragraph>
      <LineageGraph graph={graph} height={520} />
      {lineage.data.statements.map((s) => {
        const conditions = conditionLabels(lineage.data!, s);
        const functions = s.functions.map((f) => f.name);
        if (conditions.length === 0 && functions.length === 0) return null;
        return (
          <Typography.Paragraph key={s.statement} style={{ marginTop: 8, marginBottom: 0 }} data-testid="lineage-conditions">
            <Typography.Text strong>Statement {s.statement}{s.name ? ` (${s.name})` : ''}:</Typography.Text>{' '}
            {conditions.length > 0 && <>rows decided by {conditions.join(', ')}</>}
            {conditions.length > 0 && functions.length > 0 ? '; ' : ''}
            {functions.length > 0 && <>calls {functions.join(', ')}</>}
          </Typography.Paragraph>
        );
      })}
    </div>
  );
}

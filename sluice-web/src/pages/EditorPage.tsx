// Monaco from the bundle (never its CDN loader), set up before the editor renders.
import '../monaco-setup';
import { Result, Spin } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useJob } from '../api/jobs';
import { ErrorAlert } from '../components/ErrorAlert';
import { ScriptEditor } from '../editor/ScriptEditor';

/** /jobs/:name/edit — the SQL editor of one job. */
export function EditorPage() {
  const { name } = useParams();
  const { job, error, loading, reload } = useJob(name);
  if (loading && !job) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }} data-testid="editor-page-loading">
        <Spin />
      </div>
    );
  }
  if (!job) {
    if (error && error.status === 404) {
      return <Result status="404" title={`No job named '${name}'`} extra={<Link to="/jobs">Jobs</Link>} />;
    }
    return <ErrorAlert error={error ?? new Error('The job could not be loaded')} />;
  }
  return <ScriptEditor key={job.id} job={job} onJobChanged={reload} />;
}

import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { api, seg } from '../api/client';
import type { Job, JobVersion } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatTime } from './types';
import { usePolled } from './usePolled';

/** Every saved version of the script, newest first, each opening in the editor. */
export function VersionsTab({ job }: { job: Job }) {
  const versions = usePolled<JobVersion[]>(() => api.get(`/api/v1/jobs/${job.id}/versions`), `v:${job.id}:${job.currentVersion}`, null);
  const columns: ColumnsType<JobVersion> = [
    {
      title: 'Version',
      dataIndex: 'version',
      width: 200,
      render: (v: number) => (
        <span>
          v{v}
          {v === job.currentVersion && <Tag style={{ marginLeft: 8 }} color="blue">current</Tag>}
          {v === job.deployedVersion && <Tag color="green">deployed</Tag>}
        </span>
      ),
    },
    { title: 'Author', dataIndex: 'author', width: 140 },
    { title: 'Comment', dataIndex: 'comment', ellipsis: true },
    { title: 'Saved', dataIndex: 'createdAt', width: 190, render: (t: string) => formatTime(t) },
    {
      title: '',
      key: 'open',
      width: 130,
      render: (_, v) => (
        <Link to={`/jobs/${seg(job.name)}/edit${v.version === job.currentVersion ? '' : '?version=' + v.version}`} data-testid="version-edit">
          Open in editor
        </Link>
      ),
    },
  ];
  return (
    <div data-testid="versions">
      <ErrorAlert error={versions.error} style={{ marginBottom: 12 }} />
      <Table<JobVersion>
        rowKey="version"
        size="small"
        loading={versions.loading && !versions.data}
        columns={columns}
        dataSource={[...(versions.data ?? [])].sort((a, b) => b.version - a.version)}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: 'No versions' }}
      />
    </div>
  );
}

import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError } from './api/client';
import { SessionContext } from './api/session';
import type { Me } from './api/types';
import { AlertsPage } from './pages/AlertsPage';
import { ArtifactPage } from './pages/ArtifactPage';
import { ArtifactsPage } from './pages/ArtifactsPage';
import { ClustersPage } from './pages/ClustersPage';
import { DatasourcePage } from './pages/DatasourcePage';
import { DatasourcesPage } from './pages/DatasourcesPage';
import { JobsPage } from './pages/JobsPage';
import { MetricGroupsPage } from './pages/MetricGroupsPage';
import { LoginPage } from './pages/LoginPage';

// The heavy pages load when first opened: the jobs list and the login need neither Monaco, nor
// ECharts, nor the graph library.
const EditorPage = lazy(() => import('./pages/EditorPage').then((m) => ({ default: m.EditorPage })));
const GraphPage = lazy(() => import('./pages/GraphPage').then((m) => ({ default: m.GraphPage })));
const JobDetailPage = lazy(() => import('./pages/JobDetailPage').then((m) => ({ default: m.JobDetailPage })));
const DebugPage = lazy(() => import('./pages/DebugPage').then((m) => ({ default: m.DebugPage })));
const MetricGroupPage = lazy(() => import('./pages/MetricGroupPage').then((m) => ({ default: m.MetricGroupPage })));
const LineagePage = lazy(() => import('./pages/LineagePage').then((m) => ({ default: m.LineagePage })));

const { Header, Content } = Layout;

function Shell({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const location = useLocation();
  const section = ['clusters', 'alerts', 'metric-groups', 'lineage', 'artifacts', 'datasources'].find((s) => location.pathname.startsWith('/' + s)) ?? 'jobs';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="studio-header">
        <Link to="/jobs" className="brand">
          Sluice
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[section]}
          style={{ flex: 1, minWidth: 0 }}
          items={[
            { key: 'jobs', label: <Link to="/jobs">Jobs</Link> },
            { key: 'metric-groups', label: <Link to="/metric-groups">Metrics</Link> },
            { key: 'lineage', label: <Link to="/lineage">Lineage</Link> },
            { key: 'artifacts', label: <Link to="/artifacts">Artifacts</Link> },
            { key: 'datasources', label: <Link to="/datasources">Data sources</Link> },
            { key: 'alerts', label: <Link to="/alerts">Alerts</Link> },
            { key: 'clusters', label: <Link to="/clusters">Clusters</Link> },
          ]}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
            {me.username}
            {me.admin ? ' (admin)' : ''}
          </Typography.Text>
          <Button size="small" onClick={onLogout}>
            Log out
          </Button>
        </Space>
      </Header>
      <Content className="studio-content">
        <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
        <Routes>
          <Route path="/" element={<Navigate to="/jobs" replace />} />
          <Route path="/jobs" element={<JobsPage />} />
          <Route path="/jobs/:name" element={<JobDetailPage />} />
          <Route path="/jobs/:name/edit" element={<EditorPage />} />
          <Route path="/jobs/:name/graph" element={<GraphPage />} />
          <Route path="/debug/:runId" element={<DebugPage />} />
          <Route path="/metric-groups" element={<MetricGroupsPage />} />
          <Route path="/metric-groups/new" element={<MetricGroupPage />} />
          <Route path="/metric-groups/:name" element={<MetricGroupPage />} />
          <Route path="/lineage" element={<LineagePage />} />
          <Route path="/artifacts" element={<ArtifactsPage />} />
          <Route path="/artifacts/:name" element={<ArtifactPage />} />
          <Route path="/datasources" element={<DatasourcesPage />} />
          <Route path="/datasources/:name" element={<DatasourcePage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/clusters" element={<ClustersPage />} />
          <Route
            path="*"
            element={<Result status="404" title="No such page" extra={<Link to="/jobs">Jobs</Link>} />}
          />
        </Routes>
        </Suspense>
      </Content>
    </Layout>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const onLogin = location.pathname.startsWith('/login');

  const load = useCallback(() => {
    api
      .get<Me>('/api/v1/auth/me')
      .then((m) => {
        setMe(m);
        setError(null);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setMe(null);
        else setError(e instanceof Error ? e.message : String(e));
      });
  }, []);

  useEffect(() => {
    if (!onLogin) load();
  }, [load, onLogin]);

  const logout = async () => {
    await api.post('/api/v1/auth/logout').catch(() => undefined);
    setMe(null);
    navigate('/login');
  };

  let body;
  if (onLogin) {
    body = (
      <Routes>
        <Route path="/login" element={<LoginPage onLoggedIn={load} />} />
      </Routes>
    );
  } else if (error) {
    body = <Result status="error" title="The server cannot be reached" subTitle={error} />;
  } else if (me === undefined) {
    body = <Spin fullscreen />;
  } else if (me === null) {
    body = <Navigate to={'/login?next=' + encodeURIComponent(location.pathname + location.search)} replace />;
  } else {
    body = (
      <SessionContext.Provider value={me}>
        <Shell me={me} onLogout={logout} />
      </SessionContext.Provider>
    );
  }
  return (
    <ConfigProvider theme={{ token: { colorPrimary: '#1668dc', borderRadius: 4 } }}>
      <AntApp>{body}</AntApp>
    </ConfigProvider>
  );
}

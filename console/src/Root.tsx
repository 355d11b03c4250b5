import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { api, ok, session } from './api';
import { MeContext, type Me } from './me';
import { Login } from './pages/Login';

// Each page loads when first opened: the public notice on a phone fetches only what it shows.
const Campaigns = lazy(() => import('./pages/Campaigns').then((m) => ({ default: m.Campaigns })));
const CreateCampaign = lazy(() => import('./pages/CreateCampaign').then((m) => ({ default: m.CreateCampaign })));
const CampaignPage = lazy(() => import('./pages/CampaignPage').then((m) => ({ default: m.CampaignPage })));
const Inbox = lazy(() => import('./pages/Inbox').then((m) => ({ default: m.Inbox })));
const PublicNotice = lazy(() => import('./pages/PublicNotice').then((m) => ({ default: m.PublicNotice })));
const Readiness = lazy(() => import('./pages/readiness/Readiness').then((m) => ({ default: m.Readiness })));
const Accounts = lazy(() => import('./pages/admin/Accounts').then((m) => ({ default: m.Accounts })));
const BureauAudit = lazy(() => import('./pages/admin/BureauAudit').then((m) => ({ default: m.BureauAudit })));
const loading = <Spin tip="加载中 / Loading"><div style={{ height: 200 }} /></Spin>;

/** The console: public pages, the login, and each role's pages behind it. */
export function Root() {
  return (
    <Routes>
      <Route path="/notice/:windowId" element={<Suspense fallback={loading}><PublicNotice /></Suspense>} />
      <Route path="/login" element={<Login />} />
      <Route path="/*" element={<SignedIn />} />
    </Routes>
  );
}

function SignedIn() {
  const [me, setMe] = useState<Me | null | 'none'>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const load = useCallback(async () => {
    if (!session.get()) return setMe('none');
    try {
      setMe((await ok(api.GET("/auth/me"))) as unknown as Me);
    } catch {
      setMe('none');
    }
  }, []);
  useEffect(() => {
    void load();
    const expired = () => setMe('none');
    window.addEventListener('session-expired', expired);
    return () => window.removeEventListener('session-expired', expired);
  }, [load]);
  if (me === null) return <Spin fullscreen tip="加载中 / Loading" />;
  if (me === 'none') return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  const logout = async () => {
    await api.POST('/auth/logout').catch(() => undefined);
    session.clear();
    void navigate('/login');
  };
  const items = [
    { key: '/campaigns', label: <Link to="/campaigns">创建活动 Campaigns</Link> },
    ...(me.role === 'bureau_admin' || me.role === 'department_staff' ? [{ key: '/readiness', label: <Link to="/readiness">优质均衡 Readiness</Link> }] : []),
    { key: '/inbox', label: <Link to="/inbox">消息 Inbox</Link> },
    ...(me.role === 'bureau_admin' ? [{ key: '/accounts', label: <Link to="/accounts">账号 Accounts</Link> }, { key: '/audit', label: <Link to="/audit">审计 Audit</Link> }] : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => location.pathname.startsWith(k));
  return (
    <MeContext.Provider value={me}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}>
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>创建活动管理平台</Typography.Text>
          <Menu theme="dark" mode="horizontal" selectedKeys={selected} items={items} style={{ flex: 1, minWidth: 200 }} />
          <Space style={{ color: '#fff' }}>
            <span data-testid="whoami">{me.displayName}（{me.roleLabel.zh}）</span>
            <Button size="small" onClick={() => void logout()}>退出 Sign out</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
          <Suspense fallback={loading}>
          <Routes>
            <Route path="/" element={<Navigate to="/campaigns" replace />} />
            <Route path="/campaigns" element={<Campaigns />} />
            <Route path="/campaigns/new" element={<CreateCampaign />} />
            <Route path="/campaigns/:campaignId/*" element={<CampaignPage />} />
            <Route path="/inbox" element={<Inbox />} />
            <Route path="/readiness/*" element={<Readiness />} />
            <Route path="/accounts" element={<Accounts />} />
            <Route path="/audit" element={<BureauAudit />} />
            <Route path="*" element={<Result status="404" title="页面不存在 / Page not found" extra={<Link to="/campaigns">返回 Back</Link>} />} />
          </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </MeContext.Provider>
  );
}

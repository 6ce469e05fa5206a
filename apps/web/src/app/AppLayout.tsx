import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  FileSearchOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe, useRoles } from '../features/auth/session';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { showSuccess } from './feedback';
import { PageSpin } from './guards';
import { LanguageSwitch } from './LanguageSwitch';
import { PAGE_PATHS, type PageKey, pageForPath, visiblePages } from './nav';

const ICONS: Record<PageKey, ReactNode> = {
  home: <HomeOutlined />,
  halls: <BankOutlined />,
  editions: <CalendarOutlined />,
  myNominations: <SendOutlined />,
  myReviews: <FileSearchOutlined />,
  myResults: <BarChartOutlined />,
  notifications: <BellOutlined />,
  org: <ApartmentOutlined />,
  people: <TeamOutlined />,
  users: <SafetyCertificateOutlined />,
  audit: <AuditOutlined />,
  account: <KeyOutlined />,
};

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const roles = useRoles();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const current = pageForPath(location.pathname);

  // An initial or reset password must be replaced before anything else is used.
  if (me?.mustChangePassword && current !== 'account') return <Navigate to={PAGE_PATHS.account} replace />;

  const items = visiblePages(roles).map((key) => ({ key, icon: ICONS[key], label: t(`nav.${key}`) }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={220} breakpoint="lg" theme="dark">
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontWeight: 600,
            fontSize: collapsed ? 14 : 17,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            padding: '0 8px',
          }}
        >
          {collapsed ? t('app.shortTitle').slice(0, 2) : t('app.shortTitle')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[current]}
          items={items}
          onClick={({ key }) => navigate(PAGE_PATHS[key as PageKey])}
          aria-label={t('app.title')}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
            {t('app.title')}
          </Typography.Title>
          <Space size="middle">
            <Space size={4} data-testid="current-user">
              <UserOutlined />
              <Typography.Text strong>{me?.displayName}</Typography.Text>
              <Typography.Text type="secondary">({me?.username})</Typography.Text>
            </Space>
            <NotificationBell />
            <LanguageSwitch />
            <Button
              icon={<LogoutOutlined />}
              loading={logout.isPending}
              onClick={() =>
                logout.mutate(undefined, {
                  onSettled: () => {
                    showSuccess(t('nav.loggedOut'));
                    navigate('/login', { replace: true });
                  },
                })
              }
            >
              {t('nav.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16, minWidth: 0 }}>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

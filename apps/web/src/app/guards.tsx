import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useRouteError } from 'react-router';
import { useMe, useRoles } from '../features/auth/session';
import { canOpen, type PageKey } from './nav';

export function PageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin size="large" description={t('app.loading')}>
        <div style={{ width: 120, height: 80 }} />
      </Spin>
    </div>
  );
}

/** Everything but the login page: without a session, go log in and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (isPending) return <PageSpin />;
  if (error) {
    return (
      <Result
        status="warning"
        title={error.message}
        extra={
          <Button type="primary" onClick={() => refetch()}>
            {t('app.reload')}
          </Button>
        }
      />
    );
  }
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** A page the user's roles do not open shows a plain 403 rather than an empty table. */
export function RequirePage({ page, children }: { page: PageKey; children: ReactNode }) {
  const roles = useRoles();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!canOpen(page, roles)) {
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('app.forbidden')}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {t('app.backHome')}
          </Button>
        }
      />
    );
  }
  return <>{children}</>;
}

export function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}

export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  console.error(error);
  return (
    <Result
      status="error"
      title={t('app.pageError')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.reload')}
        </Button>
      }
    />
  );
}

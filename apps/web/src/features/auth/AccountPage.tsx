import type { SessionInfo } from '@lecture-hall/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { showSuccess } from '../../app/feedback';
import { formatDateTime } from '../../lib/format';
import { ME_KEY, useMe } from './session';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const SESSIONS_KEY = ['auth', 'sessions'] as const;

export function AccountPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {me?.mustChangePassword && <Alert type="warning" showIcon title={t('account.mustChange')} />}
      <ChangePasswordCard />
      <SessionsCard />
    </Space>
  );
}

function ChangePasswordCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<PasswordForm>();
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<{ ok: true }>('/api/auth/password', body),
    onSuccess: async () => {
      showSuccess(t('account.changed'));
      form.resetFields();
      // mustChangePassword (and possibly the CSRF token) change with the password.
      await qc.invalidateQueries({ queryKey: ME_KEY });
      await qc.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  return (
    <Card title={t('account.changePassword')}>
      <Form<PasswordForm>
        form={form}
        name="change-password"
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
      >
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('common.required', { field: t('account.currentPassword') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          extra={t('account.newPasswordHint')}
          rules={[
            { required: true, message: t('common.required', { field: t('account.newPassword') }) },
            { min: 10, message: t('account.tooShort') },
            { max: 256 },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value && value === getFieldValue('currentPassword') ? Promise.reject(new Error(t('account.sameAsOld'))) : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('account.confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          {t('account.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function SessionsCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { data, isPending } = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => api.get<{ items: SessionInfo[] }>('/api/auth/sessions', undefined, signal).then((r) => r.items),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.del<{ ok: true }>(`/api/auth/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => {
      showSuccess(t('account.revoked'));
      return qc.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  return (
    <Card title={t('account.sessions')}>
      <Table<SessionInfo>
        rowKey="id"
        loading={isPending}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('account.noSessions') }}
        columns={[
          { title: t('account.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v), width: 180 },
          { title: t('account.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v), width: 180 },
          { title: t('account.expiresAt'), dataIndex: 'expiresAt', render: (v: string) => formatDateTime(v), width: 180 },
          { title: t('account.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? t('common.none'), width: 140 },
          { title: t('account.userAgent'), dataIndex: 'userAgent', ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_, s) =>
              s.current ? (
                <Tag color="green">{t('account.current')}</Tag>
              ) : (
                <Popconfirm
                  title={t('account.revoke')}
                  description={t('account.revokeConfirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => revoke.mutateAsync(s.id).catch(() => undefined)}
                >
                  <Button size="small" danger>
                    {t('account.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}

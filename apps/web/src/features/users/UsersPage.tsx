import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import type { Grant, User } from '@lecture-hall/shared';
import type { Role } from '@lecture-hall/shared/domain/roles';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { formatDateTime } from '../../lib/format';
import { grantLabel, roleOptions } from '../../lib/roles';
import { UnitTreeSelect } from '../org/UnitTreeSelect';
import { type UserWithPassword, useAddGrant, useCreateUser, useRemoveGrant, useResetPassword, useUpdateUser, useUsers } from './api';
import { PersonSelect } from './PersonSelect';

const USERNAME = /^[a-zA-Z0-9_.-]{2,32}$/;

export function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [granting, setGranting] = useState<User | null>(null);
  const [password, setPassword] = useState<UserWithPassword | null>(null);
  const { data, isFetching } = useUsers(q, page, pageSize);
  const update = useUpdateUser();
  const reset = useResetPassword();
  const removeGrant = useRemoveGrant();

  const status = (u: User) => {
    if (u.disabled) return <Tag color="default">{t('users.disabled')}</Tag>;
    if (u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs())) return <Tag color="orange">{t('users.locked')}</Tag>;
    return <Tag color="green">{t('users.enabled')}</Tag>;
  };

  const grantTag = (u: User, g: Grant) => (
    <Tag key={g.id} color="red" style={{ marginBottom: 4 }}>
      {grantLabel(g, lang)}
      <Popconfirm
        title={t('users.removeGrant')}
        description={t('users.removeGrantConfirm', { grant: grantLabel(g, lang) })}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onConfirm={() =>
          removeGrant.mutateAsync({ id: u.id, grantId: g.id }).then(
            () => showSuccess(t('users.grantRemoved')),
            () => undefined,
          )
        }
      >
        <Button
          type="text"
          size="small"
          aria-label={t('users.removeGrant')}
          icon={<CloseOutlined style={{ fontSize: 10 }} />}
          style={{ marginInlineStart: 2, height: 18, width: 18, minWidth: 18 }}
        />
      </Popconfirm>
    </Tag>
  );

  return (
    <Card title={t('users.title')}>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Input.Search
          id="users-q"
          allowClear
          placeholder={t('users.searchPlaceholder')}
          enterButton={t('common.search')}
          style={{ width: 360 }}
          maxLength={50}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('users.create')}
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        aria-label={t('users.title')}
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('users.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username', width: 140 },
          { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
          { title: t('users.person'), dataIndex: 'personName', width: 120, render: (v: string | null) => v ?? t('common.none') },
          {
            title: t('users.grants'),
            key: 'grants',
            render: (_, u) =>
              u.grants.length === 0 ? (
                <Typography.Text type="secondary">{t('users.noGrants')}</Typography.Text>
              ) : (
                <div>{u.grants.map((g) => grantTag(u, g))}</div>
              ),
          },
          { title: t('users.status'), key: 'status', width: 90, render: (_, u) => status(u) },
          { title: t('users.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            width: 300,
            render: (_, u) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setGranting(u)}>
                  {t('users.addGrant')}
                </Button>
                <Popconfirm
                  title={u.disabled ? t('users.enable') : t('users.disable')}
                  description={u.disabled ? t('users.enableConfirm', { name: u.displayName }) : t('users.disableConfirm', { name: u.displayName })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() =>
                    update.mutateAsync({ id: u.id, disabled: !u.disabled }).then(
                      () => showSuccess(u.disabled ? t('users.enabledDone') : t('users.disabledDone')),
                      () => undefined,
                    )
                  }
                >
                  <Button type="link" size="small" danger={!u.disabled}>
                    {u.disabled ? t('users.enable') : t('users.disable')}
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title={t('users.resetPassword')}
                  description={t('users.resetConfirm', { name: u.displayName })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => reset.mutateAsync(u.id).then(setPassword, () => undefined)}
                >
                  <Button type="link" size="small">
                    {t('users.resetPassword')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onCreated={setPassword} />}
      {granting && <GrantModal user={granting} onClose={() => setGranting(null)} />}
      {password && <PasswordOnceModal result={password} onClose={() => setPassword(null)} />}
    </Card>
  );
}

interface UserForm {
  username: string;
  displayName: string;
  personId: string | null;
}

function UserFormModal({ user, onClose, onCreated }: { user: User | null; onClose: () => void; onCreated: (r: UserWithPassword) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UserForm>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const pending = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  const submit = (v: UserForm) => {
    const personId = v.personId ?? null;
    if (user) {
      update.mutate(
        { id: user.id, displayName: v.displayName.trim(), personId },
        {
          onSuccess: () => {
            showSuccess(t('users.updated'));
            onClose();
          },
        },
      );
    } else {
      create.mutate(
        { username: v.username.trim(), displayName: v.displayName.trim(), personId },
        {
          onSuccess: (r) => {
            showSuccess(t('users.created'));
            onClose();
            onCreated(r);
          },
        },
      );
    }
  };

  return (
    <Modal
      open
      title={user ? t('users.editTitle') : t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<UserForm>
        form={form}
        name="user"
        layout="vertical"
        initialValues={user ? { username: user.username, displayName: user.displayName, personId: user.personId } : { personId: null }}
        onFinish={submit}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={
            user
              ? []
              : [
                  { required: true, message: t('common.required', { field: t('users.username') }) },
                  { pattern: USERNAME, message: t('users.usernameRule') },
                ]
          }
          extra={user ? undefined : t('users.usernameRule')}
        >
          <Input disabled={Boolean(user)} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('users.displayName') }) },
            { max: 40, message: t('users.displayNameTooLong') },
          ]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="personId" label={t('users.person')}>
          <PersonSelect initialLabel={user?.personName} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error.message} />}
      </Form>
    </Modal>
  );
}

function GrantModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<{ role: Role; orgUnitId: string }>();
  const add = useAddGrant();
  return (
    <Modal
      open
      title={t('users.addGrantTitle', { name: user.displayName })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="grant"
        layout="vertical"
        onFinish={(v) =>
          add.mutate(
            { id: user.id, role: v.role, orgUnitId: v.orgUnitId },
            {
              onSuccess: () => {
                showSuccess(t('users.grantAdded'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('common.select', { field: t('users.role') }) }]}>
          <Select options={roleOptions(lang)} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('users.scope')} rules={[{ required: true, message: t('common.select', { field: t('users.scope') }) }]}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        {add.error && <Alert type="error" showIcon title={add.error.message} />}
      </Form>
    </Modal>
  );
}

/** The generated password, shown once: the server keeps only its hash. */
function PasswordOnceModal({ result, onClose }: { result: UserWithPassword; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('users.passwordTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.passwordSeen')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('users.passwordWarning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('users.passwordFor', { name: result.user.displayName })}</Typography.Paragraph>
      <Typography.Paragraph
        code
        copyable={{ text: result.initialPassword, tooltips: [t('users.copy'), t('users.copied')] }}
        style={{ fontSize: 20 }}
        data-testid="initial-password"
      >
        {result.initialPassword}
      </Typography.Paragraph>
    </Modal>
  );
}

import type { OrgUnit } from '@lecture-hall/shared';
import { ORG_UNIT_KINDS, type OrgUnitKind } from '@lecture-hall/shared/domain/org';
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Select, Space, Spin, Switch, Tag, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { canEditOrg } from '../../app/nav';
import { buildUnitTree, filterUnits, mapTree, unitPath } from '../../lib/tree';
import { useRoles } from '../auth/session';
import { useArchiveUnit, useCreateUnit, useMoveUnit, useOrgUnits, useRenameUnit } from './api';
import { UnitTreeSelect } from './UnitTreeSelect';

const KIND_COLORS: Record<OrgUnitKind, string> = { city: 'red', department: 'blue', county: 'green', subunit: 'default' };
type ChildKind = Exclude<OrgUnitKind, 'city'>;
const CHILD_KINDS = ORG_UNIT_KINDS.filter((k): k is ChildKind => k !== 'city');

interface TreeNode {
  key: string;
  title: React.ReactNode;
  children?: TreeNode[];
}

export function OrgPage() {
  const { t } = useTranslation();
  const roles = useRoles();
  const editable = canEditOrg(roles);
  const [showArchived, setShowArchived] = useState(false);
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'create' | 'rename' | 'move' | null>(null);
  const { data: units = [], isPending } = useOrgUnits(showArchived);
  const archive = useArchiveUnit();

  const selected = units.find((u) => u.id === selectedId) ?? null;
  const parent = selected?.parentId ? units.find((u) => u.id === selected.parentId) : undefined;

  // Start on the root so that 新增单位 works straight away.
  useEffect(() => {
    if (!selectedId && units.length > 0) {
      const roots = buildUnitTree(units);
      if (roots[0]) setSelectedId(roots[0].unit.id);
    }
  }, [units, selectedId]);

  const treeData = useMemo(
    () =>
      mapTree<TreeNode>(buildUnitTree(filterUnits(units, search)), (n, children) => ({
        key: n.unit.id,
        title: (
          <Space size={4}>
            <span>{n.unit.name}</span>
            <Tag color={KIND_COLORS[n.unit.kind]} style={{ marginInlineEnd: 0 }}>
              {t(`kind.${n.unit.kind}`)}
            </Tag>
            {n.unit.archived && <Tag style={{ marginInlineEnd: 0 }}>{t('org.archivedTag')}</Tag>}
          </Space>
        ),
        children,
      })),
    [units, search, t],
  );

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10} xl={9}>
        <Card
          title={t('org.tree')}
          extra={
            <Space>
              <Switch id="show-archived" size="small" checked={showArchived} onChange={setShowArchived} />
              <label htmlFor="show-archived">{t('org.showArchived')}</label>
            </Space>
          }
        >
          <Input.Search allowClear placeholder={t('org.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 12 }} />
          {isPending ? (
            <Spin />
          ) : treeData.length === 0 ? (
            <Empty description={t('org.empty')} />
          ) : (
            <Tree<TreeNode>
              aria-label={t('org.tree')}
              blockNode
              defaultExpandAll
              key={`${showArchived}-${search}-${units.length}`}
              treeData={treeData}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => {
                if (keys[0] !== undefined) setSelectedId(String(keys[0]));
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14} xl={15}>
        <Card title={t('org.details')}>
          {!editable && <Alert type="info" showIcon title={t('org.readOnly')} style={{ marginBottom: 16 }} />}
          {editable && (
            <Space wrap style={{ marginBottom: 16 }}>
              <Button type="primary" disabled={!selected || selected.archived} onClick={() => setDialog('create')}>
                {t('org.create')}
              </Button>
              <Button disabled={!selected || selected.archived} onClick={() => setDialog('rename')}>
                {t('org.rename')}
              </Button>
              <Button disabled={!selected?.parentId || selected.archived} onClick={() => setDialog('move')}>
                {t('org.move')}
              </Button>
              {selected?.archived ? (
                <Button
                  loading={archive.isPending}
                  onClick={() => archive.mutate({ id: selected.id, archive: false }, { onSuccess: () => showSuccess(t('org.restored')) })}
                >
                  {t('org.restore')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('org.archive')}
                  description={selected ? t('org.archiveConfirm', { name: selected.name }) : undefined}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  disabled={!selected?.parentId}
                  onConfirm={() =>
                    selected &&
                    archive.mutateAsync({ id: selected.id, archive: true }).then(
                      () => {
                        showSuccess(t('org.archived'));
                        if (!showArchived) setSelectedId(selected.parentId);
                      },
                      () => undefined,
                    )
                  }
                >
                  <Button danger disabled={!selected?.parentId} loading={archive.isPending}>
                    {t('org.archive')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
          {selected ? <UnitDetails unit={selected} parent={parent} units={units} /> : <Typography.Text type="secondary">{t('org.selectHint')}</Typography.Text>}
        </Card>
      </Col>
      {selected && dialog === 'create' && <CreateUnitModal parent={selected} onClose={() => setDialog(null)} onCreated={(u) => setSelectedId(u.id)} />}
      {selected && dialog === 'rename' && <RenameUnitModal unit={selected} onClose={() => setDialog(null)} />}
      {selected && dialog === 'move' && <MoveUnitModal unit={selected} onClose={() => setDialog(null)} />}
    </Row>
  );
}

function UnitDetails({ unit, parent, units }: { unit: OrgUnit; parent: OrgUnit | undefined; units: OrgUnit[] }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      bordered
      column={1}
      size="middle"
      items={[
        { key: 'name', label: t('org.name'), children: <span data-testid="unit-name">{unit.name}</span> },
        { key: 'path', label: t('org.parent'), children: parent ? unitPath(units, parent.id).join(' / ') : t('common.none') },
        { key: 'kind', label: t('org.kind'), children: <Tag color={KIND_COLORS[unit.kind]}>{t(`kind.${unit.kind}`)}</Tag> },
        { key: 'depth', label: t('org.depth'), children: unit.depth },
        { key: 'people', label: t('org.peopleCount'), children: <span data-testid="unit-people-count">{unit.peopleCount}</span> },
        {
          key: 'status',
          label: t('org.status'),
          children: unit.archived ? <Tag>{t('org.archivedTag')}</Tag> : <Tag color="success">{t('org.active')}</Tag>,
        },
      ]}
    />
  );
}

function CreateUnitModal({ parent, onClose, onCreated }: { parent: OrgUnit; onClose: () => void; onCreated: (u: OrgUnit) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; kind: ChildKind }>();
  const create = useCreateUnit();
  return (
    <Modal
      open
      title={t('org.createTitle', { parent: parent.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="create-unit"
        layout="vertical"
        initialValues={{ kind: parent.kind === 'city' ? 'department' : 'subunit' }}
        onFinish={(values) =>
          create.mutate(
            { parentId: parent.id, name: values.name.trim(), kind: values.kind },
            {
              onSuccess: (unit) => {
                showSuccess(t('org.created'));
                onCreated(unit);
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[
            { required: true, whitespace: true, message: t('org.nameRequired') },
            { max: 60, message: t('org.nameTooLong') },
          ]}
        >
          <Input autoFocus maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true }]}>
          <Select options={CHILD_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        {create.error && <Alert type="error" showIcon title={create.error.message} />}
      </Form>
    </Modal>
  );
}

function RenameUnitModal({ unit, onClose }: { unit: OrgUnit; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const rename = useRenameUnit();
  return (
    <Modal
      open
      title={t('org.renameTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={rename.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="rename-unit"
        layout="vertical"
        initialValues={{ name: unit.name }}
        onFinish={(values) =>
          rename.mutate(
            { id: unit.id, name: values.name.trim() },
            {
              onSuccess: () => {
                showSuccess(t('org.renamed'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[
            { required: true, whitespace: true, message: t('org.nameRequired') },
            { max: 60, message: t('org.nameTooLong') },
          ]}
        >
          <Input autoFocus maxLength={60} />
        </Form.Item>
        {rename.error && <Alert type="error" showIcon title={rename.error.message} />}
      </Form>
    </Modal>
  );
}

function MoveUnitModal({ unit, onClose }: { unit: OrgUnit; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ newParentId: string }>();
  const move = useMoveUnit();
  return (
    <Modal
      open
      title={t('org.moveTitle', { name: unit.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="move-unit"
        layout="vertical"
        initialValues={{ newParentId: unit.parentId ?? undefined }}
        onFinish={(values) =>
          move.mutate(
            { id: unit.id, newParentId: values.newParentId },
            {
              onSuccess: () => {
                showSuccess(t('org.moved'));
                onClose();
              },
            },
          )
        }
      >
        {/* Every unit stays selectable: the server is the judge of cycles and says why in Chinese. */}
        <Form.Item name="newParentId" label={t('org.newParent')} rules={[{ required: true, message: t('common.select', { field: t('org.newParent') }) }]}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        {move.error && <Alert type="error" showIcon title={move.error.message} data-testid="move-error" />}
      </Form>
    </Modal>
  );
}

import type { Edition, Nomination } from '@lecture-hall/shared';
import { NOMINATION_CHANNEL_LABELS, NOMINATION_STATE_LABELS, TALK_ANGLE_LABELS } from '@lecture-hall/shared/domain/programme';
import { Alert, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { SortableList } from '../../components/SortableList';
import { editionNo, labelOf } from '../../lib/programme';
import { useCandidates, useConfirmSelection, useDecideNomination } from './api';
import { initialSelection, isOpen, isSelectable, mergeOrder, selectionStatus } from './selection';

export const CHANNEL_COLORS: Record<Nomination['channel'], string> = { org_pick: 'red', unit_recommendation: 'blue', self: 'green' };
export const STATE_COLORS: Record<Nomination['state'], string> = {
  submitted: 'default',
  shortlisted: 'processing',
  selected: 'success',
  not_selected: 'default',
  withdrawn: 'warning',
};

/** 候选人: every nomination of the edition, the eligibility of each, and the selection of the speakers. */
export function CandidateBoard({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data = [], isFetching } = useCandidates(edition.id, edition.canManage);
  const decide = useDecideNomination();
  const confirm = useConfirmSelection(edition.id);
  const [picked, setPicked] = useState<string[] | null>(null);
  const [overriding, setOverriding] = useState<Nomination | null>(null);
  const recruiting = edition.status === 'recruiting';

  // Until the admin touches it, the panel shows the speakers already confirmed, in running order.
  const ordered = picked ?? initialSelection(data);
  const byId = new Map(data.map((n) => [n.id, n]));
  const selectedRows = ordered.map((id) => byId.get(id)).filter((n): n is Nomination => !!n);
  const status = selectionStatus(ordered, edition.speakerCount);
  const full = ordered.length >= edition.speakerCount;

  const act = (n: Nomination, action: 'shortlist' | 'unshortlist' | 'withdraw') =>
    decide.mutateAsync({ id: n.id, action }).then(() => {
      showSuccess(t(`candidates.done.${action}`, { name: n.personName }));
      if (action === 'withdraw') setPicked(ordered.filter((id) => id !== n.id));
    });

  return (
    <Row gutter={[16, 16]}>
      {/* Below 1600 px the selection panel sits above the board, so it stays in view while ticking. */}
      <Col xs={{ span: 24, order: 1 }} xxl={{ span: 17, order: 0 }}>
        <Table<Nomination>
          data-testid="candidate-board"
          rowKey="id"
          size="small"
          loading={isFetching}
          dataSource={data}
          pagination={false}
          scroll={{ x: 1350 }}
          locale={{ emptyText: t('candidates.empty') }}
          rowSelection={
            recruiting
              ? {
                  selectedRowKeys: ordered,
                  columnTitle: t('candidates.pick'),
                  columnWidth: 56,
                  hideSelectAll: true,
                  getCheckboxProps: (n) => ({
                    disabled: !isSelectable(n) || (!ordered.includes(n.id) && full),
                    'aria-label': t('candidates.pickOne', { name: n.personName }),
                  }),
                  onChange: (keys) => setPicked(mergeOrder(ordered, keys as string[])),
                }
              : undefined
          }
          columns={[
            {
              title: t('candidates.channel'),
              dataIndex: 'channel',
              width: 100,
              render: (c: Nomination['channel']) => <Tag color={CHANNEL_COLORS[c]}>{labelOf(NOMINATION_CHANNEL_LABELS, c, lang)}</Tag>,
            },
            {
              title: t('candidates.name'),
              dataIndex: 'personName',
              width: 110,
              render: (name: string, n) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.position}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('candidates.unit'), dataIndex: 'unitPathName', width: 160 },
            { title: t('candidates.age'), dataIndex: 'age', width: 60, align: 'right' },
            { title: t('candidates.rankLevel'), dataIndex: 'rankLevel', width: 110 },
            {
              title: t('candidates.proposed'),
              key: 'proposed',
              width: 220,
              render: (_, n) =>
                n.proposed.title ? (
                  <Tooltip title={n.proposed.abstract || undefined}>
                    <Space orientation="vertical" size={0}>
                      <span>{n.proposed.title}</span>
                      {n.proposed.angle && <Tag>{labelOf(TALK_ANGLE_LABELS, n.proposed.angle, lang)}</Tag>}
                    </Space>
                  </Tooltip>
                ) : (
                  t('common.none')
                ),
            },
            {
              title: t('candidates.earlierTalks'),
              key: 'earlier',
              width: 200,
              render: (_, n) =>
                n.earlierTalks.length === 0 ? (
                  t('candidates.noEarlierTalks')
                ) : (
                  <Space orientation="vertical" size={0}>
                    {n.earlierTalks.map((e) => (
                      <Typography.Text key={e.editionId} style={{ fontSize: 12 }}>
                        {editionNo(e.editionSeq, lang)} {e.title}
                        {e.score !== null && ` · ${t('candidates.score', { score: e.score.toFixed(2) })}`}
                        {e.rank !== null && ` · ${t('candidates.rank', { rank: e.rank })}`}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
            },
            {
              title: t('candidates.eligibility'),
              key: 'eligibility',
              width: 220,
              render: (_, n) =>
                n.eligibility.eligible ? (
                  <Tag color="success">{t('nominations.eligible')}</Tag>
                ) : (
                  <Space orientation="vertical" size={2}>
                    {n.eligibility.reasons.map((r) => (
                      <Tag key={r.code} color="error" style={{ whiteSpace: 'normal' }}>
                        {r.message}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
            {
              title: t('candidates.override'),
              key: 'override',
              width: 160,
              render: (_, n) =>
                n.override ? (
                  <Tooltip title={`${n.override.by} · ${n.override.at}`}>
                    <Typography.Text type="warning">{n.override.reason}</Typography.Text>
                  </Tooltip>
                ) : (
                  t('common.none')
                ),
            },
            {
              title: t('candidates.state'),
              dataIndex: 'state',
              width: 90,
              render: (s: Nomination['state'], n) => (
                <Tag color={STATE_COLORS[s]}>
                  {labelOf(NOMINATION_STATE_LABELS, s, lang)}
                  {s === 'selected' && n.order !== null ? ` #${n.order}` : ''}
                </Tag>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 170,
              fixed: 'right',
              render: (_, n) =>
                recruiting && isOpen(n) ? (
                  <Space size={0} wrap>
                    {n.state === 'submitted' && (
                      <Popconfirm title={t('candidates.confirm.shortlist', { name: n.personName })} onConfirm={() => act(n, 'shortlist')}>
                        <Button type="link" size="small">
                          {t('candidates.action.shortlist')}
                        </Button>
                      </Popconfirm>
                    )}
                    {n.state === 'shortlisted' && (
                      <Popconfirm title={t('candidates.confirm.unshortlist', { name: n.personName })} onConfirm={() => act(n, 'unshortlist')}>
                        <Button type="link" size="small">
                          {t('candidates.action.unshortlist')}
                        </Button>
                      </Popconfirm>
                    )}
                    {!n.eligibility.eligible && !n.override && (
                      <Button type="link" size="small" onClick={() => setOverriding(n)}>
                        {t('candidates.action.override')}
                      </Button>
                    )}
                    <Popconfirm title={t('candidates.confirm.withdraw', { name: n.personName })} onConfirm={() => act(n, 'withdraw')}>
                      <Button type="link" size="small" danger>
                        {t('candidates.action.withdraw')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Col>
      <Col xs={{ span: 24, order: 0 }} xxl={{ span: 7, order: 1 }}>
        <Card
          size="small"
          title={t('candidates.selectionTitle')}
          extra={
            <Typography.Text strong type={status === 'ok' ? 'success' : 'secondary'} data-testid="selection-count">
              {t('candidates.selectedCount', { n: ordered.length, total: edition.speakerCount })}
            </Typography.Text>
          }
        >
          <Typography.Paragraph type="secondary">{recruiting ? t('candidates.selectionHint') : t('candidates.selectionClosed')}</Typography.Paragraph>
          <SortableList<Nomination>
            testId="selection-list"
            items={selectedRows}
            getKey={(n) => n.id}
            emptyText={t('candidates.selectionEmpty')}
            onChange={(rows) => recruiting && setPicked(rows.map((n) => n.id))}
            onRemove={recruiting ? (n) => setPicked(ordered.filter((id) => id !== n.id)) : undefined}
            render={(n) => (
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Typography.Text strong>{n.personName}</Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                  {n.unitPathName}
                  {n.proposed.title ? ` · ${n.proposed.title}` : ''}
                </Typography.Text>
              </Space>
            )}
          />
          {recruiting && status === 'tooFew' && ordered.length > 0 && (
            <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('candidates.needMore', { n: edition.speakerCount - ordered.length })} />
          )}
          {recruiting && (
            <Popconfirm
              title={t('candidates.confirmSelection', { n: ordered.length })}
              description={t('candidates.confirmSelectionHint')}
              disabled={status !== 'ok'}
              onConfirm={() =>
                confirm.mutateAsync(ordered).then(() => {
                  showSuccess(t('candidates.selectionConfirmed'));
                  setPicked(null);
                })
              }
            >
              <Button type="primary" block disabled={status !== 'ok'} loading={confirm.isPending} style={{ marginTop: 12 }}>
                {t('candidates.confirmButton')}
              </Button>
            </Popconfirm>
          )}
        </Card>
      </Col>
      {overriding && <OverrideModal nomination={overriding} onClose={() => setOverriding(null)} />}
    </Row>
  );
}

function OverrideModal({ nomination, onClose }: { nomination: Nomination; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const decide = useDecideNomination();
  return (
    <Modal
      open
      title={t('candidates.overrideTitle', { name: nomination.personName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={decide.isPending}
      okText={t('candidates.action.override')}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('nominations.ineligible')}
        description={nomination.eligibility.reasons.map((r) => r.message).join('；')}
      />
      <Form
        form={form}
        layout="vertical"
        name="override"
        onFinish={(v) =>
          decide.mutate(
            { id: nomination.id, action: 'override', reason: v.reason.trim() },
            {
              onSuccess: () => {
                showSuccess(t('candidates.done.override', { name: nomination.personName }));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('nominations.overrideReason')}
          extra={t('nominations.overrideHint')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('nominations.overrideReason') }) },
            { min: 5, message: t('nominations.overrideTooShort') },
          ]}
        >
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import type { Stage } from '@lecture-hall/shared';
import { Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { formatDate } from '../../lib/format';
import { useDeleteStage, useSaveStage, useStages } from './api';

const DATE = 'YYYY-MM-DD';

/** 阶段: the hall's stages in order, each with its theme focus and period. */
export function StagesPanel({ hallId, canManage }: { hallId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const { data = [], isFetching } = useStages(hallId);
  const remove = useDeleteStage(hallId);
  const [editing, setEditing] = useState<Stage | 'new' | null>(null);

  return (
    <div>
      {canManage && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('stages.create')}
        </Button>
      )}
      <Table<Stage>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: t('stages.empty') }}
        columns={[
          { title: t('stages.order'), dataIndex: 'sortOrder', width: 70, align: 'right' },
          { title: t('stages.titleField'), dataIndex: 'title', width: 200 },
          { title: t('stages.themeFocus'), dataIndex: 'themeFocus' },
          {
            title: t('stages.period'),
            key: 'period',
            width: 220,
            render: (_, s) => (s.periodStart || s.periodEnd ? `${formatDate(s.periodStart)} ~ ${formatDate(s.periodEnd)}` : t('common.none')),
          },
          { title: t('stages.description'), dataIndex: 'description', ellipsis: true },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 130,
                  render: (_: unknown, s: Stage) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(s)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('stages.deleteConfirm', { title: s.title })}
                        onConfirm={() => remove.mutateAsync(s.id).then(() => showSuccess(t('stages.deleted')))}
                      >
                        <Button type="link" size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <StageModal
          hallId={hallId}
          stage={editing === 'new' ? null : editing}
          nextOrder={data.reduce((m, s) => Math.max(m, s.sortOrder), 0) + 1}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  );
}

interface StageForm {
  title: string;
  themeFocus?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  description?: string;
  sortOrder: number;
}

function StageModal({ hallId, stage, nextOrder, onClose }: { hallId: string; stage: Stage | null; nextOrder: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StageForm>();
  const save = useSaveStage(hallId);
  const initial: StageForm = stage
    ? {
        title: stage.title,
        themeFocus: stage.themeFocus,
        period: [stage.periodStart ? dayjs(stage.periodStart, DATE) : null, stage.periodEnd ? dayjs(stage.periodEnd, DATE) : null],
        description: stage.description,
        sortOrder: stage.sortOrder,
      }
    : { title: '', sortOrder: nextOrder };

  const submit = (v: StageForm) =>
    save.mutate(
      {
        id: stage?.id ?? null,
        body: {
          title: v.title.trim(),
          themeFocus: (v.themeFocus ?? '').trim(),
          periodStart: v.period?.[0]?.format(DATE) ?? null,
          periodEnd: v.period?.[1]?.format(DATE) ?? null,
          description: (v.description ?? '').trim(),
          sortOrder: v.sortOrder,
        },
      },
      {
        onSuccess: () => {
          showSuccess(t('common.saved'));
          onClose();
        },
      },
    );

  return (
    <Modal
      open
      title={stage ? t('stages.editTitle') : t('stages.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<StageForm> form={form} layout="vertical" name="stage" initialValues={initial} onFinish={submit}>
        <Form.Item
          name="title"
          label={t('stages.titleField')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('stages.titleField') }) }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="themeFocus" label={t('stages.themeFocus')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="period" label={t('stages.period')}>
            <DatePicker.RangePicker format={DATE} allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('stages.order')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('stages.description')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

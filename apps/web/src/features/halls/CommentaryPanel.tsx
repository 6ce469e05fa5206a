import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Commentary } from '@lecture-hall/shared';
import { Button, Empty, Form, Input, List, Modal, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { formatDateTime } from '../../lib/format';
import { type CommentaryBody, useCommentaries, useCreateCommentary, useDeleteCommentary } from './api';

interface Props {
  hallId: string;
  /** An edition's commentary only; without it, the whole hall's (programme and editions). */
  editionId?: string | null;
  canManage: boolean;
  /** Labels for editions, to tag edition commentary in the hall's list. */
  editionLabel?: (editionId: string) => string | undefined;
}

/** 权威点评: an authority's commentary on a hall or one of its editions. */
export function CommentaryPanel({ hallId, editionId = null, canManage, editionLabel }: Props) {
  const { t } = useTranslation();
  const { data = [], isFetching } = useCommentaries(hallId, editionId);
  const remove = useDeleteCommentary();
  const [adding, setAdding] = useState(false);

  return (
    <div data-testid="commentary-panel">
      {canManage && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
          {t('commentary.add')}
        </Button>
      )}
      <List<Commentary>
        loading={isFetching}
        dataSource={data}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('commentary.empty')} /> }}
        renderItem={(c) => (
          <List.Item
            key={c.id}
            actions={
              canManage
                ? [
                    <Popconfirm
                      key="delete"
                      title={t('commentary.deleteConfirm')}
                      onConfirm={() => remove.mutateAsync(c.id).then(() => showSuccess(t('commentary.deleted')))}
                    >
                      <Button type="text" danger size="small" icon={<DeleteOutlined />}>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>,
                  ]
                : undefined
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Typography.Text strong>{c.title}</Typography.Text>
                  {c.editionId && editionLabel?.(c.editionId) && <Tag>{editionLabel(c.editionId)}</Tag>}
                </Space>
              }
              description={
                <Typography.Text type="secondary">
                  {c.author}
                  {c.authorTitle ? `（${c.authorTitle}）` : ''} · {formatDateTime(c.createdAt)}
                </Typography.Text>
              }
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{c.text}</Typography.Paragraph>
          </List.Item>
        )}
      />
      {adding && <CommentaryModal hallId={hallId} editionId={editionId} onClose={() => setAdding(false)} />}
    </div>
  );
}

function CommentaryModal({ hallId, editionId, onClose }: { hallId: string; editionId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Omit<CommentaryBody, 'editionId'>>();
  const create = useCreateCommentary(hallId);
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  return (
    <Modal
      open
      title={t('commentary.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        name="commentary"
        onFinish={(v) =>
          create.mutate(
            { editionId, author: v.author.trim(), authorTitle: (v.authorTitle ?? '').trim(), title: v.title.trim(), text: v.text.trim() },
            {
              onSuccess: () => {
                showSuccess(t('commentary.added'));
                onClose();
              },
            },
          )
        }
      >
        <Space style={{ display: 'flex' }} align="start">
          <Form.Item name="author" label={t('commentary.author')} rules={[required(t('commentary.author'))]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="authorTitle" label={t('commentary.authorTitle')}>
            <Input maxLength={60} style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('commentary.titleField')} rules={[required(t('commentary.titleField'))]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="text" label={t('commentary.text')} rules={[required(t('commentary.text'))]}>
          <Input.TextArea maxLength={5000} autoSize={{ minRows: 5, maxRows: 12 }} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

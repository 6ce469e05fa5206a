import type { Talk } from '@lecture-hall/shared';
import { TALK_ANGLE_LABELS, TALK_ANGLES, type TalkAngle } from '@lecture-hall/shared/domain/programme';
import { Button, Empty, Form, Input, List, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { useTalks, useUpdateTalk } from './api';

/** 讲课人与讲题: the speakers in running order; the speaker or a hall admin edits a talk until the edition is ready. */
export function TalksPanel({ editionId }: { editionId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data = [], isFetching } = useTalks(editionId);
  const [editing, setEditing] = useState<Talk | null>(null);

  return (
    <>
      <List<Talk>
        data-testid="talks-list"
        loading={isFetching}
        dataSource={data}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talks.empty')} /> }}
        renderItem={(talk) => (
          <List.Item
            key={talk.id}
            actions={
              talk.canEdit
                ? [
                    <Button key="edit" type="link" onClick={() => setEditing(talk)}>
                      {t('talks.edit')}
                    </Button>,
                  ]
                : undefined
            }
          >
            <List.Item.Meta
              avatar={
                <Typography.Title level={4} style={{ margin: 0, width: 32, textAlign: 'center' }}>
                  {talk.order}
                </Typography.Title>
              }
              title={
                <Space wrap>
                  <Typography.Text strong>{talk.title || t('talks.untitled')}</Typography.Text>
                  {talk.angle && <Tag>{labelOf(TALK_ANGLE_LABELS, talk.angle, lang)}</Tag>}
                </Space>
              }
              description={
                <Space orientation="vertical" size={2}>
                  <Typography.Text>
                    {talk.speakerName} · <Typography.Text type="secondary">{talk.unitPathName}</Typography.Text>
                  </Typography.Text>
                  {talk.abstract && (
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                      {talk.abstract}
                    </Typography.Paragraph>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      {editing && <TalkModal talk={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function TalkModal({ talk, onClose }: { talk: Talk; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<{ title: string; abstract: string; angle?: TalkAngle }>();
  const update = useUpdateTalk();
  return (
    <Modal
      open
      title={t('talks.editTitle', { name: talk.speakerName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={update.isPending}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        name="talk"
        initialValues={{ title: talk.title, abstract: talk.abstract, angle: talk.angle ?? undefined }}
        onFinish={(v) =>
          update.mutate(
            { id: talk.id, body: { title: v.title.trim(), abstract: (v.abstract ?? '').trim(), ...(v.angle ? { angle: v.angle } : {}) } },
            {
              onSuccess: () => {
                showSuccess(t('common.saved'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item
          name="title"
          label={t('talks.titleField')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('talks.titleField') }) }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="abstract" label={t('talks.abstract')}>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 4, maxRows: 10 }} />
        </Form.Item>
        <Form.Item name="angle" label={t('nominations.angle')}>
          <Radio.Group options={TALK_ANGLES.map((a) => ({ value: a, label: labelOf(TALK_ANGLE_LABELS, a, lang) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

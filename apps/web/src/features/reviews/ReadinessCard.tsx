import type { Edition } from '@lecture-hall/shared';
import { DECK_STATUS_LABELS } from '@lecture-hall/shared/domain/programme';
import { Alert, Button, Card, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { formatDateTime } from '../../lib/format';
import { labelOf } from '../../lib/programme';
import { DECK_STATUS_COLORS } from '../decks/deckStatus';
import { useOverrideReadiness, useReadiness } from './api';

/** 开讲准备: while an edition is preparing, each speaker's deck status and, if any is unapproved, the 放行 override. */
export function ReadinessCard({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data } = useReadiness(edition.id, edition.canManage && edition.status === 'preparing');
  const [overriding, setOverriding] = useState(false);
  if (!edition.canManage || edition.status !== 'preparing' || !data) return null;
  const pending = data.talks.filter((x) => x.status !== 'approved');

  return (
    <Card size="small" title={t('readiness.title')} data-testid="readiness-card" style={{ marginTop: 12 }}>
      <Space wrap size={[8, 8]}>
        {data.talks.map((x) => (
          <Space key={x.talkId} size={4}>
            <Typography.Text>
              {x.order}. {x.speakerName}
            </Typography.Text>
            <Tag color={DECK_STATUS_COLORS[x.status]}>{labelOf(DECK_STATUS_LABELS, x.status, lang)}</Tag>
          </Space>
        ))}
      </Space>
      <div style={{ marginTop: 10 }}>
        {data.override ? (
          <OverrideAlert override={data.override} />
        ) : pending.length === 0 ? (
          <Alert type="success" showIcon title={t('readiness.allApproved')} />
        ) : (
          <Alert
            type="warning"
            showIcon
            title={t('readiness.pending', { n: pending.length })}
            action={
              <Button size="small" danger onClick={() => setOverriding(true)} data-testid="readiness-override">
                {t('readiness.override')}
              </Button>
            }
          />
        )}
      </div>
      {overriding && <OverrideModal editionId={edition.id} onClose={() => setOverriding(false)} />}
    </Card>
  );
}

/** The recorded override: who let the edition go ahead with unapproved decks, when and why. */
export function OverrideAlert({ override }: { override: { reason: string; by: string; at: string } }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="readiness-override-note"
      title={t('readiness.overridden', { by: override.by, at: formatDateTime(override.at) })}
      description={t('readiness.reasonLine', { reason: override.reason })}
    />
  );
}

/** For the Overview tab: the override, if one was recorded (managers only; others see nothing). */
export function ReadinessOverrideNote({ edition }: { edition: Edition }) {
  const { data } = useReadiness(edition.id, edition.canManage && edition.status !== 'planning' && edition.status !== 'recruiting');
  return data?.override ? <OverrideAlert override={data.override} /> : null;
}

function OverrideModal({ editionId, onClose }: { editionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const override = useOverrideReadiness(editionId);
  return (
    <Modal
      open
      title={t('readiness.overrideTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('readiness.override')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      confirmLoading={override.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('readiness.overrideHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        name="readiness-override"
        onFinish={(v) =>
          override.mutate(v.reason.trim(), {
            onSuccess: () => {
              showSuccess(t('readiness.overrideDone'));
              onClose();
            },
          })
        }
      >
        <Form.Item
          name="reason"
          label={t('readiness.reason')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('readiness.reason') }) },
            {
              validator: (_, v: string | undefined) =>
                (v ?? '').trim().length >= 5 ? Promise.resolve() : Promise.reject(new Error(t('readiness.reasonTooShort'))),
            },
          ]}
        >
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} data-testid="readiness-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

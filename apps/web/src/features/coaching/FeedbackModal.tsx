import type { CoachingSession } from '@lecture-hall/shared';
import { COACHING_DIMENSION_LABELS, COACHING_DIMENSIONS } from '@lecture-hall/shared/domain/programme';
import { Button, Col, Input, InputNumber, Modal, Row, Segmented, Slider, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { useMe } from '../auth/session';
import { type FeedbackBody, useRecordFeedback, useTalkCoaching } from './api';
import { feedbackDraft, SCORE_MAX, SCORE_MIN, toFeedbackBody } from './coaching';

/** An expert of a session scores each of its speakers on the four dimensions (1–10) with notes. */
export function FeedbackModal({ session, onClose }: { session: CoachingSession; onClose: () => void }) {
  const { t } = useTranslation();
  const [talkId, setTalkId] = useState(session.talks[0]?.talkId ?? '');
  return (
    <Modal open title={t('coaching.recordTitle')} onCancel={onClose} footer={null} width={720} destroyOnHidden>
      <Segmented
        block
        value={talkId}
        onChange={(v) => setTalkId(String(v))}
        options={session.talks.map((x) => ({ value: x.talkId, label: `${x.order}. ${x.speakerName}` }))}
        style={{ marginBottom: 12 }}
      />
      {talkId && <FeedbackForm key={talkId} session={session} talkId={talkId} />}
    </Modal>
  );
}

function FeedbackForm({ session, talkId }: { session: CoachingSession; talkId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: me } = useMe();
  const { data: coaching, isPending } = useTalkCoaching(talkId);
  const record = useRecordFeedback();
  const [draft, setDraft] = useState<FeedbackBody>(() => feedbackDraft());
  const [loaded, setLoaded] = useState(false);

  // Start from this expert's earlier feedback for the session, if any.
  useEffect(() => {
    if (loaded || !coaching) return;
    const mine = coaching.sessions.find((s) => s.session.id === session.id)?.feedback.find((f) => f.expert === me?.displayName);
    setDraft(feedbackDraft(mine));
    setLoaded(true);
  }, [coaching, loaded, me?.displayName, session.id]);

  if (isPending) return <Spin />;

  return (
    <div data-testid="coaching-feedback-form">
      {COACHING_DIMENSIONS.map((d) => (
        <div key={d} style={{ marginBottom: 12 }}>
          <Row gutter={12} align="middle">
            <Col span={5}>
              <Typography.Text strong>{labelOf(COACHING_DIMENSION_LABELS, d, lang)}</Typography.Text>
            </Col>
            <Col span={14}>
              <Slider
                min={SCORE_MIN}
                max={SCORE_MAX}
                value={draft.scores[d]}
                onChange={(v) => setDraft((x) => ({ ...x, scores: { ...x.scores, [d]: v } }))}
                aria-label={labelOf(COACHING_DIMENSION_LABELS, d, lang)}
              />
            </Col>
            <Col span={5}>
              <InputNumber
                min={SCORE_MIN}
                max={SCORE_MAX}
                precision={0}
                value={draft.scores[d]}
                onChange={(v) => typeof v === 'number' && setDraft((x) => ({ ...x, scores: { ...x.scores, [d]: v } }))}
                data-testid={`score-${d}`}
                style={{ width: '100%' }}
              />
            </Col>
          </Row>
          <Input
            size="small"
            placeholder={t('coaching.notePlaceholder')}
            maxLength={1000}
            value={draft.notes[d]}
            onChange={(e) => setDraft((x) => ({ ...x, notes: { ...x.notes, [d]: e.target.value } }))}
            aria-label={t('coaching.noteFor', { dim: labelOf(COACHING_DIMENSION_LABELS, d, lang) })}
          />
        </div>
      ))}
      <Typography.Text strong>{t('coaching.overall')}</Typography.Text>
      <Input.TextArea
        style={{ marginTop: 4 }}
        maxLength={2000}
        autoSize={{ minRows: 3, maxRows: 8 }}
        value={draft.overall}
        onChange={(e) => setDraft((x) => ({ ...x, overall: e.target.value }))}
        aria-label={t('coaching.overall')}
      />
      <Space style={{ marginTop: 12, width: '100%', justifyContent: 'flex-end' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('coaching.recordHint')}
        </Typography.Text>
        <Button
          type="primary"
          loading={record.isPending}
          data-testid="coaching-save"
          onClick={() =>
            record.mutate({ sessionId: session.id, talkId, body: toFeedbackBody(draft) }, { onSuccess: () => showSuccess(t('coaching.recorded')) })
          }
        >
          {t('common.save')}
        </Button>
      </Space>
    </div>
  );
}

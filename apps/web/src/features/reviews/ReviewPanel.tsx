import { DeleteOutlined } from '@ant-design/icons';
import type { DeckVersion, Review } from '@lecture-hall/shared';
import { REVIEW_CHECKLIST, REVIEW_CHECKLIST_LABELS, REVIEW_VERDICT_LABELS, REVIEW_VERDICTS } from '@lecture-hall/shared/domain/programme';
import { Alert, Button, Card, Checkbox, Divider, Input, List, Popconfirm, Radio, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { useSubmitReview } from './api';
import { draftProblems, earlierOpenComments, emptyDraft, type ReviewDraft, toSubmitBody } from './draft';

/**
 * An assigned expert's review of the latest version: the five checklist items, comments anchored
 * to the page on screen, the earlier rounds' open comments to mark resolved, verdict and summary.
 */
export function ReviewPanel({
  version,
  reviews,
  page,
  viewingLatest,
  onJump,
}: {
  version: DeckVersion;
  reviews: readonly Review[];
  /** The page the viewer shows now; a new comment is anchored to it. */
  page: number;
  /** Whether the viewer shows this version (comments are only added to the version under review). */
  viewingLatest: boolean;
  onJump: (versionId: string, page: number) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [draft, setDraft] = useState<ReviewDraft>(emptyDraft);
  const [commentText, setCommentText] = useState('');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const submit = useSubmitReview();
  const earlier = useMemo(() => earlierOpenComments(reviews, version.version), [reviews, version.version]);
  const problems = draftProblems(draft);
  const update = (patch: Partial<ReviewDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const addComment = () => {
    const text = commentText.trim();
    if (!text) return;
    update({ comments: [...draft.comments, { key: `${Date.now()}-${draft.comments.length}`, page, text }] });
    setCommentText('');
  };

  const send = async () => {
    setSubmitError(null);
    try {
      await submit.mutateAsync({ versionId: version.id, body: toSubmitBody(draft, earlier) });
      // Not in mutate's own onSuccess: the refreshed deck unmounts this panel, and that callback dies with it.
      showSuccess(t('reviews.submitted'));
      setDraft(emptyDraft());
    } catch (err) {
      setSubmitError(errorText(err as Error));
    }
  };

  return (
    <Card size="small" title={t('reviews.panelTitle', { n: version.version })} data-testid="review-panel">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('reviews.checklist')}
      </Typography.Title>
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        {REVIEW_CHECKLIST.map((item) => {
          const entry = draft.checklist[item];
          return (
            <div key={item} data-testid={`checklist-${item}`}>
              <Space wrap size={8} style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong>{labelOf(REVIEW_CHECKLIST_LABELS, item, lang)}</Typography.Text>
                <Radio.Group
                  size="small"
                  optionType="button"
                  buttonStyle="solid"
                  value={entry.ok === null ? undefined : entry.ok ? 'ok' : 'fix'}
                  onChange={(e) => update({ checklist: { ...draft.checklist, [item]: { ...entry, ok: e.target.value === 'ok' } } })}
                  options={[
                    { value: 'ok', label: t('reviews.ok') },
                    { value: 'fix', label: t('reviews.needsWork') },
                  ]}
                />
              </Space>
              <Input
                size="small"
                style={{ marginTop: 4 }}
                placeholder={entry.ok === false ? t('reviews.notePlaceholderFix') : t('reviews.notePlaceholder')}
                maxLength={500}
                value={entry.note}
                aria-label={t('reviews.noteFor', { item: labelOf(REVIEW_CHECKLIST_LABELS, item, lang) })}
                onChange={(e) => update({ checklist: { ...draft.checklist, [item]: { ...entry, note: e.target.value } } })}
              />
            </div>
          );
        })}
      </Space>

      <Divider style={{ margin: '12px 0' }} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('reviews.pageComments')}
      </Typography.Title>
      <Input.TextArea
        data-testid="review-comment-input"
        value={commentText}
        onChange={(e) => setCommentText(e.target.value)}
        placeholder={t('reviews.commentOnPage', { n: page })}
        aria-label={t('reviews.commentOnPage', { n: page })}
        autoSize={{ minRows: 2, maxRows: 6 }}
        maxLength={2000}
        disabled={!viewingLatest}
      />
      <Space style={{ marginTop: 6, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {viewingLatest ? t('reviews.commentOnPage', { n: page }) : t('reviews.viewingOlder')}
        </Typography.Text>
        <Button size="small" disabled={!viewingLatest || commentText.trim() === ''} onClick={addComment}>
          {t('reviews.addComment')}
        </Button>
      </Space>
      {draft.comments.length > 0 && (
        <List
          size="small"
          data-testid="round-comments"
          style={{ marginTop: 8 }}
          dataSource={[...draft.comments].sort((a, b) => a.page - b.page)}
          renderItem={(c) => (
            <List.Item
              key={c.key}
              actions={[
                <Button
                  key="del"
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() => update({ comments: draft.comments.filter((x) => x.key !== c.key) })}
                />,
              ]}
            >
              <Space size={6} align="start">
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onJump(version.id, c.page)}>
                  {t('reviews.pageN', { n: c.page })}
                </Button>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}

      {earlier.length > 0 && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('reviews.earlierComments')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
            {t('reviews.earlierHint')}
          </Typography.Paragraph>
          <List
            size="small"
            data-testid="earlier-comments"
            dataSource={earlier}
            renderItem={(c) => (
              <List.Item key={c.id} data-testid={`earlier-comment-${c.id}`}>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space size={6} wrap>
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onJump(c.deckVersionId, c.page)}>
                      {t('reviews.versionPage', { v: c.version, n: c.page })}
                    </Button>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.author}
                    </Typography.Text>
                  </Space>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>
                  <Checkbox checked={draft.resolved[c.id] === true} onChange={(e) => update({ resolved: { ...draft.resolved, [c.id]: e.target.checked } })}>
                    {t('reviews.resolved')}
                  </Checkbox>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}

      <Divider style={{ margin: '12px 0' }} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('reviews.verdict')}
      </Typography.Title>
      <Radio.Group
        value={draft.verdict ?? undefined}
        onChange={(e) => update({ verdict: e.target.value })}
        options={REVIEW_VERDICTS.map((v) => ({ value: v, label: labelOf(REVIEW_VERDICT_LABELS, v, lang) }))}
      />
      <Input.TextArea
        style={{ marginTop: 8 }}
        value={draft.summary}
        onChange={(e) => update({ summary: e.target.value })}
        placeholder={draft.verdict === 'approve' ? t('reviews.summaryOptional') : t('reviews.summaryRequired')}
        aria-label={t('reviews.summary')}
        autoSize={{ minRows: 3, maxRows: 8 }}
        maxLength={2000}
        data-testid="review-summary"
      />
      {problems.length > 0 && (
        <ul style={{ margin: '8px 0 0', paddingInlineStart: 18, color: 'rgba(0,0,0,0.45)', fontSize: 12 }} data-testid="review-problems">
          {problems.map((p) => (
            <li key={p}>{t(`reviews.problem.${p}`)}</li>
          ))}
        </ul>
      )}
      {submitError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={submitError} data-testid="review-submit-error" />}
      <div style={{ marginTop: 12, textAlign: 'right' }}>
        <Popconfirm
          title={t('reviews.submit')}
          description={draft.verdict ? t(`reviews.confirm.${draft.verdict}`) : undefined}
          onConfirm={send}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          disabled={problems.length > 0}
        >
          <Button type="primary" disabled={problems.length > 0} loading={submit.isPending}>
            {t('reviews.submit')}
          </Button>
        </Popconfirm>
      </div>
    </Card>
  );
}

import { ArrowLeftOutlined, TeamOutlined } from '@ant-design/icons';
import { DECK_STATUS_LABELS } from '@lecture-hall/shared/domain/programme';
import { Alert, Button, Card, Empty, Progress, Result, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText, showError } from '../../app/feedback';
import { PageSpin } from '../../app/guards';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { TalkCoachingCard } from '../coaching/TalkCoachingCard';
import { useReviews } from '../reviews/api';
import { ReviewHistory } from '../reviews/ReviewHistory';
import { ReviewPanel } from '../reviews/ReviewPanel';
import { AssignExpertsModal } from './AssignExpertsModal';
import { downloadVersion, useDeck, usePreview } from './api';
import { DeckUpload } from './DeckUpload';
import { DECK_STATUS_COLORS, latestVersion, nextAction, previewState } from './deckStatus';
import { VersionList } from './VersionList';

// pdf.js is big: only this viewer imports it, loaded when a deck is opened.
const PdfViewer = lazy(async () => ({ default: (await import('./PdfViewer')).PdfViewer }));

/** Why a preview answered an error: the server's details.message for 409 preview_unavailable, else its message. */
function previewError(err: unknown): string {
  if (isApiError(err) && err.details && typeof err.details === 'object' && 'message' in err.details) {
    const m = (err.details as { message?: unknown }).message;
    if (typeof m === 'string' && m) return m;
  }
  return errorText(err);
}

/**
 * One speaker's courseware: versions and the upload on the left, the PDF in the middle, the
 * review (for an assigned expert on the latest version) and the review history on the right.
 */
export function DeckWorkspace({ talkId, onBack }: { talkId: string; onBack?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: deck, error, isPending } = useDeck(talkId);
  const { data: reviews = [] } = useReviews(talkId);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState(false);
  const [, setPageCount] = useState(0);
  const onPageCount = useCallback((n: number) => {
    setPageCount(n);
    setPage((p) => Math.min(Math.max(1, p), Math.max(1, n)));
  }, []);

  const latest = deck ? latestVersion(deck.versions) : null;
  const selected = deck?.versions.find((v) => v.id === selectedId) ?? latest;
  const state = selected ? previewState(selected) : null;
  const preview = usePreview(selected?.id, state?.kind === 'ready');

  // A new talk starts on page 1 of its latest version.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the talk changes
  useEffect(() => {
    setSelectedId(null);
    setPage(1);
  }, [talkId]);

  if (isPending) return <PageSpin />;
  if (error || !deck) return <Result status="warning" title={error?.message ?? t('app.notFound')} />;

  const jump = (versionId: string, p: number) => {
    if (versionId !== selected?.id) setSelectedId(versionId);
    setPage(p);
  };
  const next = nextAction(deck.status, deck, deck.experts.length);
  const reviewing = deck.canReview && latest !== null && deck.status === 'awaiting_review';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="deck-workspace">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          {onBack && <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('decks.back')} onClick={onBack} />}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {deck.order}. {deck.speakerName} · {deck.talkTitle || t('talks.untitled')}
          </Typography.Title>
          <Tag color={DECK_STATUS_COLORS[deck.status]} data-testid="deck-status">
            {labelOf(DECK_STATUS_LABELS, deck.status, lang)}
          </Tag>
        </Space>
        <Space wrap>
          <TeamOutlined />
          <Typography.Text type="secondary">{t('decks.experts')}：</Typography.Text>
          {deck.experts.length > 0 ? (
            deck.experts.map((e) => <Tag key={e.userId}>{e.displayName}</Tag>)
          ) : (
            <Typography.Text type="secondary">{t('decks.noExperts')}</Typography.Text>
          )}
          {deck.canAssign && (
            <Button size="small" onClick={() => setAssigning(true)}>
              {t('decks.assign')}
            </Button>
          )}
        </Space>
      </Space>
      {next !== 'done' && (
        <Alert type={next === 'review' || next.startsWith('upload') ? 'info' : 'warning'} showIcon title={t(`decks.next.${next}`)} data-testid="deck-next" />
      )}

      <div style={{ display: 'grid', gridTemplateColumns: '220px minmax(0, 1fr) 340px', gap: 12, alignItems: 'start' }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {deck.canUpload && <DeckUpload talkId={talkId} onUploaded={(id) => jump(id, 1)} />}
          <Card size="small" title={t('decks.versions')} styles={{ body: { padding: 6 } }}>
            <VersionList
              versions={deck.versions}
              selectedId={selected?.id ?? null}
              latestId={latest?.id ?? null}
              onSelect={(id) => {
                setSelectedId(id);
                setPage(1);
              }}
            />
          </Card>
        </Space>

        <div style={{ minWidth: 0 }}>
          {!selected ? (
            <Card>
              <Empty description={deck.canUpload ? t('decks.emptyUpload') : t('decks.emptyWait')} />
            </Card>
          ) : state?.kind === 'converting' ? (
            <Card>
              <Result
                icon={<Spin />}
                title={t('decks.conversion.running')}
                extra={<Progress percent={state.progress} status="active" style={{ maxWidth: 320, margin: '0 auto' }} />}
              />
            </Card>
          ) : state?.kind === 'none' ? (
            <Card>
              <Result
                status="info"
                title={t('decks.conversion.none')}
                subTitle={state.message ?? undefined}
                extra={
                  <Button type="primary" onClick={() => downloadVersion(selected).catch(showError)}>
                    {t('decks.download')}
                  </Button>
                }
              />
            </Card>
          ) : preview.error ? (
            <Card>
              <Result
                status="info"
                title={t('decks.conversion.none')}
                subTitle={previewError(preview.error)}
                extra={
                  <Button type="primary" onClick={() => downloadVersion(selected).catch(showError)}>
                    {t('decks.download')}
                  </Button>
                }
              />
            </Card>
          ) : preview.data ? (
            <Suspense fallback={<PageSpin />}>
              <PdfViewer key={selected.id} blob={preview.data} page={page} onPageChange={setPage} onPageCount={onPageCount} />
            </Suspense>
          ) : (
            <PageSpin />
          )}
          {selected && latest && selected.id !== latest.id && (
            <Alert
              style={{ marginTop: 8 }}
              type="info"
              showIcon
              title={t('decks.viewingOld', { n: selected.version, latest: latest.version })}
              action={
                <Button size="small" onClick={() => jump(latest.id, 1)}>
                  {t('decks.toLatest')}
                </Button>
              }
            />
          )}
        </div>

        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {reviewing && latest && (
            <ReviewPanel key={latest.id} version={latest} reviews={reviews} page={page} viewingLatest={selected?.id === latest.id} onJump={jump} />
          )}
          <ReviewHistory reviews={reviews} onJump={jump} />
        </Space>
      </div>

      <TalkCoachingCard talkId={talkId} hideWhenEmpty />
      {assigning && <AssignExpertsModal deck={deck} onClose={() => setAssigning(false)} />}
    </Space>
  );
}

import type { Deck, Edition } from '@lecture-hall/shared';
import { DECK_STATUS_LABELS } from '@lecture-hall/shared/domain/programme';
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { AssignExpertsModal } from './AssignExpertsModal';
import { useEditionDecks } from './api';
import { DeckWorkspace } from './DeckWorkspace';
import { DECK_STATUS_COLORS, latestNumber, nextAction } from './deckStatus';

/**
 * 课件审核: the talks the caller may see in running order with where their decks stand; a row
 * opens the deck workspace in place (?talk=<id>, also the target of notification links).
 */
export function DecksPanel({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const { data = [], isFetching } = useEditionDecks(edition.id);
  const [assigning, setAssigning] = useState<Deck | null>(null);
  const talk = params.get('talk');

  const open = (talkId: string | null) => {
    const next = new URLSearchParams(params);
    next.set('tab', 'decks');
    if (talkId) next.set('talk', talkId);
    else next.delete('talk');
    setParams(next);
  };

  if (talk) return <DeckWorkspace talkId={talk} onBack={() => open(null)} />;

  return (
    <>
      <Table<Deck>
        data-testid="decks-table"
        rowKey="talkId"
        size="middle"
        loading={isFetching}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('decks.emptyTable')} /> }}
        onRow={(d) => ({ onClick: () => open(d.talkId), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('decks.order'), dataIndex: 'order', width: 64 },
          { title: t('decks.speaker'), dataIndex: 'speakerName', width: 120 },
          {
            title: t('decks.talk'),
            dataIndex: 'talkTitle',
            render: (v: string) => v || <Typography.Text type="secondary">{t('talks.untitled')}</Typography.Text>,
          },
          {
            title: t('decks.latestVersion'),
            key: 'latest',
            width: 100,
            render: (_, d) => {
              const n = latestNumber(d);
              return n === null ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : t('decks.versionN', { n });
            },
          },
          {
            title: t('decks.status'),
            dataIndex: 'status',
            width: 110,
            render: (_, d) => <Tag color={DECK_STATUS_COLORS[d.status]}>{labelOf(DECK_STATUS_LABELS, d.status, lang)}</Tag>,
          },
          {
            title: t('decks.experts'),
            key: 'experts',
            render: (_, d) =>
              d.experts.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {d.experts.map((e) => (
                    <Tag key={e.userId}>{e.displayName}</Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('decks.noExperts')}</Typography.Text>
              ),
          },
          {
            title: t('decks.nextStep'),
            key: 'next',
            render: (_, d) => <Typography.Text type="secondary">{t(`decks.nextShort.${nextAction(d.status, d, d.experts.length)}`)}</Typography.Text>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_, d) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(d.talkId)}>
                  {t('decks.open')}
                </Button>
                {d.canAssign && (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`assign-experts-${d.order}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      setAssigning(d);
                    }}
                  >
                    {t('decks.assign')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {assigning && <AssignExpertsModal deck={assigning} onClose={() => setAssigning(null)} />}
    </>
  );
}

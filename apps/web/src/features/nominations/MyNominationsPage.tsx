import type { Nomination } from '@lecture-hall/shared';
import { NOMINATION_CHANNEL_LABELS, NOMINATION_STATE_LABELS, TALK_ANGLE_LABELS } from '@lecture-hall/shared/domain/programme';
import { Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { formatDateTime } from '../../lib/format';
import { editionNo, labelOf } from '../../lib/programme';
import { useMe } from '../auth/session';
import { useDecideNomination, useMyNominations } from './api';
import { CHANNEL_COLORS, STATE_COLORS } from './CandidateBoard';
import { isOpen } from './selection';

/** 我的推选: nominations of the caller (as nominee) and by the caller (as nominator). */
export function MyNominationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const { data = [], isFetching } = useMyNominations();
  const decide = useDecideNomination();

  return (
    <Card title={t('myNominations.title')}>
      <Table<Nomination>
        data-testid="my-nominations"
        rowKey="id"
        loading={isFetching}
        dataSource={data}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{
          emptyText: (
            <Empty description={t('myNominations.empty')}>
              <Typography.Paragraph type="secondary">{t('myNominations.emptyHint')}</Typography.Paragraph>
              <Button type="primary" onClick={() => navigate('/editions?status=recruiting')}>
                {t('myNominations.findRecruiting')}
              </Button>
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('myNominations.edition'),
            key: 'edition',
            render: (_, n) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/editions/${n.editionId}`}>
                  {editionNo(n.editionSeq, lang)} {n.editionTitle}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {n.hallName}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('myNominations.role'),
            key: 'role',
            width: 110,
            render: (_, n) => (me?.personId && n.personId === me.personId ? t('myNominations.asNominee') : t('myNominations.asNominator')),
          },
          { title: t('candidates.name'), dataIndex: 'personName', width: 100 },
          {
            title: t('candidates.channel'),
            dataIndex: 'channel',
            width: 100,
            render: (c: Nomination['channel']) => <Tag color={CHANNEL_COLORS[c]}>{labelOf(NOMINATION_CHANNEL_LABELS, c, lang)}</Tag>,
          },
          {
            title: t('candidates.state'),
            dataIndex: 'state',
            width: 90,
            render: (s: Nomination['state']) => <Tag color={STATE_COLORS[s]}>{labelOf(NOMINATION_STATE_LABELS, s, lang)}</Tag>,
          },
          {
            title: t('candidates.proposed'),
            key: 'proposed',
            render: (_, n) =>
              n.proposed.title ? (
                <Space size={4} wrap>
                  <span>{n.proposed.title}</span>
                  {n.proposed.angle && <Tag>{labelOf(TALK_ANGLE_LABELS, n.proposed.angle, lang)}</Tag>}
                </Space>
              ) : (
                t('common.none')
              ),
          },
          { title: t('myNominations.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_, n) =>
              isOpen(n) ? (
                <Popconfirm
                  title={t('candidates.confirm.withdraw', { name: n.personName })}
                  onConfirm={() =>
                    decide.mutateAsync({ id: n.id, action: 'withdraw' }).then(() => showSuccess(t('candidates.done.withdraw', { name: n.personName })))
                  }
                >
                  <Button type="link" size="small" danger>
                    {t('candidates.action.withdraw')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

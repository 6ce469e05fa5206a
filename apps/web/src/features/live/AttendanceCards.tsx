import { DownloadOutlined } from '@ant-design/icons';
import type { Edition } from '@lecture-hall/shared';
import { AUDIENCE_CATEGORIES, AUDIENCE_CATEGORY_LABELS, type AudienceCategory } from '@lecture-hall/shared/domain/programme';
import { Button, Card, Col, Descriptions, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBusy } from '../../app/useBusy';
import { useLang } from '../../app/useLang';
import { editionNo, labelOf } from '../../lib/programme';
import { exportAttendance, useAttendance, useHallAttendance } from './api';

/** Editions that have (had) a live session show their attendance. */
const HAS_ATTENDANCE = new Set(['live', 'closed', 'published']);

/** 人次 of one edition: total, by category, by class (党校学员), second devices; exportable. */
export function EditionAttendanceCard({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const lang = useLang();
  const enabled = HAS_ATTENDANCE.has(edition.status);
  const { data } = useAttendance(edition.id, enabled);
  const [exporting, start] = useBusy();
  if (!enabled || !data) return null;
  const run = () => start('busy', () => exportAttendance(edition.id));
  return (
    <Card
      title={t('live.attendance')}
      size="small"
      data-testid="attendance-card"
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting !== null} onClick={run} data-testid="attendance-export">
          {t('live.export')}
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('live.personTimes')} value={data.total} valueRender={(n) => <span data-testid="attendance-total">{n}</span>} />
        </Col>
        {AUDIENCE_CATEGORIES.map((c: AudienceCategory) => (
          <Col xs={12} md={5} key={c}>
            <Statistic title={labelOf(AUDIENCE_CATEGORY_LABELS, c, lang)} value={data.byCategory[c] ?? 0} />
          </Col>
        ))}
        <Col xs={12} md={3}>
          <Statistic title={t('live.secondDevices')} value={data.secondDevices} />
        </Col>
      </Row>
      {data.byClass.length > 0 && (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} title={t('live.byClass')} style={{ marginTop: 16 }}>
          {data.byClass.map((c) => (
            <Descriptions.Item key={c.className || '—'} label={c.className || t('common.none')}>
              {c.count}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

/** Cumulative 人次 of a hall, by category and per edition. */
export function HallAttendanceCard({ hallId }: { hallId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data } = useHallAttendance(hallId);
  if (!data) return null;
  return (
    <Card title={t('live.hallAttendance')} size="small" data-testid="hall-attendance-card">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('live.cumulative')} value={data.total} />
        </Col>
        {AUDIENCE_CATEGORIES.map((c: AudienceCategory) => (
          <Col xs={12} md={6} key={c}>
            <Statistic title={labelOf(AUDIENCE_CATEGORY_LABELS, c, lang)} value={data.byCategory[c] ?? 0} />
          </Col>
        ))}
      </Row>
      {data.editions.length > 0 ? (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="editionId"
          pagination={false}
          dataSource={data.editions}
          columns={[
            { title: t('live.edition'), key: 'e', render: (_, e) => `${editionNo(e.seq, lang)} ${e.title}` },
            { title: t('live.date'), dataIndex: 'date', width: 120 },
            { title: t('live.personTimes'), dataIndex: 'total', width: 100 },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('live.noAttendance')}</Typography.Text>
      )}
    </Card>
  );
}

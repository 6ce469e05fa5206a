import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Result, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageSpin } from '../../app/guards';
import { useLang } from '../../app/useLang';
import { editionNo } from '../../lib/programme';
import { useEditions } from '../editions/api';
import { EditionDrawer } from '../editions/EditionDrawer';
import { EditionsTable } from '../editions/EditionsTable';
import { HallAttendanceCard } from '../live/AttendanceCards';
import { HallTrendCard } from '../results/HallTrendCard';
import { useHall } from './api';
import { CommentaryPanel } from './CommentaryPanel';
import { HallDrawer } from './HallDrawer';
import { RubricTable } from './RubricEditor';
import { StagesPanel } from './StagesPanel';

export function HallDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { data: hall, isPending, error } = useHall(id);
  const { data: editions, isFetching } = useEditions({ hallId: id }, 1, 200, !!id);
  const [editing, setEditing] = useState(false);
  const [creating, setCreating] = useState(false);

  if (isPending) return <PageSpin />;
  if (error || !hall) return <Result status="warning" title={error?.message ?? t('app.notFound')} />;

  const editionItems = editions?.items ?? [];
  const labelOfEdition = (editionId: string) => {
    const e = editionItems.find((x) => x.id === editionId);
    return e ? `${editionNo(e.seq, lang)} ${e.title}` : undefined;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('halls.back')} onClick={() => navigate('/halls')} />
            {hall.name}
          </Space>
        }
        extra={
          hall.canManage && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('halls.editTitle')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('halls.unit')}>{hall.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('halls.youngAgeLimit')}>{t('halls.ageValue', { age: hall.youngAgeLimit })}</Descriptions.Item>
          <Descriptions.Item label={t('halls.repeatWindow')}>{t('halls.repeatValue', { n: hall.repeatWindow })}</Descriptions.Item>
          <Descriptions.Item label={t('halls.defaultSpeakerCount')}>{hall.defaultSpeakerCount}</Descriptions.Item>
          <Descriptions.Item label={t('halls.editionCount')}>{hall.editionCount}</Descriptions.Item>
          <Descriptions.Item label={t('results.hallSettings.speakersSeeResults')}>
            {hall.speakersSeeResults ? t('results.hallSettings.yes') : t('results.hallSettings.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('results.hallSettings.screenShowsResults')}>
            {hall.screenShowsResults ? t('results.hallSettings.yes') : t('results.hallSettings.no')}
          </Descriptions.Item>
          {hall.description && (
            <Descriptions.Item label={t('halls.description')} span={3}>
              {hall.description}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <HallAttendanceCard hallId={hall.id} />
      <HallTrendCard hallId={hall.id} />
      <Card>
        <Tabs
          items={[
            {
              key: 'editions',
              label: t('halls.editionsTab'),
              children: (
                <>
                  {hall.canManage && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>
                      {t('editions.create')}
                    </Button>
                  )}
                  <EditionsTable editions={editionItems} loading={isFetching} showHall={false} />
                </>
              ),
            },
            { key: 'stages', label: t('halls.stagesTab'), children: <StagesPanel hallId={hall.id} canManage={hall.canManage} /> },
            {
              key: 'commentary',
              label: t('commentary.title'),
              children: <CommentaryPanel hallId={hall.id} canManage={hall.canManage} editionLabel={labelOfEdition} />,
            },
            { key: 'rubric', label: t('halls.defaultRubric'), children: <RubricTable rubric={hall.defaultRubric} /> },
          ]}
        />
      </Card>
      {editing && <HallDrawer hall={hall} onClose={() => setEditing(false)} />}
      {creating && <EditionDrawer hall={hall} edition={null} onClose={() => setCreating(false)} />}
    </Space>
  );
}

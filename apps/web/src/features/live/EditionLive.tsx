import { DesktopOutlined, PlayCircleOutlined, StarOutlined } from '@ant-design/icons';
import type { Edition } from '@lecture-hall/shared';
import { Button, Card, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { showSuccess } from '../../app/feedback';
import { canHost } from '../../app/nav';
import { useRoles } from '../auth/session';
import { useExperts } from '../decks/api';
import { EditionAttendanceCard } from './AttendanceCards';
import { useAppointLiveExperts, useLiveExperts } from './api';

const LIVE_OR_READY = new Set(['ready', 'live']);

/** Buttons on the edition page: the host console, the big screen, the expert's scoring page. */
export function EditionLiveLinks({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const roles = useRoles();
  if (!LIVE_OR_READY.has(edition.status)) return null;
  const id = encodeURIComponent(edition.id);
  const host = canHost(roles);
  const expert = roles.has('expert') && edition.status === 'live';
  if (!host && !expert) return null;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {host && (
        <Link to={`/editions/${id}/live`}>
          <Button type="primary" icon={<PlayCircleOutlined />} data-testid="open-live-console">
            {t('live.consoleTitle')}
          </Button>
        </Link>
      )}
      {host && (
        <Button icon={<DesktopOutlined />} href={`/screen/${id}`} target="_blank" rel="noopener">
          {t('live.openScreen')}
        </Button>
      )}
      {expert && (
        <Link to={`/editions/${id}/live/expert`}>
          <Button icon={<StarOutlined />} data-testid="open-expert-scoring">
            {t('live.expertTitle')}
          </Button>
        </Link>
      )}
    </Space>
  );
}

/** The live cards under the edition's header: attendance, and the expert panel for managers. */
export function EditionLiveCards({ edition }: { edition: Edition }) {
  return (
    <>
      <EditionAttendanceCard edition={edition} />
      {edition.canManage && edition.status !== 'published' && edition.status !== 'closed' && <LiveExpertsCard edition={edition} />}
    </>
  );
}

/** Appoints the experts who score this edition live (the expert group). */
function LiveExpertsCard({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { data: appointed = [], isFetched } = useLiveExperts(edition.id);
  const { data: candidates = [], isFetching } = useExperts(edition.id);
  const save = useAppointLiveExperts(edition.id);
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => setIds(appointed.map((e) => e.userId)), [appointed]);
  if (!isFetched) return null;
  const options = [...new Map([...candidates, ...appointed].map((e) => [e.userId, { value: e.userId, label: e.displayName }])).values()];
  const dirty = ids.join(',') !== appointed.map((e) => e.userId).join(',');
  return (
    <Card title={t('live.experts')} size="small" data-testid="live-experts-card">
      <Space wrap style={{ width: '100%' }}>
        <Select
          mode="multiple"
          style={{ minWidth: 320 }}
          value={ids}
          onChange={setIds}
          loading={isFetching}
          options={options}
          optionFilterProp="label"
          placeholder={t('live.expertsPlaceholder')}
          aria-label={t('live.experts')}
          maxCount={20}
        />
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutateAsync(ids).then(() => showSuccess(t('common.saved')))}>
          {t('common.save')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('live.expertsHint')}
      </Typography.Paragraph>
    </Card>
  );
}

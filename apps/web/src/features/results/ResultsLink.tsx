import { BarChartOutlined } from '@ant-design/icons';
import type { Edition } from '@lecture-hall/shared';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRoles } from '../auth/session';
import { mayOpenResults } from './access';

/** The edition page's way to its results: the draft for managers once closed, the published results for readers. */
export function ResultsLink({ edition }: { edition: Pick<Edition, 'id' | 'status' | 'canManage'> }) {
  const { t } = useTranslation();
  const roles = useRoles();
  if (!mayOpenResults(edition, roles)) return null;
  return (
    <div style={{ marginBottom: 12 }}>
      <Link to={`/editions/${encodeURIComponent(edition.id)}/results`}>
        <Button type={edition.status === 'closed' ? 'primary' : 'default'} icon={<BarChartOutlined />} data-testid="open-results">
          {edition.status === 'closed' ? t('results.openDraft') : t('results.open')}
        </Button>
      </Link>
    </div>
  );
}

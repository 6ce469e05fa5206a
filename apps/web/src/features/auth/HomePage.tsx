import { Alert, Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLang } from '../../app/useLang';
import { grantLabel } from '../../lib/roles';
import { useMe } from './session';

export function HomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3}>{t('home.welcome', { name: me.displayName })}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        {me.mustChangePassword && (
          <Alert
            type="warning"
            showIcon
            title={t('home.mustChange')}
            action={
              <Button size="small" onClick={() => navigate('/account')}>
                {t('home.goChange')}
              </Button>
            }
          />
        )}
        <Descriptions
          column={1}
          bordered
          style={{ marginTop: 16, maxWidth: 720 }}
          items={[
            { key: 'username', label: t('home.username'), children: me.username },
            { key: 'displayName', label: t('home.displayName'), children: me.displayName },
            { key: 'person', label: t('home.linkedPerson'), children: me.personId ? me.personId : t('home.notLinked') },
          ]}
        />
      </Card>
      <Card title={t('home.grants')}>
        {me.grants.length === 0 ? (
          <Empty description={t('home.noGrants')} />
        ) : (
          <Space wrap data-testid="my-grants">
            {me.grants.map((g) => (
              <Tag key={g.id} color="red" style={{ fontSize: 14, padding: '4px 10px' }}>
                {grantLabel(g, lang)}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
    </Space>
  );
}

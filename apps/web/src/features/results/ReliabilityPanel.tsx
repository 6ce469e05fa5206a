import type { PanelReliability } from '@lecture-hall/shared';
import { Alert, Card, Col, Collapse, Descriptions, Empty, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { alphaVerdict, formatInterval, formatScore, iccVerdict, type Verdict } from './format';

const VERDICT_COLORS: Record<Verdict | 'acceptable' | 'tentative', string> = {
  poor: 'red',
  moderate: 'gold',
  tentative: 'gold',
  good: 'green',
  acceptable: 'green',
  excellent: 'green',
};

/** Per rater group: how far the raters agree, each figure with a sentence on how to read it. */
export function ReliabilityPanel({ reliability }: { reliability: readonly PanelReliability[] }) {
  const { t } = useTranslation();
  if (reliability.length === 0) return <Empty description={t('results.rel.none')} />;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Alert type="info" showIcon title={t('results.rel.intro')} />
      </Col>
      {reliability.map((r) => (
        <Col key={r.group} xs={24} xl={12}>
          <GroupCard r={r} />
        </Col>
      ))}
      <Col span={24}>
        <Collapse
          items={[
            {
              key: 'help',
              label: t('results.rel.howToRead'),
              children: (
                <Typography>
                  <Typography.Paragraph>{t('results.rel.helpIcc')}</Typography.Paragraph>
                  <Typography.Paragraph>{t('results.rel.helpCronbach')}</Typography.Paragraph>
                  <Typography.Paragraph>{t('results.rel.helpKendall')}</Typography.Paragraph>
                  <Typography.Paragraph>{t('results.rel.helpKrippendorff')}</Typography.Paragraph>
                  <Typography.Paragraph type="secondary">{t('results.rel.sources')}</Typography.Paragraph>
                </Typography>
              ),
            },
          ]}
        />
      </Col>
    </Row>
  );
}

function GroupCard({ r }: { r: PanelReliability }) {
  const { t } = useTranslation();
  const verdictTag = (v: Verdict | 'acceptable' | 'tentative') => <Tag color={VERDICT_COLORS[v]}>{t(`results.verdict.${v}`)}</Tag>;
  const groupName = r.group === 'audience' ? t('results.group.audience') : t('results.group.expert');
  return (
    <Card size="small" title={groupName} data-testid={`reliability-${r.group}`}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('results.rel.raters')}>{t('results.rel.ratersLine', { n: r.raters, complete: r.completeRaters })}</Descriptions.Item>
        {r.icc ? (
          <>
            <Descriptions.Item label="ICC(2,1)">
              {formatScore(r.icc.ICC2, 3)} {r.iccCi95 && <Typography.Text type="secondary">95% CI {formatInterval(r.iccCi95.ICC2, 3)}</Typography.Text>}{' '}
              {verdictTag(iccVerdict(r.icc.ICC2))}
              <div>
                <Typography.Text type="secondary">{t('results.rel.icc21')}</Typography.Text>
              </div>
            </Descriptions.Item>
            <Descriptions.Item label="ICC(2,k)">
              <b>{formatScore(r.icc.ICC2k, 3)}</b>{' '}
              {r.iccCi95 && <Typography.Text type="secondary">95% CI {formatInterval(r.iccCi95.ICC2k, 3)}</Typography.Text>}{' '}
              {verdictTag(iccVerdict(r.icc.ICC2k))}
              <div>
                <Typography.Text type="secondary">{t('results.rel.icc2k')}</Typography.Text>
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('results.rel.otherIcc')}>
              <Typography.Text type="secondary">
                ICC(1,1) {formatScore(r.icc.ICC1, 3)} · ICC(3,1) {formatScore(r.icc.ICC3, 3)} · ICC(1,k) {formatScore(r.icc.ICC1k, 3)} · ICC(3,k){' '}
                {formatScore(r.icc.ICC3k, 3)}
              </Typography.Text>
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label="ICC">{t('results.rel.notComputed')}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('results.rel.cronbach')}>
          {r.cronbachAlpha === null ? (
            t('results.rel.notComputed')
          ) : (
            <>
              {formatScore(r.cronbachAlpha, 3)} {verdictTag(alphaVerdict(r.cronbachAlpha, 'cronbach'))}
            </>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('results.rel.kendall')}>
          {r.kendallW === null ? t('results.rel.notComputed') : formatScore(r.kendallW, 3)}
        </Descriptions.Item>
        <Descriptions.Item label={t('results.rel.krippendorff')}>
          {r.krippendorffAlpha === null ? (
            t('results.rel.notComputed')
          ) : (
            <span>
              {(['nominal', 'ordinal', 'interval', 'ratio'] as const).map((level) => (
                <span key={level} style={{ marginInlineEnd: 12, whiteSpace: 'nowrap' }}>
                  {t(`results.rel.level.${level}`)} {formatScore(r.krippendorffAlpha?.[level], 3)}
                </span>
              ))}
              {verdictTag(alphaVerdict(r.krippendorffAlpha.interval, 'krippendorff'))}
              <div>
                <Typography.Text type="secondary">{t('results.rel.krippendorffNote')}</Typography.Text>
              </div>
            </span>
          )}
        </Descriptions.Item>
      </Descriptions>
      {r.notes.length > 0 && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={t('results.rel.notes')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {r.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}

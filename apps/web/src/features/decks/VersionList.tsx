import { DownloadOutlined } from '@ant-design/icons';
import type { DeckVersion } from '@lecture-hall/shared';
import { Alert, Button, Empty, List, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/feedback';
import { formatDateTime } from '../../lib/format';
import { downloadVersion } from './api';
import { formatSize, newestFirst, previewState } from './deckStatus';

/** 版本 N, newest first: who uploaded it when, its size, a download, and where its PPTX preview stands. */
export function VersionList({
  versions,
  selectedId,
  latestId,
  onSelect,
}: {
  versions: readonly DeckVersion[];
  selectedId: string | null;
  latestId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (versions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('decks.noVersions')} />;
  return (
    <List<DeckVersion>
      size="small"
      data-testid="deck-versions"
      dataSource={newestFirst(versions)}
      renderItem={(v) => {
        const state = previewState(v);
        const selected = v.id === selectedId;
        return (
          <List.Item
            key={v.id}
            data-testid={`deck-version-${v.version}`}
            onClick={() => onSelect(v.id)}
            style={{
              cursor: 'pointer',
              display: 'block',
              padding: '8px 10px',
              borderRadius: 6,
              marginBottom: 4,
              background: selected ? '#fff1f0' : undefined,
              border: selected ? '1px solid #ffa39e' : '1px solid transparent',
            }}
          >
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space size={4} wrap>
                <Typography.Text strong>{t('decks.versionN', { n: v.version })}</Typography.Text>
                {v.id === latestId && <Tag color="red">{t('decks.latest')}</Tag>}
                <Tag>{v.kind.toUpperCase()}</Tag>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: v.filename }}>
                {v.filename}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {v.uploadedBy} · {formatDateTime(v.createdAt)}
              </Typography.Text>
              <Space size={4}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatSize(v.size)}
                  {v.pageCount ? ` · ${t('decks.pages', { n: v.pageCount })}` : ''}
                </Typography.Text>
                <Button
                  type="link"
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={(e) => {
                    e.stopPropagation();
                    downloadVersion(v).catch(showError);
                  }}
                >
                  {t('decks.download')}
                </Button>
              </Space>
              {state.kind === 'converting' && (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {v.conversion.status === 'queued' ? t('decks.conversion.queued') : t('decks.conversion.running')}
                  </Typography.Text>
                  <Progress percent={state.progress} size="small" status="active" />
                </div>
              )}
              {state.kind === 'none' && (
                <Alert type="warning" showIcon style={{ fontSize: 12, padding: '4px 8px' }} title={state.message ?? t('decks.conversion.none')} />
              )}
            </Space>
          </List.Item>
        );
      }}
    />
  );
}

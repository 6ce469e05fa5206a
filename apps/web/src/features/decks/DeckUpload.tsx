import { InboxOutlined } from '@ant-design/icons';
import { Alert, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText, showSuccess } from '../../app/feedback';
import { useUploadDeck } from './api';
import { looksLikeDeck } from './deckStatus';

/** Past this size the server may cut the connection before it can answer 413; say why rather than "network error". */
const DEFAULT_LIMIT_BYTES = 100 * 1024 * 1024;

/** The speaker's upload area: PDF or PPTX, progress while it goes up, the server's refusal in the user's language. */
export function DeckUpload({ talkId, onUploaded }: { talkId: string; onUploaded: (versionId: string) => void }) {
  const { t } = useTranslation();
  const upload = useUploadDeck(talkId);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  return (
    <div data-testid="deck-upload">
      <Upload.Dragger
        accept=".pdf,.pptx"
        multiple={false}
        showUploadList={false}
        disabled={upload.isPending}
        beforeUpload={(file) => {
          if (!looksLikeDeck(file.name)) {
            setError(t('decks.upload.typeHint'));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file }) => {
          const f = file as File;
          setError(null);
          setPercent(0);
          upload.mutate(
            { file: f, onProgress: setPercent },
            {
              onSuccess: (v) => {
                setPercent(null);
                showSuccess(t('decks.upload.done', { n: v.version }));
                onUploaded(v.id);
              },
              onError: (err) => {
                setPercent(null);
                setError(isApiError(err) && err.code === 'network_error' && f.size > DEFAULT_LIMIT_BYTES ? t('decks.upload.tooLarge') : errorText(err));
              },
            },
          );
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('decks.upload.title')}</p>
        <p className="ant-upload-hint">{t('decks.upload.hint')}</p>
      </Upload.Dragger>
      {percent !== null && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {percent < 100 ? t('decks.upload.uploading') : t('decks.upload.checking')}
          </Typography.Text>
          <Progress percent={percent} size="small" status="active" />
        </div>
      )}
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} style={{ marginTop: 8 }} title={error} data-testid="deck-upload-error" />}
    </div>
  );
}

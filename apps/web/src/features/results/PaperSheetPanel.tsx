import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../app/feedback';
import { useBusy } from '../../app/useBusy';
import { formatDateTime } from '../../lib/format';
import { downloadResults, type PaperImportAnswer, useImportPaperSheet, usePaperImports } from './api';
import { importProblemLines } from './format';

/**
 * Paper score sheets, for when phones fail: download the edition's template, upload it filled
 * in. Ballots from paper are marked as such in every figure. Open while the edition is closed
 * and its results not yet published.
 */
export function PaperSheetPanel({ editionId }: { editionId: string }) {
  const { t } = useTranslation();
  const { data: imports = [], isFetching } = usePaperImports(editionId);
  const upload = useImportPaperSheet(editionId);
  const [done, setDone] = useState<PaperImportAnswer | null>(null);
  const [downloading, run] = useBusy();
  const problems = upload.error && isApiError(upload.error) ? importProblemLines(upload.error.details) : [];

  return (
    <Card size="small" title={t('results.paper.title')} data-testid="paper-panel">
      <Typography.Paragraph type="secondary">{t('results.paper.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} loading={downloading !== null} onClick={() => run('busy', () => downloadResults(editionId, 'paperSheet'))}>
          {t('results.paper.template')}
        </Button>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            setDone(null);
            upload.mutate(file, { onSuccess: setDone });
            return false; // the mutation sends it, with the CSRF token
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending} data-testid="paper-upload">
            {t('results.paper.upload')}
          </Button>
        </Upload>
      </Space>
      {done && (
        <Alert
          style={{ marginBottom: 12 }}
          type="success"
          showIcon
          title={t('results.paper.imported', { file: done.fileName, ballots: done.ballots, raters: done.raters })}
          data-testid="paper-imported"
        />
      )}
      {upload.error && (
        <Alert
          style={{ marginBottom: 12 }}
          type="error"
          showIcon
          title={errorText(upload.error)}
          data-testid="paper-problems"
          description={
            problems.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20, maxHeight: 240, overflow: 'auto' }}>
                {problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the same sentence may repeat for different cells
                  <li key={i}>{p}</li>
                ))}
              </ul>
            )
          }
        />
      )}
      <Table
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={imports}
        pagination={false}
        locale={{ emptyText: t('results.paper.none') }}
        columns={[
          { title: t('results.paper.file'), dataIndex: 'fileName' },
          { title: t('results.paper.ballots'), dataIndex: 'ballots', width: 100 },
          { title: t('results.paper.by'), dataIndex: 'importedBy', width: 140 },
          { title: t('results.paper.at'), dataIndex: 'createdAt', width: 180, render: (v: string) => formatDateTime(v) },
        ]}
      />
    </Card>
  );
}

import { CheckCircleOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportProblem, ImportReport } from '@lecture-hall/shared';
import { Alert, Button, Modal, Result, Space, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, showError, showSuccess } from '../../app/feedback';
import { downloadTemplate, useImportRoster } from './api';
import { ROSTER_HEADERS } from './columns';
import { isXlsxName, reportFromError, sortProblems } from './importReport';

const COLUMN_HEADERS: readonly string[] = ROSTER_HEADERS;

/**
 * The roster import as three steps: template, upload with a dry run that lists every problem,
 * then the real import of the same file. The server imports all rows or none.
 */
export function ImportRosterModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const importer = useImportRoster();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [downloading, setDownloading] = useState(false);

  const problems = useMemo(() => sortProblems(report?.problems ?? [], COLUMN_HEADERS), [report]);
  const clean = report !== null && report.problems.length === 0 && report.rows > 0;
  const busy = importer.isPending;
  const realRun = busy && importer.variables?.dryRun === false;

  const check = (chosen: File) => {
    setFile(chosen);
    setReport(null);
    setFailure(null);
    setImported(null);
    importer.mutate(
      { file: chosen, dryRun: true },
      {
        onSuccess: (r) => setReport(r),
        onError: (err) => {
          const rejected = reportFromError(err);
          if (rejected) setReport(rejected);
          else setFailure(errorText(err));
        },
      },
    );
  };

  const confirm = () => {
    if (!file) return;
    setFailure(null);
    importer.mutate(
      { file, dryRun: false },
      {
        onSuccess: (r) => {
          if (r.imported) {
            setImported(r.created);
            showSuccess(t('import.done', { count: r.created }));
          } else {
            setReport(r);
          }
        },
        onError: (err) => {
          const rejected = reportFromError(err);
          if (rejected) setReport(rejected);
          else setFailure(errorText(err));
        },
      },
    );
  };

  const step = imported !== null ? 3 : clean ? 2 : file ? 1 : 0;

  return (
    <Modal
      open
      width={880}
      title={t('import.title')}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: !busy }}
      footer={
        imported !== null ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" disabled={!clean || busy} loading={realRun} onClick={confirm}>
              {t('import.confirm')}
            </Button>
          </Space>
        )
      }
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]}
      />

      {imported !== null ? (
        <Result status="success" icon={<CheckCircleOutlined />} title={<span data-testid="import-done">{t('import.done', { count: imported })}</span>} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title={t('import.templateHint', { columns: COLUMN_HEADERS.join('、') })}
            action={
              <Button
                icon={<DownloadOutlined />}
                loading={downloading}
                onClick={async () => {
                  setDownloading(true);
                  try {
                    await downloadTemplate();
                  } catch (e) {
                    showError(e);
                  } finally {
                    setDownloading(false);
                  }
                }}
              >
                {t('import.downloadTemplate')}
              </Button>
            }
          />

          <Spin spinning={busy} description={realRun ? t('import.importing') : t('import.validating')}>
            <Upload.Dragger
              name="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(chosen) => {
                if (!isXlsxName(chosen.name)) {
                  setFailure(t('import.onlyXlsx'));
                  return Upload.LIST_IGNORE;
                }
                check(chosen);
                return false; // never auto-upload: the dry run above is the upload
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{file ? t('import.reupload') : t('import.dragHint')}</p>
              <p className="ant-upload-hint">{t('import.dragSubHint')}</p>
            </Upload.Dragger>
          </Spin>

          {file && <Typography.Text type="secondary">{t('import.selected', { name: file.name })}</Typography.Text>}

          {failure && <Alert type="error" showIcon title={failure} data-testid="import-error" />}

          {report && clean && (
            <Alert
              type="success"
              showIcon
              data-testid="import-passed"
              title={t('import.passed', { rows: report.rows })}
              description={t('import.passedHint', { rows: report.rows })}
            />
          )}

          {report && report.problems.length === 0 && report.rows === 0 && <Alert type="warning" showIcon title={t('import.emptyFile')} />}

          {report && report.problems.length > 0 && (
            <>
              <Alert
                type="error"
                showIcon
                data-testid="import-problems"
                title={t('import.problemsFound', { count: report.problems.length })}
                description={t('import.problemsHint')}
              />
              <Table<ImportProblem & { key: string }>
                size="small"
                aria-label={t('import.problemsHint')}
                dataSource={problems.map((p, i) => ({ ...p, key: `${p.row}-${p.column}-${i}` }))}
                pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 80 },
                  { title: t('import.column'), dataIndex: 'column', width: 140 },
                  { title: t('import.reason'), dataIndex: 'reason' },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}

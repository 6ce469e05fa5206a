import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Rubric, RubricDimension } from '@lecture-hall/shared/domain/programme';
import { Button, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { newDimension, rubricProblems, weightSum } from './rubric';

interface Props {
  value?: Rubric;
  onChange?: (value: Rubric) => void;
  disabled?: boolean;
}

/**
 * Edits a rubric's dimensions and scale. The weight sum shows under the table; the form's
 * validator (rubricRule) blocks saving until it is exactly 1 and the rest is valid.
 */
export function RubricEditor({ value, onChange, disabled }: Props) {
  const { t } = useTranslation();
  if (!value) return null;
  const dims = value.dimensions;
  const sum = weightSum(value);
  const sumOk = Math.abs(sum - 1) < 1e-6;

  const setDim = (i: number, patch: Partial<RubricDimension>) => onChange?.({ ...value, dimensions: dims.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  const setScale = (patch: Partial<Rubric['scale']>) => onChange?.({ ...value, scale: { ...value.scale, ...patch } });

  return (
    <div data-testid="rubric-editor">
      <Table<RubricDimension & { index: number }>
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={dims.map((d, index) => ({ ...d, index }))}
        scroll={{ x: 760 }}
        columns={[
          {
            title: t('rubric.key'),
            dataIndex: 'key',
            width: 130,
            render: (_, d) => (
              <Input
                size="small"
                value={d.key}
                disabled={disabled}
                maxLength={32}
                aria-label={t('rubric.key')}
                onChange={(e) => setDim(d.index, { key: e.target.value })}
              />
            ),
          },
          {
            title: t('rubric.labelZh'),
            dataIndex: 'labelZh',
            width: 120,
            render: (_, d) => (
              <Input
                size="small"
                value={d.labelZh}
                disabled={disabled}
                maxLength={20}
                aria-label={t('rubric.labelZh')}
                onChange={(e) => setDim(d.index, { labelZh: e.target.value })}
              />
            ),
          },
          {
            title: t('rubric.labelEn'),
            dataIndex: 'labelEn',
            width: 150,
            render: (_, d) => (
              <Input
                size="small"
                value={d.labelEn}
                disabled={disabled}
                maxLength={40}
                aria-label={t('rubric.labelEn')}
                onChange={(e) => setDim(d.index, { labelEn: e.target.value })}
              />
            ),
          },
          {
            title: t('rubric.description'),
            dataIndex: 'description',
            render: (_, d) => (
              <Input
                size="small"
                value={d.description}
                disabled={disabled}
                maxLength={200}
                aria-label={t('rubric.description')}
                onChange={(e) => setDim(d.index, { description: e.target.value })}
              />
            ),
          },
          {
            title: t('rubric.weight'),
            dataIndex: 'weight',
            width: 100,
            render: (_, d) => (
              <InputNumber
                size="small"
                value={d.weight}
                min={0}
                max={1}
                step={0.05}
                disabled={disabled}
                aria-label={t('rubric.weight')}
                onChange={(v) => setDim(d.index, { weight: typeof v === 'number' ? v : 0 })}
                style={{ width: '100%' }}
              />
            ),
          },
          {
            title: '',
            key: 'remove',
            width: 44,
            render: (_, d) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                disabled={disabled || dims.length <= 1}
                onClick={() => onChange?.({ ...value, dimensions: dims.filter((_, j) => j !== d.index) })}
              />
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 8, justifyContent: 'space-between', width: '100%' }}>
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={disabled || dims.length >= 10}
          onClick={() => onChange?.({ ...value, dimensions: [...dims, newDimension(dims)] })}
        >
          {t('rubric.addDimension')}
        </Button>
        <span data-testid="rubric-weight-sum">
          {t('rubric.weightSum')}:{' '}
          <Tag color={sumOk ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
            {sum}
          </Tag>
        </span>
      </Space>
      <Space wrap style={{ marginTop: 12 }}>
        <Typography.Text>{t('rubric.scale')}:</Typography.Text>
        <Typography.Text type="secondary">{t('rubric.min')}</Typography.Text>
        <InputNumber
          size="small"
          value={value.scale.min}
          min={0}
          max={100}
          precision={0}
          disabled={disabled}
          aria-label={t('rubric.min')}
          onChange={(v) => setScale({ min: v ?? 0 })}
        />
        <Typography.Text type="secondary">{t('rubric.max')}</Typography.Text>
        <InputNumber
          size="small"
          value={value.scale.max}
          min={1}
          max={100}
          precision={0}
          disabled={disabled}
          aria-label={t('rubric.max')}
          onChange={(v) => setScale({ max: v ?? 1 })}
        />
        <Typography.Text type="secondary">{t('rubric.step')}</Typography.Text>
        <InputNumber
          size="small"
          value={value.scale.step}
          min={0.1}
          max={10}
          step={0.5}
          disabled={disabled}
          aria-label={t('rubric.step')}
          onChange={(v) => setScale({ step: v ?? 1 })}
        />
      </Space>
    </div>
  );
}

/** The antd Form rule for a rubric field: the first problem, in the user's language. */
export function useRubricRule() {
  const { t } = useTranslation();
  return {
    validator: (_: unknown, v: Rubric | undefined) => {
      if (!v) return Promise.resolve();
      const problems = rubricProblems(v);
      if (problems.length === 0) return Promise.resolve();
      return Promise.reject(new Error(problems.map((p) => t(`rubric.problem.${p}`)).join('；')));
    },
  };
}

/** A read-only rubric table, for the edition overview. */
export function RubricTable({ rubric }: { rubric: Rubric }) {
  const { t } = useTranslation();
  return (
    <Table<RubricDimension>
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rubric.dimensions}
      columns={[
        { title: t('rubric.key'), dataIndex: 'key', width: 140 },
        { title: t('rubric.labelZh'), dataIndex: 'labelZh', width: 120 },
        { title: t('rubric.labelEn'), dataIndex: 'labelEn', width: 180 },
        { title: t('rubric.description'), dataIndex: 'description' },
        { title: t('rubric.weight'), dataIndex: 'weight', width: 90, render: (w: number) => `${Math.round(w * 100)}%` },
      ]}
      footer={() => t('rubric.scaleLine', { min: rubric.scale.min, max: rubric.scale.max, step: rubric.scale.step })}
    />
  );
}

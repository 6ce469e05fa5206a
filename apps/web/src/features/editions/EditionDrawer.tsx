import { LockOutlined } from '@ant-design/icons';
import type { Edition, Hall } from '@lecture-hall/shared';
import { type AggregationRule, DEFAULT_AGGREGATION, DEFAULT_AUDIENCE_WEIGHT_PCT, type Rubric } from '@lecture-hall/shared/domain/programme';
import { Alert, DatePicker, Divider, Form, Input, InputNumber, Radio, Select, Slider, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { FormDrawer } from '../../components/FormDrawer';
import { useStages } from '../halls/api';
import { RubricEditor, useRubricRule } from '../halls/RubricEditor';
import { cloneRubric } from '../halls/rubric';
import { useSaveEdition } from './api';

const DATE = 'YYYY-MM-DD';
const TIME = 'HH:mm';

interface FormShape {
  title: string;
  theme?: string;
  stageId?: string | null;
  date?: Dayjs;
  startTime?: Dayjs;
  endTime?: Dayjs;
  venue?: string;
  speakerCount: number;
  unitQuota?: number | null;
  audienceWeightPct: number;
  aggKind: AggregationRule['kind'];
  k: number;
  fractionPct: number;
  atLeast: number;
  rubric: Rubric;
}

function aggregationOf(v: FormShape): AggregationRule {
  return v.aggKind === 'trim_k' ? { kind: 'trim_k', k: v.k } : { kind: 'trim_fraction', fraction: Math.round(v.fractionPct) / 100, atLeast: v.atLeast };
}

/** Create an edition of a hall, or edit one; its rubric and scoring rules lock once it is live. */
export function EditionDrawer({
  hall,
  edition,
  onClose,
}: {
  hall: Pick<Hall, 'id' | 'name' | 'defaultRubric' | 'defaultSpeakerCount'>;
  edition: Edition | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormShape>();
  const save = useSaveEdition();
  const rubricRule = useRubricRule();
  const { data: stages = [] } = useStages(hall.id);
  const locked = edition?.rubricLocked ?? false;
  const agg = edition?.aggregation ?? DEFAULT_AGGREGATION;

  const initial: FormShape = {
    title: edition?.title ?? '',
    theme: edition?.theme ?? '',
    stageId: edition?.stageId ?? null,
    date: edition ? dayjs(edition.date, DATE) : undefined,
    startTime: dayjs(edition?.startTime ?? '14:30', TIME),
    endTime: dayjs(edition?.endTime ?? '17:00', TIME),
    venue: edition?.venue ?? '',
    speakerCount: edition?.speakerCount ?? hall.defaultSpeakerCount,
    unitQuota: edition?.unitQuota ?? null,
    audienceWeightPct: edition?.audienceWeightPct ?? DEFAULT_AUDIENCE_WEIGHT_PCT,
    aggKind: agg.kind,
    k: agg.kind === 'trim_k' ? agg.k : 1,
    fractionPct: agg.kind === 'trim_fraction' ? Math.round(agg.fraction * 100) : 10,
    atLeast: agg.kind === 'trim_fraction' ? agg.atLeast : 1,
    rubric: cloneRubric(edition?.rubric ?? hall.defaultRubric),
  };

  const submit = (v: FormShape) => {
    const body = {
      title: v.title.trim(),
      theme: (v.theme ?? '').trim(),
      stageId: v.stageId ?? null,
      date: v.date?.format(DATE) ?? '',
      startTime: v.startTime?.format(TIME) ?? '14:30',
      endTime: v.endTime?.format(TIME) ?? '17:00',
      venue: (v.venue ?? '').trim(),
      speakerCount: v.speakerCount,
      unitQuota: v.unitQuota ?? null,
      // Once live the server refuses any change to these; they are left out rather than resent.
      ...(locked ? {} : { audienceWeightPct: v.audienceWeightPct, aggregation: aggregationOf(v), rubric: v.rubric }),
    };
    save.mutate(
      { id: edition?.id ?? null, hallId: hall.id, body },
      {
        onSuccess: () => {
          showSuccess(edition ? t('common.saved') : t('editions.created'));
          onClose();
        },
      },
    );
  };

  const aggKind = Form.useWatch('aggKind', form) ?? initial.aggKind;
  const audience = Form.useWatch('audienceWeightPct', form) ?? initial.audienceWeightPct;

  return (
    <FormDrawer
      size={900}
      title={edition ? t('editions.editTitle') : t('editions.createTitle', { hall: hall.name })}
      onClose={onClose}
      saving={save.isPending}
      onSave={() => form.submit()}
    >
      <Form<FormShape> form={form} name="edition" layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item
          name="title"
          label={t('editions.titleField')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('editions.titleField') }) }]}
        >
          <Input maxLength={80} autoFocus />
        </Form.Item>
        <Form.Item name="theme" label={t('editions.theme')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="stageId" label={t('editions.stage')}>
          <Select allowClear placeholder={t('editions.noStage')} options={stages.map((s) => ({ value: s.id, label: s.title }))} />
        </Form.Item>
        <Space align="start" wrap size="middle">
          <Form.Item name="date" label={t('editions.date')} rules={[{ required: true, message: t('common.select', { field: t('editions.date') }) }]}>
            <DatePicker format={DATE} />
          </Form.Item>
          <Form.Item
            name="startTime"
            label={t('editions.startTime')}
            rules={[{ required: true, message: t('common.select', { field: t('editions.startTime') }) }]}
          >
            <TimePicker format={TIME} minuteStep={5} />
          </Form.Item>
          <Form.Item
            name="endTime"
            label={t('editions.endTime')}
            dependencies={['startTime']}
            rules={[
              { required: true, message: t('common.select', { field: t('editions.endTime') }) },
              ({ getFieldValue }) => ({
                validator: (_, v: Dayjs | undefined) => {
                  const start = getFieldValue('startTime') as Dayjs | undefined;
                  return v && start && v.format(TIME) <= start.format(TIME) ? Promise.reject(new Error(t('editions.endBeforeStart'))) : Promise.resolve();
                },
              }),
            ]}
          >
            <TimePicker format={TIME} minuteStep={5} />
          </Form.Item>
        </Space>
        <Form.Item name="venue" label={t('editions.venue')}>
          <Input maxLength={100} />
        </Form.Item>
        <Space align="start" wrap size="middle">
          <Form.Item name="speakerCount" label={t('editions.speakerCount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} />
          </Form.Item>
          <Form.Item name="unitQuota" label={t('editions.unitQuota')} extra={t('editions.unitQuotaHint')}>
            <InputNumber min={1} max={50} precision={0} placeholder={t('editions.noLimit')} />
          </Form.Item>
        </Space>

        <Divider titlePlacement="start">
          <Space>
            {locked && <LockOutlined />}
            {t('editions.scoringRules')}
          </Space>
        </Divider>
        {locked && <Alert type="info" showIcon title={t('editions.rulesLocked')} style={{ marginBottom: 12 }} />}
        <Form.Item name="audienceWeightPct" label={t('editions.audienceWeight')}>
          <Slider min={0} max={100} step={5} disabled={locked} tooltip={{ formatter: (v) => `${v}%` }} />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
          {t('editions.weightLine', { audience, expert: 100 - audience })}
        </Typography.Paragraph>
        <Form.Item name="aggKind" label={t('editions.aggregation')}>
          <Radio.Group
            disabled={locked}
            options={[
              { value: 'trim_fraction', label: t('editions.trimFraction') },
              { value: 'trim_k', label: t('editions.trimK') },
            ]}
          />
        </Form.Item>
        {aggKind === 'trim_k' ? (
          <Form.Item name="k" label={t('editions.trimKField')} rules={[{ required: true }]}>
            <InputNumber min={0} max={20} precision={0} disabled={locked} />
          </Form.Item>
        ) : (
          <Space align="start" wrap size="middle">
            <Form.Item name="fractionPct" label={t('editions.trimFractionField')} rules={[{ required: true }]}>
              <InputNumber min={0} max={25} precision={0} suffix="%" disabled={locked} />
            </Form.Item>
            <Form.Item name="atLeast" label={t('editions.atLeast')} rules={[{ required: true }]}>
              <InputNumber min={0} max={20} precision={0} disabled={locked} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="rubric" label={t('editions.rubric')} extra={edition ? undefined : t('editions.rubricFromHall')} rules={locked ? [] : [rubricRule]}>
          <RubricEditor disabled={locked} />
        </Form.Item>
        {save.error && <Alert type="error" showIcon title={save.error.message} />}
      </Form>
    </FormDrawer>
  );
}

import type { Hall } from '@lecture-hall/shared';
import { DEFAULT_RUBRIC, type Rubric } from '@lecture-hall/shared/domain/programme';
import { Alert, Form, Input, InputNumber, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { FormDrawer } from '../../components/FormDrawer';
import { UnitTreeSelect } from '../org/UnitTreeSelect';
import { useSaveHall } from './api';
import { RubricEditor, useRubricRule } from './RubricEditor';
import { cloneRubric } from './rubric';

interface FormShape {
  name: string;
  unitId: string;
  description: string;
  youngAgeLimit: number;
  repeatWindow: number;
  defaultSpeakerCount: number;
  defaultRubric: Rubric;
  speakersSeeResults: boolean;
  screenShowsResults: boolean;
}

/** Create a hall, or edit one the caller manages; the owning unit is fixed once created. */
export function HallDrawer({ hall, onClose }: { hall: Hall | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormShape>();
  const save = useSaveHall();
  const rubricRule = useRubricRule();

  const initial: FormShape = hall
    ? {
        name: hall.name,
        unitId: hall.unitId,
        description: hall.description,
        youngAgeLimit: hall.youngAgeLimit,
        repeatWindow: hall.repeatWindow,
        defaultSpeakerCount: hall.defaultSpeakerCount,
        defaultRubric: cloneRubric(hall.defaultRubric),
        speakersSeeResults: hall.speakersSeeResults,
        screenShowsResults: hall.screenShowsResults,
      }
    : {
        name: '',
        unitId: '',
        description: '',
        youngAgeLimit: 40,
        repeatWindow: 4,
        defaultSpeakerCount: 5,
        defaultRubric: cloneRubric(DEFAULT_RUBRIC),
        // The same defaults as the server's HallInput: speakers see their own results, the screen does not show a ranking.
        speakersSeeResults: true,
        screenShowsResults: false,
      };

  const submit = (v: FormShape) =>
    save.mutate(
      { id: hall?.id ?? null, body: { ...v, unitId: hall?.unitId ?? v.unitId, name: v.name.trim(), description: (v.description ?? '').trim() } },
      {
        onSuccess: () => {
          showSuccess(hall ? t('common.saved') : t('halls.created'));
          onClose();
        },
      },
    );

  return (
    <FormDrawer size={900} title={hall ? t('halls.editTitle') : t('halls.createTitle')} onClose={onClose} saving={save.isPending} onSave={() => form.submit()}>
      <Form<FormShape> form={form} name="hall" layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('halls.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('halls.name') }) }]}
        >
          <Input maxLength={60} autoFocus />
        </Form.Item>
        {hall ? (
          <Form.Item label={t('halls.unit')} extra={t('halls.unitFixed')}>
            <Input value={hall.unitName} disabled />
          </Form.Item>
        ) : (
          <Form.Item name="unitId" label={t('halls.unit')} rules={[{ required: true, message: t('common.select', { field: t('halls.unit') }) }]}>
            <UnitTreeSelect style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('halls.description')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="youngAgeLimit" label={t('halls.youngAgeLimit')} extra={t('halls.youngAgeLimitHint')} rules={[{ required: true }]}>
            <InputNumber min={25} max={60} precision={0} />
          </Form.Item>
          <Form.Item name="repeatWindow" label={t('halls.repeatWindow')} extra={t('halls.repeatWindowHint')} rules={[{ required: true }]}>
            <InputNumber min={0} max={50} precision={0} />
          </Form.Item>
          <Form.Item name="defaultSpeakerCount" label={t('halls.defaultSpeakerCount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item
            name="speakersSeeResults"
            label={t('results.hallSettings.speakersSeeResults')}
            extra={t('results.hallSettings.speakersSeeResultsHint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="screenShowsResults"
            label={t('results.hallSettings.screenShowsResults')}
            extra={t('results.hallSettings.screenShowsResultsHint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="defaultRubric" label={t('halls.defaultRubric')} rules={[rubricRule]}>
          <RubricEditor />
        </Form.Item>
        {save.error && <Alert type="error" showIcon title={save.error.message} />}
      </Form>
    </FormDrawer>
  );
}

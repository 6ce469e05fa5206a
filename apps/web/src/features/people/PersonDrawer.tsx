import type { Person } from '@lecture-hall/shared';
import { GENDERS, POLITICAL_STATUSES, RANK_LEVELS } from '@lecture-hall/shared/domain/org';
import { Alert, DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { FormDrawer } from '../../components/FormDrawer';
import { isValidPhone } from '../../lib/format';
import { UnitTreeSelect } from '../org/UnitTreeSelect';
import { useSavePerson } from './api';
import { type PersonFormValues, personBody } from './query';

type FormShape = Omit<PersonFormValues, 'birthDate' | 'entryDate'> & { birthDate?: Dayjs; entryDate?: Dayjs | null };

const DATE = 'YYYY-MM-DD';
const toDay = (s: string | null | undefined) => (s ? dayjs(s, DATE) : undefined);

/** Add or edit one person of the roster, validated as the server validates PersonInput. */
export function PersonDrawer({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormShape>();
  const save = useSavePerson();
  const today = dayjs().endOf('day');

  const initial: Partial<FormShape> = person
    ? {
        name: person.name,
        gender: person.gender,
        birthDate: toDay(person.birthDate),
        unitId: person.unitId,
        position: person.position,
        rankLevel: person.rankLevel as PersonFormValues['rankLevel'],
        politicalStatus: person.politicalStatus as PersonFormValues['politicalStatus'],
        phone: person.phoneMasked ? '' : (person.phone ?? ''),
        entryDate: toDay(person.entryDate) ?? null,
      }
    : { gender: 'male' };

  const submit = (v: FormShape) => {
    const values: PersonFormValues = {
      ...v,
      birthDate: v.birthDate ? v.birthDate.format(DATE) : '',
      entryDate: v.entryDate ? v.entryDate.format(DATE) : null,
    };
    save.mutate(
      { id: person?.id ?? null, body: personBody(values, person) },
      {
        onSuccess: () => {
          showSuccess(person ? t('people.updated') : t('people.created'));
          onClose();
        },
      },
    );
  };

  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  const selectRequired = (field: string) => ({ required: true, message: t('common.select', { field }) });

  return (
    <FormDrawer size={520} title={person ? t('people.editTitle') : t('people.addTitle')} onClose={onClose} saving={save.isPending} onSave={() => form.submit()}>
      <Form<FormShape> form={form} name="person" layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('people.name')}
          rules={[
            { ...required(t('people.name')), whitespace: true },
            { max: 30, message: t('people.nameTooLong') },
          ]}
        >
          <Input maxLength={30} autoFocus />
        </Form.Item>
        <Form.Item name="gender" label={t('people.gender')} rules={[selectRequired(t('people.gender'))]}>
          <Radio.Group options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))} />
        </Form.Item>
        <Form.Item
          name="birthDate"
          label={t('people.birthDate')}
          rules={[
            selectRequired(t('people.birthDate')),
            { validator: (_, v: Dayjs | undefined) => (v?.isAfter(today) ? Promise.reject(new Error(t('people.futureDate'))) : Promise.resolve()) },
          ]}
        >
          <DatePicker style={{ width: '100%' }} format={DATE} disabledDate={(d) => d.isAfter(today)} />
        </Form.Item>
        <Form.Item name="unitId" label={t('people.unit')} rules={[selectRequired(t('people.unit'))]}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="position" label={t('people.position')} rules={[{ max: 60, message: t('people.positionTooLong') }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="rankLevel" label={t('people.rankLevel')} rules={[selectRequired(t('people.rankLevel'))]}>
          <Select options={RANK_LEVELS.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item name="politicalStatus" label={t('people.politicalStatus')} rules={[selectRequired(t('people.politicalStatus'))]}>
          <Select options={POLITICAL_STATUSES.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('people.phone')}
          extra={person?.phoneMasked ? `${person.phone ?? ''} · ${t('people.phoneMaskedHint')}` : undefined}
          rules={[
            { validator: (_, v: string | undefined) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('people.phoneInvalid')))) },
          ]}
        >
          <Input maxLength={13} inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="entryDate"
          label={t('people.entryDate')}
          dependencies={['birthDate']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: Dayjs | null | undefined) => {
                const birth = getFieldValue('birthDate') as Dayjs | undefined;
                if (v?.isAfter(today)) return Promise.reject(new Error(t('people.futureDate')));
                if (v && birth && v.isBefore(birth, 'day')) return Promise.reject(new Error(t('people.birthAfterEntry')));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} format={DATE} disabledDate={(d) => d.isAfter(today)} />
        </Form.Item>
        {save.error && <Alert type="error" showIcon title={save.error.message} />}
      </Form>
    </FormDrawer>
  );
}

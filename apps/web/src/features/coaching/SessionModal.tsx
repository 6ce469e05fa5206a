import type { CoachingSession } from '@lecture-hall/shared';
import { DatePicker, Form, Input, Modal, Select, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useExperts } from '../decks/api';
import { useTalks } from '../editions/api';
import { useSaveSession } from './api';

interface Values {
  date: Dayjs;
  startTime: Dayjs;
  place: string;
  notes?: string;
  expertUserIds: string[];
  talkIds: string[];
}

/** A manager creates or edits a coaching session (授课培训): when, where, which experts coach which speakers. */
export function SessionModal({ editionId, session, onClose }: { editionId: string; session: CoachingSession | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveSession(editionId);
  const { data: experts = [] } = useExperts(editionId);
  const { data: talks = [] } = useTalks(editionId);
  const expertOptions = [...experts, ...(session?.experts ?? []).filter((e) => !experts.some((x) => x.userId === e.userId))].map((e) => ({
    value: e.userId,
    label: e.displayName,
  }));
  return (
    <Modal
      open
      title={session ? t('coaching.editSession') : t('coaching.newSession')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={600}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="coaching-session"
        initialValues={
          session
            ? {
                date: dayjs(session.date),
                startTime: dayjs(`2000-01-01T${session.startTime}`),
                place: session.place,
                notes: session.notes,
                expertUserIds: session.experts.map((e) => e.userId),
                talkIds: session.talks.map((x) => x.talkId),
              }
            : { startTime: dayjs('2000-01-01T09:00'), talkIds: talks.map((x) => x.id) }
        }
        onFinish={(v) =>
          save.mutate(
            {
              id: session?.id ?? null,
              body: {
                date: v.date.format('YYYY-MM-DD'),
                startTime: v.startTime.format('HH:mm'),
                place: v.place.trim(),
                notes: (v.notes ?? '').trim(),
                expertUserIds: v.expertUserIds,
                talkIds: v.talkIds,
              },
            },
            {
              onSuccess: () => {
                showSuccess(t('common.saved'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="date" label={t('coaching.date')} rules={[{ required: true, message: t('common.select', { field: t('coaching.date') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="startTime" label={t('coaching.time')} rules={[{ required: true, message: t('common.select', { field: t('coaching.time') }) }]}>
          <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('coaching.place')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('coaching.place') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="expertUserIds"
          label={t('coaching.experts')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.select', { field: t('coaching.experts') }) }]}
        >
          <Select mode="multiple" options={expertOptions} optionFilterProp="label" maxCount={10} />
        </Form.Item>
        <Form.Item
          name="talkIds"
          label={t('coaching.speakers')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.select', { field: t('coaching.speakers') }) }]}
        >
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={talks.map((x) => ({ value: x.id, label: `${x.order}. ${x.speakerName}${x.title ? ` · ${x.title}` : ''}` }))}
          />
        </Form.Item>
        <Form.Item name="notes" label={t('coaching.notes')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

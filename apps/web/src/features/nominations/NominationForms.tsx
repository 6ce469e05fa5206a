import { CheckCircleOutlined } from '@ant-design/icons';
import type { Edition } from '@lecture-hall/shared';
import { TALK_ANGLE_LABELS, TALK_ANGLES, type TalkAngle } from '@lecture-hall/shared/domain/programme';
import { Alert, Button, Card, Checkbox, Divider, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useLang } from '../../app/useLang';
import { ReasonsAlert } from '../../components/ReasonsAlert';
import { labelOf } from '../../lib/programme';
import { useMe, useRoles } from '../auth/session';
import { fetchEligibility, useEligibility, useNominate } from './api';
import { notEligibleReasons } from './eligibility';
import { PersonPicker } from './PersonPicker';

type Channel = 'org_pick' | 'unit_recommendation' | 'self';

/** Which of the three forms the caller may use on this edition. */
export function availableChannels(edition: Pick<Edition, 'canManage'>, roles: ReadonlySet<string>): Channel[] {
  const out: Channel[] = [];
  if (edition.canManage && (roles.has('city_admin') || roles.has('hall_admin'))) out.push('org_pick');
  if (roles.has('liaison')) out.push('unit_recommendation');
  if (roles.has('cadre')) out.push('self');
  return out;
}

/** 推选 tab: one button per channel the caller may use; the chosen form opens below. */
export function NominatePanel({ edition, hallUnitId }: { edition: Edition; hallUnitId: string | undefined }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const channels = availableChannels(edition, roles);
  const [active, setActive] = useState<Channel | null>(channels.length === 1 ? (channels[0] ?? null) : null);

  if (edition.status !== 'recruiting') return <Alert type="info" showIcon title={t('nominations.notRecruiting')} />;
  if (channels.length === 0) return <Alert type="info" showIcon title={t('nominations.noChannel')} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        {channels.map((c) => (
          <Button key={c} type={active === c ? 'primary' : 'default'} onClick={() => setActive(c)}>
            {t(`nominations.channel.${c}`)}
          </Button>
        ))}
      </Space>
      {active === 'org_pick' && <PersonNominationForm key="org" channel="org_pick" edition={edition} unitId={hallUnitId} />}
      {active === 'unit_recommendation' && <PersonNominationForm key="rec" channel="unit_recommendation" edition={edition} />}
      {active === 'self' && <SelfNominationForm edition={edition} />}
    </Space>
  );
}

function EligibilityLine({ editionId, personId, testId }: { editionId: string; personId: string | null | undefined; testId: string }) {
  const { t } = useTranslation();
  const { data, isFetching } = useEligibility(editionId, personId);
  if (!personId || !data) return isFetching ? <Typography.Text type="secondary">{t('nominations.checking')}</Typography.Text> : null;
  if (data.eligible) {
    return (
      <Typography.Text type="success" data-testid="eligibility-ok">
        <CheckCircleOutlined /> {t('nominations.eligible')}
      </Typography.Text>
    );
  }
  return <ReasonsAlert testId={testId} title={t('nominations.ineligible')} reasons={data.reasons.map((r) => r.message)} />;
}

function ProposedTalkFields({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      <Form.Item
        name="proposedTitle"
        label={t('nominations.proposedTitle')}
        rules={required ? [{ required: true, whitespace: true, message: t('common.required', { field: t('nominations.proposedTitle') }) }] : []}
      >
        <Input maxLength={80} />
      </Form.Item>
      <Form.Item
        name="proposedAbstract"
        label={t('nominations.proposedAbstract')}
        rules={
          required
            ? [
                { required: true, whitespace: true, message: t('common.required', { field: t('nominations.proposedAbstract') }) },
                { min: 20, message: t('nominations.abstractTooShort') },
              ]
            : []
        }
      >
        <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
      <Form.Item
        name="angle"
        label={t('nominations.angle')}
        rules={required ? [{ required: true, message: t('common.select', { field: t('nominations.angle') }) }] : []}
      >
        <Radio.Group options={TALK_ANGLES.map((a) => ({ value: a, label: labelOf(TALK_ANGLE_LABELS, a, lang) }))} />
      </Form.Item>
    </>
  );
}

interface PersonForm {
  personId?: string | null;
  statement?: string;
  proposedTitle?: string;
  proposedAbstract?: string;
  angle?: TalkAngle | null;
  override?: boolean;
  overrideReason?: string;
}

/** 组织点将 (any person in the hall's subtree) and 单位推荐 (the liaison's own unit). */
function PersonNominationForm({ channel, edition, unitId }: { channel: 'org_pick' | 'unit_recommendation'; edition: Edition; unitId?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PersonForm>();
  const nominate = useNominate(edition.id);
  const personId = Form.useWatch('personId', form);
  const override = Form.useWatch('override', form);
  const [refused, setRefused] = useState<string[]>([]);
  const [checking, setChecking] = useState(false);
  const isOrgPick = channel === 'org_pick';
  const testId = isOrgPick ? 'form-org-pick' : 'form-recommend';

  const submit = async (v: PersonForm) => {
    if (!v.personId) return;
    const overrideReason = isOrgPick && v.override ? v.overrideReason?.trim() : undefined;
    setChecking(true);
    try {
      // Ask once more right before submitting: the roster or other nominations may have changed.
      const check = await fetchEligibility(edition.id, v.personId).catch(() => null);
      if (check && !check.eligible && !overrideReason) {
        setRefused(check.reasons.map((r) => r.message));
        return;
      }
    } finally {
      setChecking(false);
    }
    setRefused([]);
    const body = {
      personId: v.personId,
      statement: (v.statement ?? '').trim(),
      proposedTitle: (v.proposedTitle ?? '').trim(),
      proposedAbstract: (v.proposedAbstract ?? '').trim(),
      angle: v.angle ?? null,
      ...(overrideReason ? { overrideReason } : {}),
    };
    nominate.mutate(
      { channel, body },
      {
        onSuccess: (n) => {
          showSuccess(t('nominations.submitted', { name: n.personName }));
          form.resetFields();
        },
        onError: (err) => {
          const reasons = notEligibleReasons(err);
          if (reasons) setRefused(reasons);
        },
      },
    );
  };

  const serverError = nominate.error && !notEligibleReasons(nominate.error) ? nominate.error.message : null;

  return (
    <Card title={t(`nominations.channel.${channel}`)} size="small" data-testid={testId}>
      <Typography.Paragraph type="secondary">{isOrgPick ? t('nominations.orgPickHint') : t('nominations.recommendHint')}</Typography.Paragraph>
      <Form<PersonForm>
        form={form}
        layout="vertical"
        name={testId}
        onFinish={submit}
        onValuesChange={(changed) => {
          if ('personId' in changed) setRefused([]);
        }}
        style={{ maxWidth: 760 }}
      >
        <Form.Item
          name="personId"
          label={t('nominations.person')}
          rules={[{ required: true, message: t('common.select', { field: t('nominations.person') }) }]}
        >
          <PersonPicker unitId={unitId} />
        </Form.Item>
        {refused.length === 0 && (
          <div style={{ marginTop: -12, marginBottom: 16 }}>
            <EligibilityLine editionId={edition.id} personId={personId} testId="eligibility-reasons" />
          </div>
        )}
        <Form.Item name="statement" label={isOrgPick ? t('nominations.orgPickStatement') : t('nominations.statement')}>
          <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('nominations.proposedOptional')}
        </Divider>
        <ProposedTalkFields required={false} />
        {refused.length > 0 && (
          <div style={{ marginBottom: 16 }}>
            <ReasonsAlert testId="eligibility-reasons" title={t('nominations.refused')} reasons={refused} />
          </div>
        )}
        {isOrgPick && refused.length > 0 && (
          <>
            <Form.Item name="override" valuePropName="checked">
              <Checkbox>{t('nominations.override')}</Checkbox>
            </Form.Item>
            {override && (
              <Form.Item
                name="overrideReason"
                label={t('nominations.overrideReason')}
                extra={t('nominations.overrideHint')}
                rules={[
                  { required: true, whitespace: true, message: t('common.required', { field: t('nominations.overrideReason') }) },
                  { min: 5, message: t('nominations.overrideTooShort') },
                ]}
              >
                <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
              </Form.Item>
            )}
          </>
        )}
        {serverError && <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={checking || nominate.isPending}>
          {t('nominations.submit')}
        </Button>
      </Form>
    </Card>
  );
}

interface SelfForm {
  statement?: string;
  proposedTitle: string;
  proposedAbstract: string;
  angle: TalkAngle;
}

/** 个人自荐: the cadre proposes its own talk. */
function SelfNominationForm({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [form] = Form.useForm<SelfForm>();
  const nominate = useNominate(edition.id);
  const [refused, setRefused] = useState<string[]>([]);
  const personId = me?.personId ?? null;

  if (!personId) {
    return (
      <Card title={t('nominations.channel.self')} size="small" data-testid="form-self">
        <Alert type="warning" showIcon title={t('nominations.noLinkedPerson')} />
      </Card>
    );
  }

  const submit = async (v: SelfForm) => {
    const check = await fetchEligibility(edition.id, personId).catch(() => null);
    if (check && !check.eligible) {
      setRefused(check.reasons.map((r) => r.message));
      return;
    }
    setRefused([]);
    nominate.mutate(
      {
        channel: 'self',
        body: { statement: (v.statement ?? '').trim(), proposedTitle: v.proposedTitle.trim(), proposedAbstract: v.proposedAbstract.trim(), angle: v.angle },
      },
      {
        onSuccess: () => {
          showSuccess(t('nominations.selfSubmitted'));
          form.resetFields();
        },
        onError: (err) => {
          const reasons = notEligibleReasons(err);
          if (reasons) setRefused(reasons);
        },
      },
    );
  };

  const serverError = nominate.error && !notEligibleReasons(nominate.error) ? nominate.error.message : null;

  return (
    <Card title={t('nominations.channel.self')} size="small" data-testid="form-self">
      <Typography.Paragraph type="secondary">{t('nominations.selfHint')}</Typography.Paragraph>
      {refused.length === 0 && (
        <div style={{ marginBottom: 16 }}>
          <EligibilityLine editionId={edition.id} personId={personId} testId="eligibility-reasons" />
        </div>
      )}
      <Form<SelfForm> form={form} layout="vertical" name="form-self" onFinish={submit} style={{ maxWidth: 760 }}>
        <ProposedTalkFields required />
        <Form.Item name="statement" label={t('nominations.selfStatement')}>
          <Input.TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        {refused.length > 0 && (
          <div style={{ marginBottom: 16 }}>
            <ReasonsAlert testId="eligibility-reasons" title={t('nominations.refused')} reasons={refused} />
          </div>
        )}
        {serverError && <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={nominate.isPending}>
          {t('nominations.submit')}
        </Button>
      </Form>
    </Card>
  );
}

import type { Deck } from '@lecture-hall/shared';
import { Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../app/feedback';
import { useAssignExperts, useExperts } from './api';

/** A manager picks the experts who review one speaker's deck. */
export function AssignExpertsModal({ deck, onClose }: { deck: Deck; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: experts = [], isFetching } = useExperts(deck.editionId);
  const assign = useAssignExperts(deck.talkId);
  const [ids, setIds] = useState<string[]>(deck.experts.map((e) => e.userId));
  // Keep already-assigned experts selectable even if the list no longer offers them.
  const options = [...experts, ...deck.experts.filter((e) => !experts.some((x) => x.userId === e.userId))].map((e) => ({
    value: e.userId,
    label: e.displayName,
  }));
  return (
    <Modal
      open
      title={t('decks.assignTitle', { name: deck.speakerName })}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={assign.isPending}
      onOk={() =>
        assign.mutate(ids, {
          onSuccess: () => {
            showSuccess(t('decks.assigned'));
            onClose();
          },
        })
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('decks.assignHint')}</Typography.Paragraph>
      <Select
        mode="multiple"
        data-testid="assign-experts-select"
        style={{ width: '100%' }}
        loading={isFetching}
        value={ids}
        onChange={setIds}
        options={options}
        optionFilterProp="label"
        placeholder={t('decks.expertsPlaceholder')}
        maxCount={10}
        aria-label={t('decks.experts')}
      />
    </Modal>
  );
}

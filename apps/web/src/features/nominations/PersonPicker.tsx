import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeoplePicker } from './api';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Limit the search to a unit's subtree (the hall's unit for an organisation pick). */
  unitId?: string;
}

/** Picks a roster person by name for a nomination; the server limits what a liaison may see to its unit. */
export function PersonPicker({ id, value, onChange, unitId }: Props) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(input.trim()), 300);
    return () => clearTimeout(timer);
  }, [input]);
  const { data = [], isFetching } = usePeoplePicker(q, unitId);
  const options = useMemo(() => data.map((p) => ({ value: p.id, label: `${p.name}（${p.unitPathName}${p.position ? ` · ${p.position}` : ''}）` })), [data]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      allowClear
      placeholder={t('nominations.personPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setInput }}
      loading={isFetching}
      options={options}
      notFoundContent={null}
      style={{ width: '100%' }}
      data-testid="person-picker"
    />
  );
}

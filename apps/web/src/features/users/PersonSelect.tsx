import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePersonSearch } from './api';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The name of the person already linked, shown before any search. */
  initialLabel?: string | null;
}

/** Picks a roster person by typing part of the name; the search waits for a pause in typing. */
export function PersonSelect({ id, value, onChange, initialLabel }: Props) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(input.trim()), 300);
    return () => clearTimeout(timer);
  }, [input]);
  const { data = [], isFetching } = usePersonSearch(q);

  const options = useMemo(() => {
    const list = data.map((p) => ({ value: p.id, label: `${p.name}（${p.unitPathName}）` }));
    if (value && initialLabel && !list.some((o) => o.value === value)) list.unshift({ value, label: initialLabel });
    return list;
  }, [data, value, initialLabel]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      allowClear
      placeholder={t('users.personPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setInput }}
      loading={isFetching}
      options={options}
      notFoundContent={null}
      style={{ width: '100%' }}
    />
  );
}

import type { OrgUnit } from '@lecture-hall/shared';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { buildUnitTree, mapTree } from '../../lib/tree';
import { useOrgUnits } from './api';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

export function unitTreeOptions(units: readonly OrgUnit[], disabledIds?: ReadonlySet<string>): TreeOption[] {
  return mapTree<TreeOption>(buildUnitTree(units), (n, children) => ({
    value: n.unit.id,
    title: n.unit.name,
    disabled: disabledIds?.has(n.unit.id) || undefined,
    children,
  }));
}

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  disabledIds?: ReadonlySet<string>;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** A unit picker over the active tree, searchable by name; used by the roster, users and org pages. */
export function UnitTreeSelect({ id, value, onChange, placeholder, allowClear, disabledIds, style, ...rest }: Props) {
  const { data: units = [], isPending } = useOrgUnits(false);
  const treeData = useMemo(() => unitTreeOptions(units, disabledIds), [units, disabledIds]);
  return (
    <TreeSelect
      id={id}
      aria-label={rest['aria-label']}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v)}
      treeData={treeData}
      loading={isPending}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...style }}
    />
  );
}

import type { OrgUnit } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { buildUnitTree, filterUnits, subtreeIds, unitPath } from './tree';

const unit = (id: string, parentId: string | null, name: string, sortOrder = 0): OrgUnit => ({
  id,
  parentId,
  name,
  kind: parentId ? 'department' : 'city',
  depth: 0,
  sortOrder,
  archived: false,
  peopleCount: 0,
});

const units = [
  unit('b', 'root', '市发改委', 2),
  unit('root', null, '市委组织部'),
  unit('a', 'root', '市财政局', 1),
  unit('c', 'root', '市教育局', 2),
  unit('a1', 'a', '预算科'),
];

describe('buildUnitTree', () => {
  it('nests units under their parents, by sort order and then by name', () => {
    const [root] = buildUnitTree(units);
    expect(root?.unit.id).toBe('root');
    // 市发改委 (fa) sorts before 市教育局 (jiao) in pinyin order; 市财政局 leads by sortOrder.
    expect(root?.children.map((n) => n.unit.name)).toEqual(['市财政局', '市发改委', '市教育局']);
    expect(root?.children[0]?.children.map((n) => n.unit.id)).toEqual(['a1']);
  });

  it('makes a unit whose parent is out of view a root of its own', () => {
    const roots = buildUnitTree([unit('a', 'root', '市财政局'), unit('a1', 'a', '预算科')]);
    expect(roots.map((n) => n.unit.id)).toEqual(['a']);
  });
});

describe('subtree and paths', () => {
  it('lists a unit and all its descendants', () => {
    expect([...subtreeIds(units, 'a')].sort()).toEqual(['a', 'a1']);
    expect(subtreeIds(units, 'root').size).toBe(5);
  });

  it('names the path from the root down', () => {
    expect(unitPath(units, 'a1')).toEqual(['市委组织部', '市财政局', '预算科']);
  });
});

describe('filterUnits', () => {
  it('keeps matches and their ancestors only', () => {
    expect(
      filterUnits(units, '预算')
        .map((u) => u.id)
        .sort(),
    ).toEqual(['a', 'a1', 'root']);
  });
  it('keeps everything for an empty query', () => {
    expect(filterUnits(units, '  ')).toHaveLength(5);
  });
});

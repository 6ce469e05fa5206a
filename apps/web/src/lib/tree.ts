import type { OrgUnit } from '@lecture-hall/shared';

export interface UnitNode {
  unit: OrgUnit;
  children: UnitNode[];
}

const collator = new Intl.Collator('zh-CN');

/** Siblings in the order the organisation department set, then by name (pinyin order in Chinese). */
export function compareUnits(a: OrgUnit, b: OrgUnit): number {
  return a.sortOrder - b.sortOrder || collator.compare(a.name, b.name);
}

/**
 * The org-unit tree from the API's flat list. A unit whose parent is missing from the list
 * (outside the viewer's scope, or archived and hidden) becomes a root, so a liaison sees its
 * own subtree rather than nothing.
 */
export function buildUnitTree(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>();
  for (const unit of units) nodes.set(unit.id, { unit, children: [] });
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sortDeep = (list: UnitNode[]) => {
    list.sort((a, b) => compareUnits(a.unit, b.unit));
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/** Ids of a unit and everything under it. */
export function subtreeIds(units: readonly OrgUnit[], rootId: string): Set<string> {
  const byParent = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = byParent.get(u.parentId) ?? [];
    list.push(u.id);
    byParent.set(u.parentId, list);
  }
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const child of byParent.get(id) ?? []) stack.push(child);
  }
  return out;
}

/** Walks the tree depth-first, mapping each node; the shape antd's Tree and TreeSelect want. */
export function mapTree<T>(nodes: readonly UnitNode[], fn: (node: UnitNode, children: T[] | undefined) => T): T[] {
  return nodes.map((n) => fn(n, n.children.length > 0 ? mapTree(n.children, fn) : undefined));
}

/** Names from the root down to the unit, for a breadcrumb such as 市委组织部 / 市发改委. */
export function unitPath(units: readonly OrgUnit[], id: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: string[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    path.unshift(cur.name);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}

/** Units whose name contains the query, with their ancestors so that the tree still connects. */
export function filterUnits(units: readonly OrgUnit[], query: string): OrgUnit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...units];
  const byId = new Map(units.map((u) => [u.id, u]));
  const keep = new Set<string>();
  for (const u of units) {
    if (!u.name.toLowerCase().includes(q)) continue;
    let cur: OrgUnit | undefined = u;
    while (cur && !keep.has(cur.id)) {
      keep.add(cur.id);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
  }
  return units.filter((u) => keep.has(u.id));
}

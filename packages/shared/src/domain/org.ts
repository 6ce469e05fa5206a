/** Kinds of org unit in a city's tree: the root, its departments and counties, and their sub-units. */
export const ORG_UNIT_KINDS = ['city', 'department', 'county', 'subunit'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };

/** 政治面貌 — the values the organisation department records. */
export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

/**
 * 职级 — rank levels of civil servants after the 2019 reform (公务员职务与职级并行规定),
 * from the lowest to the highest that a city's cadres usually hold.
 */
export const RANK_LEVELS = [
  '一级科员',
  '四级主任科员',
  '三级主任科员',
  '二级主任科员',
  '一级主任科员',
  '四级调研员',
  '三级调研员',
  '二级调研员',
  '一级调研员',
] as const;
export type RankLevel = (typeof RANK_LEVELS)[number];

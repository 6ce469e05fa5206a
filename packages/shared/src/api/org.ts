import { z } from 'zod';
import { GENDERS, ORG_UNIT_KINDS, POLITICAL_STATUSES, RANK_LEVELS } from '../domain/org';
import { Id, IsoDate, PageQuery, pageOf } from './common';

const UnitName = z.string().trim().min(1, '名称不能为空').max(60, '名称不能超过 60 个字符');

export const OrgUnit = z.object({
  id: Id,
  parentId: Id.nullable(),
  name: z.string(),
  kind: z.enum(ORG_UNIT_KINDS),
  depth: z.number().int(),
  sortOrder: z.number().int(),
  archived: z.boolean(),
  peopleCount: z.number().int(),
});
export type OrgUnit = z.infer<typeof OrgUnit>;
export const OrgUnitList = z.object({ items: z.array(OrgUnit) });

export const OrgUnitListQuery = z.object({
  includeArchived: z.enum(['true', 'false']).default('false'),
});

export const CreateOrgUnitBody = z.object({
  parentId: Id,
  name: UnitName,
  kind: z.enum(ORG_UNIT_KINDS).exclude(['city']).default('subunit'),
});
export type CreateOrgUnitBody = z.infer<typeof CreateOrgUnitBody>;

export const RenameOrgUnitBody = z.object({ name: UnitName });
export const MoveOrgUnitBody = z.object({ newParentId: Id });

const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号应为 11 位数字，以 1 开头');

export const Person = z.object({
  id: Id,
  name: z.string(),
  gender: z.enum(GENDERS),
  birthDate: z.string(),
  /** Whole years on today's date. */
  age: z.number().int(),
  unitId: Id,
  unitName: z.string(),
  /** The unit with its ancestors below the root, e.g. 市卫健委/办公室: leaf names alone repeat. */
  unitPathName: z.string(),
  position: z.string(),
  rankLevel: z.string(),
  politicalStatus: z.string(),
  /** Full number for admins whose scope covers the person, otherwise masked as 138****1234. */
  phone: z.string().nullable(),
  phoneMasked: z.boolean(),
  entryDate: z.string().nullable(),
});
export type Person = z.infer<typeof Person>;
export const PersonPage = pageOf(Person);

export const PeopleQuery = PageQuery.extend({
  q: z.string().trim().max(50).optional(),
  unitId: Id.optional(),
  includeSubunits: z.enum(['true', 'false']).default('true'),
  gender: z.enum(GENDERS).optional(),
  rankLevel: z.enum(RANK_LEVELS).optional(),
  politicalStatus: z.enum(POLITICAL_STATUSES).optional(),
  maxAge: z.coerce.number().int().min(16).max(80).optional(),
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;
export const PeopleExportQuery = PeopleQuery.omit({ page: true, pageSize: true });

const PersonFields = z.object({
  name: z.string().trim().min(1, '姓名不能为空').max(30, '姓名不能超过 30 个字符'),
  gender: z.enum(GENDERS),
  birthDate: IsoDate,
  unitId: Id,
  position: z.string().trim().max(60, '职务不能超过 60 个字符'),
  rankLevel: z.enum(RANK_LEVELS),
  politicalStatus: z.enum(POLITICAL_STATUSES),
  phone: Phone.nullable(),
  entryDate: IsoDate.nullable(),
});

export const PersonInput = PersonFields.extend({
  position: PersonFields.shape.position.default(''),
  phone: PersonFields.shape.phone.default(null),
  entryDate: PersonFields.shape.entryDate.default(null),
});
export type PersonInput = z.infer<typeof PersonInput>;
/**
 * Only the fields sent change. Built from the fields without defaults: a partial of
 * PersonInput would fill in phone: null and clear a number the editor never touched.
 */
export const PersonPatch = PersonFields.partial();
export type PersonPatch = z.infer<typeof PersonPatch>;

/** One problem found in an uploaded roster, addressed as a person would find it in Excel. */
export const ImportProblem = z.object({
  row: z.number().int(),
  column: z.string(),
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

export const ImportReport = z.object({
  /** False when nothing was written: a dry run, or any problem at all (all or nothing). */
  imported: z.boolean(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  problems: z.array(ImportProblem),
});
export type ImportReport = z.infer<typeof ImportReport>;
export const ImportQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

/** Column headers of the roster workbook, in order — the template and the export use the same. */
export const ROSTER_COLUMNS = [
  { key: 'name', header: '姓名' },
  { key: 'gender', header: '性别' },
  { key: 'birthDate', header: '出生日期' },
  { key: 'unit', header: '单位' },
  { key: 'position', header: '职务' },
  { key: 'rankLevel', header: '职级' },
  { key: 'politicalStatus', header: '政治面貌' },
  { key: 'phone', header: '手机号' },
  { key: 'entryDate', header: '参加工作时间' },
] as const;

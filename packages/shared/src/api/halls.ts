import { z } from 'zod';
import { EDITION_STATUSES } from '../domain/programme';
import { Id, IsoDate, PageQuery, pageOf } from './common';

const Text = (max: number) => z.string().trim().max(max);
const Required = (max: number, label: string) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过 ${max} 个字符`);

export const RubricDimensionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, '维度代码只能包含小写字母、数字和下划线'),
  labelZh: Required(20, '维度名称'),
  labelEn: Required(40, 'English label'),
  description: Text(200).default(''),
  weight: z.number().positive('权重必须大于 0').max(1, '权重不能超过 1'),
});
export const RubricSchema = z
  .object({
    dimensions: z.array(RubricDimensionSchema).min(1, '至少需要一个评分维度').max(10, '评分维度不能超过 10 个'),
    scale: z
      .object({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100), step: z.number().positive().max(10) })
      .refine((s) => s.max > s.min, '分值上限必须大于下限')
      .refine((s) => Number.isInteger(Math.round(((s.max - s.min) / s.step) * 1e9) / 1e9), '分值步长必须能整除分值范围'),
  })
  .refine((r) => new Set(r.dimensions.map((d) => d.key)).size === r.dimensions.length, '维度代码不能重复')
  .refine((r) => Math.abs(r.dimensions.reduce((s, d) => s + d.weight, 0) - 1) < 1e-6, '各维度权重之和必须等于 1');

export const AggregationRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trim_k'), k: z.number().int().min(0).max(20) }),
  z.object({ kind: z.literal('trim_fraction'), fraction: z.number().min(0).max(0.25), atLeast: z.number().int().min(0).max(20) }),
]);

export const Hall = z.object({
  id: Id,
  name: z.string(),
  unitId: Id,
  unitName: z.string(),
  description: z.string(),
  youngAgeLimit: z.number().int(),
  repeatWindow: z.number().int(),
  defaultSpeakerCount: z.number().int(),
  defaultRubric: RubricSchema,
  /** A speaker sees its own published results: its scores and the anonymous distribution, never others' ballots. */
  speakersSeeResults: z.boolean(),
  /** The big screen may show the published results. */
  screenShowsResults: z.boolean(),
  editionCount: z.number().int(),
  /** Whether the caller may manage this hall (edit, add stages and editions, run selection). */
  canManage: z.boolean(),
  createdAt: z.string(),
});
export type Hall = z.infer<typeof Hall>;
export const HallList = z.object({ items: z.array(Hall) });

export const HallInput = z.object({
  name: Required(60, '讲堂名称'),
  unitId: Id,
  description: Text(1000).default(''),
  youngAgeLimit: z.number().int().min(25, '年龄上限不能低于 25').max(60, '年龄上限不能超过 60').default(40),
  repeatWindow: z.number().int().min(0).max(50).default(4),
  defaultSpeakerCount: z.number().int().min(1).max(20).default(5),
  defaultRubric: RubricSchema.optional(),
  speakersSeeResults: z.boolean().default(true),
  screenShowsResults: z.boolean().default(false),
});
export type HallInput = z.infer<typeof HallInput>;
export const HallPatch = z.object({
  name: Required(60, '讲堂名称').optional(),
  description: Text(1000).optional(),
  youngAgeLimit: z.number().int().min(25).max(60).optional(),
  repeatWindow: z.number().int().min(0).max(50).optional(),
  defaultSpeakerCount: z.number().int().min(1).max(20).optional(),
  defaultRubric: RubricSchema.optional(),
  speakersSeeResults: z.boolean().optional(),
  screenShowsResults: z.boolean().optional(),
});

export const Stage = z.object({
  id: Id,
  hallId: Id,
  title: z.string(),
  themeFocus: z.string(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  description: z.string(),
  sortOrder: z.number().int(),
});
export type Stage = z.infer<typeof Stage>;
export const StageList = z.object({ items: z.array(Stage) });
export const StageInput = z
  .object({
    title: Required(60, '阶段名称'),
    themeFocus: Text(200).default(''),
    periodStart: IsoDate.nullable().default(null),
    periodEnd: IsoDate.nullable().default(null),
    description: Text(2000).default(''),
    sortOrder: z.number().int().min(0).max(1000).optional(),
  })
  .refine((s) => !s.periodStart || !s.periodEnd || s.periodStart <= s.periodEnd, { message: '结束日期不能早于开始日期', path: ['periodEnd'] });
export const StagePatch = z.object({
  title: Required(60, '阶段名称').optional(),
  themeFocus: Text(200).optional(),
  periodStart: IsoDate.nullable().optional(),
  periodEnd: IsoDate.nullable().optional(),
  description: Text(2000).optional(),
  sortOrder: z.number().int().min(0).max(1000).optional(),
});

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

export const Edition = z.object({
  id: Id,
  hallId: Id,
  hallName: z.string(),
  /** 第N期: assigned per hall in creation order, never reused. */
  seq: z.number().int(),
  title: z.string(),
  theme: z.string(),
  stageId: Id.nullable(),
  stageTitle: z.string().nullable(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  venue: z.string(),
  speakerCount: z.number().int(),
  /** Recommendations each unit may make for this edition; null means no limit. */
  unitQuota: z.number().int().nullable(),
  rubric: RubricSchema,
  audienceWeightPct: z.number().int(),
  aggregation: AggregationRuleSchema,
  status: z.enum(EDITION_STATUSES),
  rubricLocked: z.boolean(),
  selectedCount: z.number().int(),
  canManage: z.boolean(),
  createdAt: z.string(),
});
export type Edition = z.infer<typeof Edition>;
export const EditionPage = pageOf(Edition);
export const EditionsQuery = PageQuery.extend({
  hallId: Id.optional(),
  status: z.enum(EDITION_STATUSES).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type EditionsQuery = z.infer<typeof EditionsQuery>;

export const EditionInput = z
  .object({
    title: Required(80, '标题'),
    theme: Text(200).default(''),
    stageId: Id.nullable().default(null),
    date: IsoDate,
    startTime: Time.default('14:30'),
    endTime: Time.default('17:00'),
    venue: Text(100).default(''),
    speakerCount: z.number().int().min(1).max(20).optional(),
    unitQuota: z.number().int().min(1).max(50).nullable().default(null),
    rubric: RubricSchema.optional(),
    audienceWeightPct: z.number().int().min(0).max(100).default(70),
    aggregation: AggregationRuleSchema.optional(),
  })
  .refine((e) => e.startTime < e.endTime, { message: '结束时间必须晚于开始时间', path: ['endTime'] });
export type EditionInput = z.infer<typeof EditionInput>;
export const EditionPatch = z.object({
  title: Required(80, '标题').optional(),
  theme: Text(200).optional(),
  stageId: Id.nullable().optional(),
  date: IsoDate.optional(),
  startTime: Time.optional(),
  endTime: Time.optional(),
  venue: Text(100).optional(),
  speakerCount: z.number().int().min(1).max(20).optional(),
  unitQuota: z.number().int().min(1).max(50).nullable().optional(),
  rubric: RubricSchema.optional(),
  audienceWeightPct: z.number().int().min(0).max(100).optional(),
  aggregation: AggregationRuleSchema.optional(),
});

export const TransitionBody = z.object({ to: z.enum(EDITION_STATUSES) });

export const Commentary = z.object({
  id: Id,
  hallId: Id,
  editionId: Id.nullable(),
  author: z.string(),
  authorTitle: z.string(),
  title: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export type Commentary = z.infer<typeof Commentary>;
export const CommentaryList = z.object({ items: z.array(Commentary) });
export const CommentaryInput = z.object({
  editionId: Id.nullable().default(null),
  author: Required(40, '点评人'),
  authorTitle: Text(60).default(''),
  title: Required(80, '标题'),
  text: Required(5000, '点评内容'),
});

/**
 * Headers of the roster workbook, in order. They mirror ROSTER_COLUMNS in packages/shared
 * (api/org.ts), copied so the console does not load zod for nine strings; columns.test.ts
 * fails if the two drift apart.
 */
export const ROSTER_HEADERS = ['姓名', '性别', '出生日期', '单位', '职务', '职级', '政治面貌', '手机号', '参加工作时间'] as const;

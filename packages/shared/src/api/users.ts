import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { Grant } from './auth';
import { Id, PageQuery, pageOf } from './common';

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  personId: Id.nullable(),
  personName: z.string().nullable(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(Grant),
});
export type User = z.infer<typeof User>;
export const UserPage = pageOf(User);
export const UsersQuery = PageQuery.extend({ q: z.string().trim().max(50).optional() });

const Username = z
  .string()
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(32, '用户名不能超过 32 个字符')
  .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符');

export const CreateUserBody = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(40),
  personId: Id.nullable().default(null),
});
/** The generated first password is shown once, to the admin who created or reset the account. */
export const UserWithPassword = z.object({ user: User, initialPassword: z.string() });

export const UpdateUserBody = z.object({
  displayName: z.string().trim().min(1).max(40).optional(),
  personId: Id.nullable().optional(),
  disabled: z.boolean().optional(),
});

export const CreateGrantBody = z.object({ role: z.enum(ROLES), orgUnitId: Id });

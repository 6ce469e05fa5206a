import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { Id } from './common';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const Grant = z.object({
  id: Id,
  role: z.enum(ROLES),
  orgUnitId: Id,
  orgUnitName: z.string(),
});
export type Grant = z.infer<typeof Grant>;

export const Me = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  personId: Id.nullable(),
  mustChangePassword: z.boolean(),
  grants: z.array(Grant),
  /** Sent back as the X-CSRF-Token header on every cookie-authenticated write. */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10, '新密码至少 10 个字符').max(256),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const SessionInfo = z.object({
  id: Id,
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export const SessionList = z.object({ items: z.array(SessionInfo) });

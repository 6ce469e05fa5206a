import type { ChangePasswordBody, LoginBody, Me, Role, SessionInfo } from '@lecture-hall/shared';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { hashToken, newToken } from '../../lib/ids';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import type { Actor, RequestContext } from './actor';
import { type GrantRow, grantRepository, sessionRepository, type UserRow, userRepository } from './auth.repository';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import { requireActor } from './policy';

export function grantsOf(rows: GrantRow[]) {
  return rows.map((g) => ({
    id: g.id,
    role: g.role as Role,
    orgUnitId: g.org_unit_id,
    orgUnitName: g.org_unit_name,
    orgUnitPath: g.org_unit_path,
  }));
}

export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  me: Me;
}

// Seen sessions are written back at most this often: a busy console must not write on every request.
const TOUCH_INTERVAL_MS = 60_000;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeHub,
  ) {}

  /**
   * Checks a username and password. Repeated failures lock the account for a while
   * (LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES); a success rotates the session: the one the
   * browser presented, if any, is revoked and a new one is made.
   */
  async login(ctx: RequestContext, body: LoginBody, userAgent: string | null): Promise<LoginResult> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const user = await userRepository.findByUsername(this.db, body.username);
    if (!user) {
      await verifyAgainstDummy(body.password);
      throw new AppError(401, 'invalid_credentials');
    }
    if (user.locked_until && user.locked_until > nowIso) {
      const retryAfterSeconds = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000);
      throw new AppError(423, 'account_locked', { retryAfterSeconds });
    }
    const ok = await verifyPassword(user.password_hash, body.password);
    if (!ok) {
      await this.recordFailure(ctx, user, now);
    }
    if (user.disabled_at) throw new AppError(403, 'account_disabled');

    const token = newToken();
    const sessionId = hashToken(token);
    const csrfToken = newToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlMs);
    await this.db.transaction().execute(async (trx) => {
      if (ctx.sessionId) await sessionRepository.revoke(trx, ctx.sessionId, nowIso);
      await userRepository.update(trx, user.id, { failed_login_count: 0, locked_until: null });
      await sessionRepository.insert(trx, {
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: nowIso,
        last_seen_at: nowIso,
        expires_at: expiresAt.toISOString(),
        revoked_at: null,
        ip: ctx.ip,
        user_agent: userAgent?.slice(0, 300) ?? null,
      });
      const loginCtx = { ...ctx, actor: { userId: user.id, username: user.username, displayName: user.display_name, personId: user.person_id, grants: [] } };
      await this.audit.record(trx, loginCtx, { action: 'auth.login', entityType: 'user', entityId: user.id });
    });
    // The session the browser presented (perhaps another user's, on a shared computer) has ended: its sockets close.
    if (ctx.sessionId && ctx.actor) this.realtime.userAccessChanged(ctx.actor.userId);
    const grants = grantsOf(await grantRepository.listForUsers(this.db, [user.id]));
    return { token, expiresAt, me: this.toMe(user, grants, csrfToken) };
  }

  private async recordFailure(ctx: RequestContext, user: UserRow, now: Date): Promise<never> {
    const failures = user.failed_login_count + 1;
    const lock = failures >= this.config.loginMaxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + this.config.loginLockoutMs).toISOString() : null;
    await this.db.transaction().execute(async (trx) => {
      await userRepository.update(trx, user.id, { failed_login_count: lock ? 0 : failures, locked_until: lockedUntil });
      if (lock) {
        await this.audit.record(trx, ctx, { action: 'auth.lockout', entityType: 'user', entityId: user.id, after: { lockedUntil } });
      }
    });
    if (lock) throw new AppError(423, 'account_locked', { retryAfterSeconds: Math.ceil(this.config.loginLockoutMs / 1000) });
    throw new AppError(401, 'invalid_credentials', { remainingAttempts: this.config.loginMaxFailures - failures });
  }

  /** The actor behind a session cookie, or null when the cookie is unknown, revoked or expired. */
  resolveSession(token: string): Promise<ResolvedSession | null> {
    return this.activeSession(hashToken(token), true);
  }

  /**
   * The actor of a session that is still active, by the session's id: what a signed-in socket
   * asks again at each heartbeat round and when the user's access changes. Null once the
   * session is revoked or expired, or the account disabled. Not a use of the session: it does
   * not move its last-seen time.
   */
  async actorOfSession(sessionId: string): Promise<Actor | null> {
    return (await this.activeSession(sessionId, false))?.actor ?? null;
  }

  /** Whether a session is still active and its user enabled (what a notification socket re-asks; its grants do not matter there). */
  sessionIsLive(sessionId: string): Promise<boolean> {
    return sessionRepository.isLive(this.db, sessionId, isoNow(this.clock));
  }

  private async activeSession(sessionId: string, touch: boolean): Promise<ResolvedSession | null> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const session = await sessionRepository.findActive(this.db, sessionId, nowIso);
    if (!session) return null;
    const user = await userRepository.findById(this.db, session.user_id);
    if (!user || user.disabled_at) return null;
    if (touch && now.getTime() - Date.parse(session.last_seen_at) > TOUCH_INTERVAL_MS) {
      await sessionRepository.touch(this.db, session.id, nowIso);
    }
    const grants = grantsOf(await grantRepository.listForUsers(this.db, [user.id]));
    return {
      actor: { userId: user.id, username: user.username, displayName: user.display_name, personId: user.person_id, grants },
      sessionId: session.id,
      csrfToken: session.csrf_token,
      mustChangePassword: user.must_change_password === 1,
    };
  }

  async logout(ctx: RequestContext): Promise<void> {
    if (!ctx.sessionId) return;
    const actor = requireActor(ctx);
    await this.db.transaction().execute(async (trx) => {
      await sessionRepository.revoke(trx, ctx.sessionId!, isoNow(this.clock));
      await this.audit.record(trx, ctx, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
    });
    this.realtime.userAccessChanged(actor.userId);
  }

  async me(ctx: RequestContext, csrfToken: string): Promise<Me> {
    const actor = requireActor(ctx);
    const user = await userRepository.findById(this.db, actor.userId);
    if (!user) throw notFound();
    return this.toMe(user, actor.grants, csrfToken);
  }

  /** Changes the caller's password and signs out every other session of the caller. */
  async changePassword(ctx: RequestContext, body: ChangePasswordBody): Promise<void> {
    const actor = requireActor(ctx);
    const user = await userRepository.findById(this.db, actor.userId);
    if (!user) throw notFound();
    if (!(await verifyPassword(user.password_hash, body.currentPassword))) throw badRequest('wrong_password');
    if (body.newPassword === body.currentPassword) throw badRequest('validation_failed', { newPassword: '新密码不能与当前密码相同' });
    const passwordHash = await hashPassword(body.newPassword);
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await userRepository.update(trx, user.id, { password_hash: passwordHash, must_change_password: 0, updated_at: nowIso });
      await sessionRepository.revokeAllForUser(trx, user.id, nowIso, ctx.sessionId);
      await this.audit.record(trx, ctx, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
    });
    this.realtime.userAccessChanged(user.id);
  }

  async listSessions(ctx: RequestContext): Promise<SessionInfo[]> {
    const actor = requireActor(ctx);
    const rows = await sessionRepository.listActiveForUser(this.db, actor.userId, isoNow(this.clock));
    return rows.map((s) => ({
      // The row id is a hash of the cookie; a prefix is enough to name it and reveals nothing usable.
      id: s.id.slice(0, 16),
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      expiresAt: s.expires_at,
      ip: s.ip,
      userAgent: s.user_agent,
      current: s.id === ctx.sessionId,
    }));
  }

  async revokeSession(ctx: RequestContext, idPrefix: string): Promise<void> {
    const actor = requireActor(ctx);
    const nowIso = isoNow(this.clock);
    const rows = await sessionRepository.listActiveForUser(this.db, actor.userId, nowIso);
    const target = rows.find((s) => s.id.slice(0, 16) === idPrefix);
    if (!target) throw notFound();
    await this.db.transaction().execute(async (trx) => {
      await sessionRepository.revoke(trx, target.id, nowIso);
      await this.audit.record(trx, ctx, { action: 'auth.session_revoked', entityType: 'user', entityId: actor.userId });
    });
    this.realtime.userAccessChanged(actor.userId);
  }

  private toMe(user: UserRow, grants: Actor['grants'], csrfToken: string): Me {
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      personId: user.person_id,
      mustChangePassword: user.must_change_password === 1,
      grants: grants.map(({ id, role, orgUnitId, orgUnitName }) => ({ id, role, orgUnitId, orgUnitName })),
      csrfToken,
    };
  }
}

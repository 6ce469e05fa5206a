import type { CreateGrantBody, CreateUserBody, Role, UpdateUserBody, User, UsersQuery } from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { badRequest, conflict, forbidden, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { Page } from '../../lib/pagination';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import type { Actor, RequestContext } from '../auth/actor';
import { grantRepository, sessionRepository, userRepository } from '../auth/auth.repository';
import { grantsOf } from '../auth/auth.service';
import { generatePassword, hashPassword } from '../auth/password';
import { authorize, covers, scopesFor } from '../auth/policy';
import { orgUnitRepository } from '../org/org-unit.repository';
import { type UserListRow, usersListRepository } from './users.repository';

type CreateUser = z.infer<typeof CreateUserBody>;
type UpdateUser = z.infer<typeof UpdateUserBody>;
type CreateGrant = z.infer<typeof CreateGrantBody>;
type UsersQueryT = z.infer<typeof UsersQuery>;

function isRootScope(path: string): boolean {
  return path.split('/').filter(Boolean).length === 1;
}

/**
 * Accounts and role grants. City admins manage the users whose grants and linked person lie
 * inside their scope; an account tied to no unit yet belongs to the root-scope admins.
 */
export class UsersService {
  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeHub,
  ) {}

  async list(ctx: RequestContext, q: UsersQueryT): Promise<Page<User>> {
    const actor = authorize(ctx, 'user.manage');
    const scopes = scopesFor(actor, 'user.manage');
    const { rows, total } = await usersListRepository.list(this.db, scopes, scopes.some(isRootScope), q.q, q);
    return { items: await this.withGrants(rows), total, page: q.page, pageSize: q.pageSize };
  }

  async create(ctx: RequestContext, body: CreateUser): Promise<{ user: User; initialPassword: string }> {
    const actor = authorize(ctx, 'user.manage');
    if (body.personId) await this.requirePersonInScope(actor, body.personId);
    else if (!scopesFor(actor, 'user.manage').some(isRootScope)) {
      // A user with no unit at all would be out of this admin's sight the moment it is made.
      throw badRequest('validation_failed', { personId: '请关联一名本单位人员' });
    }
    if (await userRepository.findByUsername(this.db, body.username)) throw conflict('duplicate_username');
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const id = newId();
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await userRepository.insert(trx, {
        id,
        username: body.username.toLowerCase(),
        display_name: body.displayName,
        password_hash: passwordHash,
        person_id: body.personId,
        must_change_password: 1,
        disabled_at: null,
        failed_login_count: 0,
        locked_until: null,
        created_at: nowIso,
        updated_at: nowIso,
      });
      await this.audit.record(trx, ctx, {
        action: 'user.created',
        entityType: 'user',
        entityId: id,
        after: { username: body.username.toLowerCase(), displayName: body.displayName, personId: body.personId },
      });
    });
    return { user: await this.view(id), initialPassword: password };
  }

  async update(ctx: RequestContext, id: string, body: UpdateUser): Promise<User> {
    const actor = authorize(ctx, 'user.manage');
    const before = await this.getInScope(actor, id);
    if (body.personId) await this.requirePersonInScope(actor, body.personId);
    if (body.disabled === true && id === actor.userId) throw conflict('conflict', { disabled: '不能停用自己的账号' });
    const nowIso = isoNow(this.clock);
    const patch = {
      ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
      ...(body.personId !== undefined ? { person_id: body.personId } : {}),
      ...(body.disabled !== undefined ? { disabled_at: body.disabled ? nowIso : null } : {}),
      updated_at: nowIso,
    };
    await this.db.transaction().execute(async (trx) => {
      await userRepository.update(trx, id, patch);
      // A disabled account must lose its open sessions at once, not when they expire.
      if (body.disabled === true) await sessionRepository.revokeAllForUser(trx, id, nowIso);
      await this.audit.record(trx, ctx, {
        action: body.disabled === true ? 'user.disabled' : body.disabled === false ? 'user.enabled' : 'user.updated',
        entityType: 'user',
        entityId: id,
        before: { displayName: before.displayName, personId: before.personId, disabled: before.disabled },
        after: {
          displayName: body.displayName ?? before.displayName,
          personId: body.personId !== undefined ? body.personId : before.personId,
          disabled: body.disabled ?? before.disabled,
        },
      });
    });
    // Its sockets close with its sessions (the session hook already refuses their HTTP requests).
    if (body.disabled === true) this.realtime.userAccessChanged(id);
    return this.view(id);
  }

  /** A new generated password, shown once; the user must change it at next login. */
  async resetPassword(ctx: RequestContext, id: string): Promise<{ user: User; initialPassword: string }> {
    const actor = authorize(ctx, 'user.manage');
    await this.getInScope(actor, id);
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await userRepository.update(trx, id, {
        password_hash: passwordHash,
        must_change_password: 1,
        failed_login_count: 0,
        locked_until: null,
        updated_at: nowIso,
      });
      await sessionRepository.revokeAllForUser(trx, id, nowIso);
      await this.audit.record(trx, ctx, { action: 'user.password_reset', entityType: 'user', entityId: id });
    });
    this.realtime.userAccessChanged(id);
    return { user: await this.view(id), initialPassword: password };
  }

  async addGrant(ctx: RequestContext, userId: string, body: CreateGrant): Promise<User> {
    const actor = authorize(ctx, 'user.manage');
    await this.getInScope(actor, userId);
    const unit = await orgUnitRepository.findById(this.db, body.orgUnitId);
    if (!unit) throw notFound({ orgUnitId: body.orgUnitId });
    authorize(ctx, 'user.manage', unit.path);
    if (unit.archived_at) throw conflict('unit_archived');
    if (await grantRepository.exists(this.db, userId, body.role, unit.id)) throw conflict('duplicate_grant');
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await grantRepository.insert(trx, {
        id,
        user_id: userId,
        role: body.role,
        org_unit_id: unit.id,
        created_at: isoNow(this.clock),
        created_by: actor.userId,
      });
      await this.audit.record(trx, ctx, {
        action: 'grant.created',
        entityType: 'user',
        entityId: userId,
        orgUnit: unit,
        after: { grantId: id, role: body.role, orgUnitId: unit.id, orgUnitName: unit.name },
      });
    });
    return this.view(userId);
  }

  async removeGrant(ctx: RequestContext, userId: string, grantId: string): Promise<User> {
    const actor = authorize(ctx, 'user.manage');
    await this.getInScope(actor, userId);
    const grant = await grantRepository.findById(this.db, grantId);
    if (!grant || grant.user_id !== userId) throw notFound({ grantId });
    authorize(ctx, 'user.manage', grant.org_unit_path);
    // Removing one's own last admin grant would lock the admin out of the console it is using.
    if (userId === actor.userId && grant.role === 'city_admin' && actor.grants.filter((g) => g.role === 'city_admin').length === 1) {
      throw conflict('conflict', { grantId: '不能移除自己唯一的管理员授权' });
    }
    await this.db.transaction().execute(async (trx) => {
      await grantRepository.delete(trx, grantId);
      await this.audit.record(trx, ctx, {
        action: 'grant.removed',
        entityType: 'user',
        entityId: userId,
        orgUnit: { id: grant.org_unit_id, path: grant.org_unit_path },
        before: { grantId, role: grant.role, orgUnitId: grant.org_unit_id, orgUnitName: grant.org_unit_name },
      });
    });
    // A host console the grant allowed closes now rather than at its next heartbeat round.
    this.realtime.userAccessChanged(userId);
    // Checked before the change; after it the user may have left this admin's sight (its last grant gone).
    return this.view(userId);
  }

  private async requirePersonInScope(actor: Actor, personId: string): Promise<void> {
    const person = await usersListRepository.findPersonUnitPath(this.db, personId);
    if (!person) throw notFound({ personId });
    if (!scopesFor(actor, 'user.manage').some((s) => covers(s, person.path))) throw forbidden();
  }

  private async view(id: string): Promise<User> {
    const row = await usersListRepository.findWithPerson(this.db, id);
    if (!row) throw notFound({ userId: id });
    const [user] = await this.withGrants([row]);
    return user!;
  }

  /** The user, if every unit it is tied to lies inside the actor's scope; 404 or 403 otherwise. */
  private async getInScope(actor: Actor, id: string): Promise<User> {
    const row = await usersListRepository.findWithPerson(this.db, id);
    if (!row) throw notFound({ userId: id });
    const [user] = await this.withGrants([row]);
    const scopes = scopesFor(actor, 'user.manage');
    const grantRows = await grantRepository.listForUsers(this.db, [id]);
    const paths = [...grantRows.map((g) => g.org_unit_path), ...(row.person_unit_path ? [row.person_unit_path] : [])];
    const inScope = paths.length === 0 ? scopes.some(isRootScope) : paths.every((p) => scopes.some((s) => covers(s, p)));
    if (!inScope) throw forbidden();
    return user!;
  }

  private async withGrants(rows: UserListRow[]): Promise<User[]> {
    const grants = await grantRepository.listForUsers(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      personId: r.person_id,
      personName: r.person_name,
      disabled: r.disabled_at !== null,
      lockedUntil: r.locked_until,
      createdAt: r.created_at,
      grants: grantsOf(grants.filter((g) => g.user_id === r.id)).map(({ id, role, orgUnitId, orgUnitName }) => ({
        id,
        role: role as Role,
        orgUnitId,
        orgUnitName,
      })),
    }));
  }
}

import type { CreateOrgUnitBody, OrgUnit, OrgUnitKind } from '@lecture-hall/shared';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { authorize, requireActor } from '../auth/policy';
import { wouldCreateCycle } from './org.rules';
import { type OrgUnitRow, orgUnitRepository, pathOf } from './org-unit.repository';

function toOrgUnit(r: OrgUnitRow, peopleCount: number): OrgUnit {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind as OrgUnitKind,
    depth: r.depth,
    sortOrder: r.sort_order,
    archived: r.archived_at !== null,
    peopleCount,
  };
}

function snapshot(r: OrgUnitRow) {
  return { name: r.name, parentId: r.parent_id, kind: r.kind, archived: r.archived_at !== null };
}

/** The org-unit tree: read by every signed-in user, changed by city admins within their scope. */
export class OrgService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The whole tree: unit names are not personal data, and every form that picks a unit needs it. */
  async list(ctx: RequestContext, includeArchived: boolean): Promise<OrgUnit[]> {
    requireActor(ctx);
    const [rows, counts] = await Promise.all([orgUnitRepository.list(this.db, includeArchived), orgUnitRepository.peopleCounts(this.db)]);
    return rows.map((r) => toOrgUnit(r, counts.get(r.id) ?? 0));
  }

  async get(id: string): Promise<OrgUnitRow> {
    const row = await orgUnitRepository.findById(this.db, id);
    if (!row) throw notFound({ unitId: id });
    return row;
  }

  async create(ctx: RequestContext, body: CreateOrgUnitBody): Promise<OrgUnit> {
    requireActor(ctx);
    const parent = await this.get(body.parentId);
    authorize(ctx, 'org.unit.manage', parent.path);
    if (parent.archived_at) throw conflict('unit_archived');
    const id = newId();
    const nowIso = isoNow(this.clock);
    const row: OrgUnitRow = {
      id,
      parent_id: parent.id,
      name: body.name,
      kind: body.kind,
      path: pathOf(parent.path, id),
      depth: parent.depth + 1,
      sort_order: await orgUnitRepository.nextSortOrder(this.db, parent.id),
      archived_at: null,
      created_at: nowIso,
      updated_at: nowIso,
    };
    await this.db.transaction().execute(async (trx) => {
      await orgUnitRepository.insert(trx, row);
      await this.audit.record(trx, ctx, { action: 'org_unit.created', entityType: 'org_unit', entityId: id, orgUnit: row, after: snapshot(row) });
    });
    return toOrgUnit(row, 0);
  }

  async rename(ctx: RequestContext, id: string, name: string): Promise<OrgUnit> {
    requireActor(ctx);
    const unit = await this.get(id);
    authorize(ctx, 'org.unit.manage', unit.path);
    const nowIso = isoNow(this.clock);
    const after = { ...unit, name, updated_at: nowIso };
    await this.db.transaction().execute(async (trx) => {
      await orgUnitRepository.update(trx, id, { name, updated_at: nowIso });
      await this.audit.record(trx, ctx, {
        action: 'org_unit.renamed',
        entityType: 'org_unit',
        entityId: id,
        orgUnit: unit,
        before: snapshot(unit),
        after: snapshot(after),
      });
    });
    return toOrgUnit(after, await orgUnitRepository.countPeople(this.db, id));
  }

  /**
   * Moves a unit with its whole subtree under a new parent. The actor must manage both the
   * unit's current parent and the new one, so a scope root cannot be carried out of scope.
   */
  async move(ctx: RequestContext, id: string, newParentId: string): Promise<OrgUnit> {
    requireActor(ctx);
    const unit = await this.get(id);
    if (!unit.parent_id) {
      authorize(ctx, 'org.unit.manage', unit.path);
      throw conflict('root_unit_immutable');
    }
    const oldParent = await this.get(unit.parent_id);
    authorize(ctx, 'org.unit.manage', oldParent.path);
    const newParent = await this.get(newParentId);
    authorize(ctx, 'org.unit.manage', newParent.path);
    if (wouldCreateCycle(unit.path, newParent.path)) throw conflict('unit_cycle');
    if (newParent.archived_at) throw conflict('unit_archived');
    const nowIso = isoNow(this.clock);
    const newPath = pathOf(newParent.path, unit.id);
    const after: OrgUnitRow = { ...unit, parent_id: newParent.id, path: newPath, depth: newParent.depth + 1, updated_at: nowIso };
    await this.db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: a move made meanwhile (B under A while A goes under B) must not close a cycle.
      const [unitNow, parentNow] = await Promise.all([orgUnitRepository.findById(trx, id), orgUnitRepository.findById(trx, newParent.id)]);
      if (!unitNow || !parentNow || unitNow.path !== unit.path || wouldCreateCycle(unitNow.path, parentNow.path) || parentNow.archived_at) {
        throw conflict('unit_cycle');
      }
      await orgUnitRepository.update(trx, id, {
        parent_id: newParent.id,
        sort_order: await orgUnitRepository.nextSortOrder(trx, newParent.id),
        updated_at: nowIso,
      });
      await orgUnitRepository.moveSubtree(trx, unit.path, newPath, newParent.depth + 1 - unit.depth, nowIso);
      await this.audit.record(trx, ctx, {
        action: 'org_unit.moved',
        entityType: 'org_unit',
        entityId: id,
        orgUnit: after,
        before: snapshot(unit),
        after: snapshot(after),
      });
    });
    return toOrgUnit((await orgUnitRepository.findById(this.db, id))!, await orgUnitRepository.countPeople(this.db, id));
  }

  /** Archives an empty unit: one with no active sub-units and no people. Its history stays. */
  async setArchived(ctx: RequestContext, id: string, archived: boolean): Promise<OrgUnit> {
    requireActor(ctx);
    const unit = await this.get(id);
    authorize(ctx, 'org.unit.manage', unit.path);
    if (!unit.parent_id) throw conflict('root_unit_immutable');
    const nowIso = isoNow(this.clock);
    if (archived) {
      const [children, people] = await Promise.all([orgUnitRepository.countActiveChildren(this.db, id), orgUnitRepository.countPeople(this.db, id)]);
      if (children > 0 || people > 0) throw conflict('unit_not_empty', { subUnits: children, people });
    } else {
      const parent = await this.get(unit.parent_id);
      if (parent.archived_at) throw conflict('unit_archived', { parentId: parent.id });
    }
    // Archiving an archived unit, or restoring an active one, changes nothing and records nothing.
    if ((unit.archived_at !== null) === archived) return toOrgUnit(unit, await orgUnitRepository.countPeople(this.db, id));
    const after: OrgUnitRow = { ...unit, archived_at: archived ? nowIso : null, updated_at: nowIso };
    await this.db.transaction().execute(async (trx) => {
      await orgUnitRepository.update(trx, id, { archived_at: after.archived_at, updated_at: nowIso });
      await this.audit.record(trx, ctx, {
        action: archived ? 'org_unit.archived' : 'org_unit.restored',
        entityType: 'org_unit',
        entityId: id,
        orgUnit: unit,
        before: snapshot(unit),
        after: snapshot(after),
      });
    });
    return toOrgUnit(after, await orgUnitRepository.countPeople(this.db, id));
  }
}

import type { Gender, ImportProblem, ImportReport, PeopleQuery, Person, PersonInput, PersonPatch } from '@lecture-hall/shared';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { PersonTable } from '../../db/schema';
import { ageOn, type Clock, isoNow, todayOf } from '../../lib/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors';
import type { UploadedFile } from '../../lib/http';
import { newId } from '../../lib/ids';
import type { Page } from '../../lib/pagination';
import type { AuditService } from '../audit/audit.service';
import type { Actor, RequestContext } from '../auth/actor';
import { authorize, can, scopesFor } from '../auth/policy';
import { maskPhone } from './org.rules';
import { type OrgUnitRow, orgUnitRepository, unitPathNames } from './org-unit.repository';
import { isUniqueViolation, type PeopleFilter, type PersonWithUnitRow, peopleRepository } from './people.repository';
import {
  birthDateAfterForMaxAge,
  birthDateReason,
  buildUnitIndex,
  checkRosterRow,
  entryDateReason,
  fileDuplicateProblems,
  IMPORT_MAX_ROWS,
  identityKey,
  LABEL_OF_GENDER,
  type RosterPerson,
  rosterDuplicateProblems,
  sortProblems,
  type UnitNode,
  unitDisplayPath,
} from './people.rules';
import { type RosterRowOut, readRosterWorkbook, writeRosterTemplate, writeRosterWorkbook } from './roster-excel';

/** One export holds at most this many people: beyond it the workbook grows too big to build in memory. */
export const EXPORT_MAX_ROWS = 20_000;

export type PeopleFilterQuery = Omit<PeopleQuery, 'page' | 'pageSize'>;

export interface Download {
  filename: string;
  /** The same name in ASCII, for clients that ignore filename*. */
  asciiFilename: string;
  body: Buffer;
}

function snapshot(r: Omit<PersonWithUnitRow, 'unit_name' | 'unit_path'> | PersonTable) {
  return {
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    unitId: r.unit_id,
    position: r.position,
    rankLevel: r.rank_level,
    politicalStatus: r.political_status,
    phone: r.phone,
    entryDate: r.entry_date,
  };
}

function unitNodes(rows: readonly OrgUnitRow[]): UnitNode[] {
  return rows.map((u) => ({ id: u.id, parentId: u.parent_id, name: u.name, path: u.path }));
}

/** The unit id a scope path ends in: /root/…/id/ → id. */
function unitIdOfPath(path: string): string {
  const ids = path.split('/').filter(Boolean);
  return ids[ids.length - 1]!;
}

/**
 * The date rules the import applies, for the form too: a 400 naming the field. checkAge is the
 * birth date to judge by age (none when it did not change); entry pairs an entry date with the birth date.
 */
function assertDates(today: string, checkAge: string | null, entry: { entryDate: string | null; birthDate: string } | null) {
  const details: Array<{ path: string; message: string }> = [];
  const ageReason = checkAge === null ? null : birthDateReason(checkAge, today);
  if (ageReason) details.push({ path: 'body.birthDate', message: ageReason });
  const entryReason = entry?.entryDate ? entryDateReason(entry.entryDate, entry.birthDate, today) : null;
  if (entryReason) details.push({ path: 'body.entryDate', message: entryReason });
  if (details.length > 0) throw badRequest('validation_failed', details);
}

/**
 * The people roster (干部名册): read within the actor's 'person.read' scopes, changed and
 * imported within its 'person.manage' scopes. Phones show in full only under 'person.read_phone'.
 */
export class PeopleService {
  constructor(
    private readonly db: Db,
    // Every service is built from the same (db, config, clock, audit); the upload limit itself is applied by @fastify/multipart.
    readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** People as the API shows them; unit path names are looked up once for the whole batch. */
  private async toPeople(actor: Actor, rows: readonly PersonWithUnitRow[]): Promise<Person[]> {
    const today = todayOf(this.clock);
    const pathNames = await unitPathNames(this.db, [...new Set(rows.map((r) => r.unit_path))]);
    return rows.map((r) => this.toPerson(actor, r, today, pathNames.get(r.unit_path) ?? r.unit_name));
  }

  private async toOnePerson(actor: Actor, row: PersonWithUnitRow): Promise<Person> {
    const [person] = await this.toPeople(actor, [row]);
    return person!;
  }

  private toPerson(actor: Actor, r: PersonWithUnitRow, today: string, unitPathName: string): Person {
    const fullPhone = can(actor, 'person.read_phone', r.unit_path);
    return {
      id: r.id,
      name: r.name,
      gender: r.gender as Gender,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, today),
      unitId: r.unit_id,
      unitName: r.unit_name,
      unitPathName,
      position: r.position,
      rankLevel: r.rank_level,
      politicalStatus: r.political_status,
      phone: r.phone === null ? null : fullPhone ? r.phone : maskPhone(r.phone),
      phoneMasked: r.phone !== null && !fullPhone,
      entryDate: r.entry_date,
    };
  }

  /** The list filter of a query, narrowed to the actor's read scopes; a unit outside them is a 403. */
  private async filterOf(actor: Actor, q: PeopleFilterQuery): Promise<PeopleFilter> {
    const filter: PeopleFilter = {
      scopePaths: scopesFor(actor, 'person.read'),
      q: q.q || undefined,
      gender: q.gender,
      rankLevel: q.rankLevel,
      politicalStatus: q.politicalStatus,
      birthDateAfter: q.maxAge === undefined ? undefined : birthDateAfterForMaxAge(todayOf(this.clock), q.maxAge),
    };
    if (q.unitId) {
      const unit = await orgUnitRepository.findById(this.db, q.unitId);
      if (!unit) throw notFound({ unitId: q.unitId });
      if (!can(actor, 'person.read', unit.path)) throw forbidden();
      if (q.includeSubunits === 'false') filter.unitId = unit.id;
      else filter.unitPathPrefix = unit.path;
    }
    return filter;
  }

  async list(ctx: RequestContext, q: PeopleQuery): Promise<Page<Person>> {
    const actor = authorize(ctx, 'person.read');
    const filter = await this.filterOf(actor, q);
    const [rows, total] = await Promise.all([peopleRepository.list(this.db, filter, q), peopleRepository.count(this.db, filter)]);
    return { items: await this.toPeople(actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async get(ctx: RequestContext, id: string): Promise<Person> {
    const actor = authorize(ctx, 'person.read');
    const row = await peopleRepository.findById(this.db, id);
    if (!row) throw notFound({ personId: id });
    authorize(ctx, 'person.read', row.unit_path);
    return this.toOnePerson(actor, row);
  }

  /** A unit people may be added to or moved into: it exists, the actor manages it, it is not archived. */
  private async targetUnit(ctx: RequestContext, unitId: string): Promise<OrgUnitRow> {
    const unit = await orgUnitRepository.findById(this.db, unitId);
    if (!unit) throw notFound({ unitId });
    authorize(ctx, 'person.manage', unit.path);
    if (unit.archived_at) throw conflict('unit_archived', { unitId });
    return unit;
  }

  async create(ctx: RequestContext, input: PersonInput): Promise<Person> {
    const actor = authorize(ctx, 'person.manage');
    const unit = await this.targetUnit(ctx, input.unitId);
    const today = todayOf(this.clock);
    assertDates(today, input.birthDate, { entryDate: input.entryDate, birthDate: input.birthDate });
    if (await peopleRepository.identityTaken(this.db, input.name, input.birthDate, unit.id)) throw conflict('duplicate_person');
    const nowIso = isoNow(this.clock);
    const row: PersonTable = {
      id: newId(),
      name: input.name,
      gender: input.gender,
      birth_date: input.birthDate,
      unit_id: unit.id,
      position: input.position,
      rank_level: input.rankLevel,
      political_status: input.politicalStatus,
      phone: input.phone,
      entry_date: input.entryDate,
      created_at: nowIso,
      updated_at: nowIso,
    };
    await this.writeOrDuplicate(async (trx) => {
      await peopleRepository.insert(trx, row);
      await this.audit.record(trx, ctx, { action: 'person.created', entityType: 'person', entityId: row.id, orgUnit: unit, after: snapshot(row) });
    });
    return this.toOnePerson(actor, { ...row, unit_name: unit.name, unit_path: unit.path });
  }

  /** Changes the fields sent. Moving a person needs 'person.manage' over both the old and the new unit. */
  async update(ctx: RequestContext, id: string, patch: PersonPatch): Promise<Person> {
    const actor = authorize(ctx, 'person.manage');
    const before = await peopleRepository.findById(this.db, id);
    if (!before) throw notFound({ personId: id });
    authorize(ctx, 'person.manage', before.unit_path);
    const unit =
      patch.unitId !== undefined && patch.unitId !== before.unit_id
        ? await this.targetUnit(ctx, patch.unitId)
        : { id: before.unit_id, name: before.unit_name, path: before.unit_path };
    const today = todayOf(this.clock);
    const after: PersonWithUnitRow = {
      ...before,
      name: patch.name ?? before.name,
      gender: patch.gender ?? before.gender,
      birth_date: patch.birthDate ?? before.birth_date,
      unit_id: unit.id,
      unit_name: unit.name,
      unit_path: unit.path,
      position: patch.position ?? before.position,
      rank_level: patch.rankLevel ?? before.rank_level,
      political_status: patch.politicalStatus ?? before.political_status,
      phone: patch.phone === undefined ? before.phone : patch.phone,
      entry_date: patch.entryDate === undefined ? before.entry_date : patch.entryDate,
    };
    const changed = JSON.stringify(snapshot(after)) !== JSON.stringify(snapshot(before));
    if (!changed) return this.toOnePerson(actor, before);
    // A birth date already on file is not re-judged when, say, only the phone changes; a new one is.
    assertDates(
      today,
      patch.birthDate ?? null,
      patch.birthDate !== undefined || patch.entryDate !== undefined ? { entryDate: after.entry_date, birthDate: after.birth_date } : null,
    );
    const identityChanged = after.name !== before.name || after.birth_date !== before.birth_date || after.unit_id !== before.unit_id;
    if (identityChanged && (await peopleRepository.identityTaken(this.db, after.name, after.birth_date, after.unit_id, id))) {
      throw conflict('duplicate_person');
    }
    const nowIso = isoNow(this.clock);
    await this.writeOrDuplicate(async (trx) => {
      await peopleRepository.update(trx, id, { ...snapshotRow(after), updated_at: nowIso });
      // Filed under the unit the person now belongs to, whose admins answer for them from now on.
      await this.audit.record(trx, ctx, {
        action: 'person.updated',
        entityType: 'person',
        entityId: id,
        orgUnit: unit,
        before: snapshot(before),
        after: snapshot(after),
      });
    });
    return this.toOnePerson(actor, { ...after, updated_at: nowIso });
  }

  /** Runs a write; a row the identity index refuses (a concurrent duplicate) is a 409, not a 500. */
  private async writeOrDuplicate(work: (trx: Db) => Promise<void>): Promise<void> {
    try {
      await this.db.transaction().execute(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('duplicate_person');
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Excel

  /** The empty roster workbook to fill in, for anyone who may import. */
  async template(ctx: RequestContext): Promise<Download> {
    authorize(ctx, 'person.manage');
    return { filename: '干部花名册导入模板.xlsx', asciiFilename: 'roster-template.xlsx', body: await writeRosterTemplate() };
  }

  /**
   * Every person matching the filters, as a roster workbook that imports again: units are
   * written as paths of names from the reader's scope root, phones masked unless allowed.
   */
  async export(ctx: RequestContext, q: PeopleFilterQuery): Promise<Download> {
    const actor = authorize(ctx, 'person.read');
    const filter = await this.filterOf(actor, q);
    const total = await peopleRepository.count(this.db, filter);
    if (total > EXPORT_MAX_ROWS) throw badRequest('export_too_large', { total, limit: EXPORT_MAX_ROWS });
    const [rows, units] = await Promise.all([peopleRepository.list(this.db, filter, undefined, EXPORT_MAX_ROWS), orgUnitRepository.list(this.db, true)]);
    const index = buildUnitIndex(unitNodes(units), scopesFor(actor, 'person.read'));
    const today = todayOf(this.clock);
    const out: RosterRowOut[] = rows.map((r) => {
      const p = this.toPerson(actor, r, today, r.unit_name);
      const unit = index.byId.get(r.unit_id);
      return {
        name: p.name,
        gender: LABEL_OF_GENDER[p.gender],
        birthDate: p.birthDate,
        unit: unit ? unitDisplayPath(index, unit) : r.unit_name,
        position: p.position,
        rankLevel: p.rankLevel,
        politicalStatus: p.politicalStatus,
        phone: p.phone,
        entryDate: p.entryDate,
      };
    });
    return { filename: `干部花名册-${today}.xlsx`, asciiFilename: `roster-${today}.xlsx`, body: await writeRosterWorkbook(out) };
  }

  /**
   * Imports an uploaded roster, all or nothing. Every row is checked (fields, unit within the
   * actor's manage scopes, duplicates in the file and against the roster); a dry run only
   * reports. A real run with any problem is a 422 import_rejected carrying the report; a clean
   * one inserts every row in one transaction with one 'person.imported' audit entry.
   *
   * The upload is read only after the permission check, so a stranger cannot make the server
   * buffer a file.
   */
  async importRoster(ctx: RequestContext, dryRun: boolean, readUpload: () => Promise<UploadedFile>): Promise<ImportReport> {
    const actor = authorize(ctx, 'person.manage');
    const upload = await readUpload();
    const sheet = await readRosterWorkbook(upload.buffer);
    const report = (created: number, problems: ImportProblem[]): ImportReport => ({
      imported: !dryRun && problems.length === 0 && created > 0,
      dryRun,
      rows: sheet.totalRows,
      created,
      problems,
    });
    if (sheet.totalRows > IMPORT_MAX_ROWS) {
      const first = sheet.rows[IMPORT_MAX_ROWS]!;
      const problems = [
        {
          row: first.row,
          column: '',
          reason: `文件共有 ${sheet.totalRows} 行数据，超过单次导入上限 ${IMPORT_MAX_ROWS} 行，请拆分后分批导入`,
        },
      ];
      if (dryRun) return report(0, problems);
      throw new AppError(422, 'import_rejected', report(0, problems));
    }

    const scopePaths = scopesFor(actor, 'person.manage');
    const units = (await orgUnitRepository.list(this.db, false)).filter((u) => scopePaths.some((s) => u.path.startsWith(s)));
    const index = buildUnitIndex(unitNodes(units), scopePaths);
    const today = todayOf(this.clock);
    const checks = sheet.rows.map((raw) => checkRosterRow(raw, today, index));
    const people = checks.flatMap((c) => (c.person ? [c.person] : []));
    const existing = await peopleRepository.identitiesByName(
      this.db,
      people.map((p) => p.name),
    );
    const existingKeys = new Set(existing.map((e) => identityKey({ name: e.name, birthDate: e.birth_date, unitId: e.unit_id })));
    const problems = sortProblems([...checks.flatMap((c) => c.problems), ...fileDuplicateProblems(people), ...rosterDuplicateProblems(people, existingKeys)]);

    if (dryRun) return report(0, problems);
    if (problems.length > 0) throw new AppError(422, 'import_rejected', report(0, problems));
    if (people.length === 0) return report(0, problems);

    const ids = await this.insertImported(ctx, people, scopePaths[0]!);
    return report(ids.length, []);
  }

  private async insertImported(ctx: RequestContext, people: readonly RosterPerson[], scopePath: string): Promise<string[]> {
    const nowIso = isoNow(this.clock);
    const rows: PersonTable[] = people.map((p) => ({
      id: newId(),
      name: p.name,
      gender: p.gender,
      birth_date: p.birthDate,
      unit_id: p.unitId,
      position: p.position,
      rank_level: p.rankLevel,
      political_status: p.politicalStatus,
      phone: p.phone,
      entry_date: p.entryDate,
      created_at: nowIso,
      updated_at: nowIso,
    }));
    const ids = rows.map((r) => r.id);
    await this.writeOrDuplicate(async (trx) => {
      await peopleRepository.insertMany(trx, rows);
      await this.audit.record(trx, ctx, {
        action: 'person.imported',
        entityType: 'person',
        entityId: null,
        // One entry for the whole file rather than one per row, filed under the importer's first manage scope.
        orgUnit: { id: unitIdOfPath(scopePath), path: scopePath },
        after: { count: rows.length, ids },
      });
    });
    return ids;
  }
}

function snapshotRow(r: PersonWithUnitRow) {
  return {
    name: r.name,
    gender: r.gender,
    birth_date: r.birth_date,
    unit_id: r.unit_id,
    position: r.position,
    rank_level: r.rank_level,
    political_status: r.political_status,
    phone: r.phone,
    entry_date: r.entry_date,
  };
}

import { type Attendance, AUDIENCE_CATEGORIES, AUDIENCE_CATEGORY_LABELS, type AudienceCategory, type HallAttendance } from '@lecture-hall/shared';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Db } from '../../db';
import { type Clock, DEFAULT_TIME_ZONE } from '../../lib/clock';
import { forbidden } from '../../lib/errors';
import type { RequestContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import { canManageUnit, loadHall, requireVisible } from '../halls/hall-access';
import { attendanceRepository } from './attendance.repository';
import { canHostOrManage, findEdition } from './live-access';

type HallAttendanceT = z.infer<typeof HallAttendance>;

export interface Download {
  filename: string;
  asciiFilename: string;
  body: Buffer;
}

const KIND_LABELS: Record<string, string> = { user: '账号登录', roster: '名册核验', guest: '游客' };

const zeroByCategory = (): Record<AudienceCategory, number> => Object.fromEntries(AUDIENCE_CATEGORIES.map((c) => [c, 0])) as Record<AudienceCategory, number>;

function isCategory(c: string): c is AudienceCategory {
  return (AUDIENCE_CATEGORIES as readonly string[]).includes(c);
}

/** Editions whose attendance a hall reports: those that have been live, and any with check-ins. */
const ATTENDED_STATUSES = ['live', 'closed', 'published'];

/**
 * Attendance (人次): person-times per edition, per audience category and class, and cumulative
 * per hall. Anyone who sees the hall reads the counts; names appear only in the export, and only
 * for the hall's managers.
 */
export class AttendanceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async getAttendance(ctx: RequestContext, editionId: string): Promise<Attendance> {
    const actor = requireActor(ctx);
    const edition = await findEdition(this.db, editionId);
    requireVisible(actor, edition.unit_path);
    const [byCat, byClass, secondDevices] = await Promise.all([
      attendanceRepository.countsByCategory(this.db, [editionId]),
      attendanceRepository.countsByClass(this.db, editionId, 'party_school'),
      attendanceRepository.countSecondDevices(this.db, editionId),
    ]);
    const byCategory = zeroByCategory();
    for (const r of byCat) if (isCategory(r.category)) byCategory[r.category] += r.n;
    return {
      editionId,
      total: Object.values(byCategory).reduce((a, b) => a + b, 0),
      byCategory,
      // Most attended class first; equal counts by class name in byte order, the same on both databases.
      byClass: byClass
        .map((r) => ({ className: r.className, count: r.n }))
        .sort((a, b) => b.count - a.count || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0)),
      secondDevices,
    };
  }

  /** Cumulative person-times over the hall's editions, by category and per edition (by 第N期). */
  async getHallAttendance(ctx: RequestContext, hallId: string): Promise<HallAttendanceT> {
    const { hall } = await loadHall(this.db, ctx, hallId, 'see');
    const editions = await attendanceRepository.hallEditions(this.db, hall.id);
    const counts = await attendanceRepository.countsByCategory(
      this.db,
      editions.map((e) => e.id),
    );
    const byCategory = zeroByCategory();
    const perEdition = new Map<string, number>();
    for (const r of counts) {
      if (isCategory(r.category)) byCategory[r.category] += r.n;
      perEdition.set(r.editionId, (perEdition.get(r.editionId) ?? 0) + r.n);
    }
    return {
      hallId: hall.id,
      total: [...perEdition.values()].reduce((a, b) => a + b, 0),
      byCategory,
      editions: editions
        .filter((e) => ATTENDED_STATUSES.includes(e.status) || perEdition.has(e.id))
        .map((e) => ({ editionId: e.id, seq: Number(e.seq), title: e.title, date: e.date, total: perEdition.get(e.id) ?? 0 })),
    };
  }

  /**
   * The check-in record as a workbook, for the hall's hosts and managers: one row per device
   * (category, class, how it checked in, when, whether it counts, whether it is a second
   * device). The names of roster people are added only for the hall's managers.
   */
  async exportAttendance(ctx: RequestContext, editionId: string): Promise<Download> {
    const actor = requireActor(ctx);
    const edition = await findEdition(this.db, editionId);
    if (!canHostOrManage(actor, edition.unit_path)) throw forbidden();
    const withNames = canManageUnit(actor, edition.unit_path);
    const rows = await attendanceRepository.exportRows(this.db, editionId);
    const time = new Intl.DateTimeFormat('sv-SE', {
      timeZone: this.clock.timeZone ?? DEFAULT_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });

    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Lecture Hall';
    const sheet = workbook.addWorksheet('签到记录');
    sheet.columns = [
      { header: '序号', key: 'n', width: 8 },
      { header: '类别', key: 'category', width: 12 },
      { header: '班次', key: 'className', width: 16 },
      { header: '签到方式', key: 'kind', width: 12 },
      { header: '签到时间', key: 'time', width: 22 },
      { header: '计入人次', key: 'counted', width: 10 },
      { header: '第二台设备', key: 'secondDevice', width: 12 },
      ...(withNames ? [{ header: '姓名', key: 'name', width: 14 }] : []),
    ];
    sheet.getRow(1).font = { bold: true };
    for (const [i, r] of rows.entries()) {
      sheet.addRow({
        n: i + 1,
        category: isCategory(r.category) ? AUDIENCE_CATEGORY_LABELS[r.category].zh : r.category,
        className: r.class_name,
        kind: KIND_LABELS[r.kind] ?? r.kind,
        time: time.format(new Date(r.created_at)),
        counted: Number(r.counted) === 1 ? '是' : '否',
        secondDevice: r.first_attendee_id !== null ? '是' : '否',
        ...(withNames ? { name: r.person_name ?? '' } : {}),
      });
    }
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    return { filename: `${edition.hall_name}第${edition.seq}期签到记录.xlsx`, asciiFilename: `attendance-${edition.seq}.xlsx`, body };
  }
}

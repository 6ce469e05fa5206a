import { createHash } from 'node:crypto';
import { type EditionResults, RATER_GROUP_LABELS, type RaterGroupName } from '@lecture-hall/shared';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { AppError, conflict, forbidden } from '../../lib/errors';
import { type UploadedFile, XLSX_MIME } from '../../lib/http';
import { newId } from '../../lib/ids';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { scoresJson } from '../ballots/ballot.rules';
import type { EditionRow } from '../halls/halls.repository';
import { rubricFromJson } from '../halls/rubric';
import { anonymousBallots } from './anonymous-ballots';
import { type PaperRow, type PaperSheetProblem, readPaperSheet, writePaperSheetTemplate } from './paper-sheet';
import { ballotsCsv } from './results.csv';
import { printPdf, reportFooter, reportHtml } from './results.report';
import { resultsRepository } from './results.repository';
import type { ResultsService } from './results.service';
import { writeResultsWorkbook } from './results.workbook';
import { resultsFilesRepository } from './results-files.repository';

export interface Download {
  filename: string;
  /** For clients that cannot read a UTF-8 file name. */
  asciiFilename: string;
  contentType: string;
  body: Buffer;
}

/** What a refused paper import answers (422 paper_sheet_invalid): every problem, by sheet and row. */
export interface PaperImportReport {
  imported: false;
  fileName: string;
  sheets: number;
  rows: number;
  problems: PaperSheetProblem[];
}

/** How long one PDF may take, Chromium's start included (a loaded 2-core machine needs about 15 s). */
const PRINT_TIMEOUT_MS = 90_000;
/** Published reports kept in memory: their results are frozen, so the same PDF serves every reader. */
const PUBLISHED_PDF_CACHE = 8;

/** A file name without the characters Windows refuses. */
function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\r\n\t]/g, '_').trim();
}

/**
 * The uploaded file's name as a person would read it in the import list: browsers percent-encode
 * some characters of a multipart file name (the HTML standard's `"`, CR and LF; some clients all
 * of it), so it is decoded when it decodes; then no path, no control characters, at most 120 characters.
 */
export function uploadName(raw: string): string {
  let name = raw;
  if (/%[0-9a-f]{2}/i.test(name)) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not percent-encoding after all: keep the name as sent.
    }
  }
  name = (name.split(/[/\\]/).pop() ?? '').normalize('NFC');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  name = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return Array.from(name).slice(0, 120).join('') || '纸质评分表.xlsx';
}

function byProblemOrder(a: PaperSheetProblem, b: PaperSheetProblem, sheetOrder: Map<string, number>): number {
  return (sheetOrder.get(a.sheet) ?? -1) - (sheetOrder.get(b.sheet) ?? -1) || (a.row ?? 0) - (b.row ?? 0);
}

/**
 * The results as files — the workbook, the anonymised ballots as CSV, the printed PDF report —
 * and the paper score sheet: its template per edition and the import of a filled one as ballots
 * marked 'paper'. The exports are for those who may read the full results (ResultsService
 * decides: the draft for its publishers, the published results for readers); the paper sheet
 * is for those who publish the edition's results.
 */
export class ResultsFilesService {
  private readonly pdfCache = new Map<string, Buffer>();

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly results: ResultsService,
  ) {}

  private baseName(r: Pick<EditionResults, 'hallName' | 'editionTitle'>, what: string): string {
    return safeName(`${r.hallName}-${r.editionTitle}-${what}`);
  }

  async workbook(ctx: RequestContext, editionId: string): Promise<Download> {
    const { results, inputs } = await this.results.inputsFor(ctx, editionId);
    const body = await writeResultsWorkbook(results, anonymousBallots(inputs));
    return { filename: `${this.baseName(results, '成绩')}.xlsx`, asciiFilename: `results-${editionId}.xlsx`, contentType: XLSX_MIME, body };
  }

  async ballotsCsv(ctx: RequestContext, editionId: string): Promise<Download> {
    const { results, inputs } = await this.results.inputsFor(ctx, editionId);
    return {
      filename: `${this.baseName(results, '匿名评分')}.csv`,
      asciiFilename: `ballots-${editionId}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: ballotsCsv(results.rubric, anonymousBallots(inputs)),
    };
  }

  async reportPdf(ctx: RequestContext, editionId: string): Promise<Download> {
    const results = await this.results.forExport(ctx, editionId);
    const download = (body: Buffer): Download => ({
      filename: `${this.baseName(results, '成绩报告')}.pdf`,
      asciiFilename: `report-${editionId}.pdf`,
      contentType: 'application/pdf',
      body,
    });
    const key = results.state === 'published' ? `${editionId}:${results.inputsHash}:${results.publishedAt}` : null;
    const cached = key ? this.pdfCache.get(key) : undefined;
    if (cached) return download(cached);
    const body = await printPdf(reportHtml(results), {
      executablePath: this.config.chromiumPath,
      footerHtml: reportFooter(results),
      timeoutMs: PRINT_TIMEOUT_MS,
    });
    if (key) {
      this.pdfCache.set(key, body);
      if (this.pdfCache.size > PUBLISHED_PDF_CACHE) this.pdfCache.delete(this.pdfCache.keys().next().value!);
    }
    return download(body);
  }

  /** The edition for one who publishes its results; everyone else is refused. */
  private async manage(ctx: RequestContext, editionId: string): Promise<EditionRow> {
    const { edition, access } = await this.results.load(ctx, editionId);
    if (access !== 'manage') throw forbidden();
    return edition;
  }

  async paperSheet(ctx: RequestContext, editionId: string): Promise<Download> {
    const edition = await this.manage(ctx, editionId);
    const talks = await resultsRepository.talks(this.db, editionId);
    const body = await writePaperSheetTemplate({
      id: edition.id,
      title: edition.title,
      hallName: edition.hall_name,
      date: edition.date,
      rubric: rubricFromJson(edition.rubric_json),
      talks: talks.map((t) => ({ id: t.id, position: t.position, name: t.name, unitName: t.unitName, title: t.title })),
    });
    return {
      filename: `${this.baseName({ hallName: edition.hall_name, editionTitle: edition.title }, '纸质评分表')}.xlsx`,
      asciiFilename: `paper-sheet-${editionId}.xlsx`,
      contentType: XLSX_MIME,
      body,
    };
  }

  async paperImports(ctx: RequestContext, editionId: string) {
    await this.manage(ctx, editionId);
    const rows = await resultsRepository.paperImports(this.db, editionId);
    return { items: rows.map((r) => ({ id: r.id, fileName: r.file_name, ballots: r.ballot_count, importedBy: r.display_name, createdAt: r.created_at })) };
  }

  /**
   * Imports a filled paper sheet as ballots of the edition, all or nothing. Only between the
   * close of scoring and publication (409 paper_import_closed otherwise: live ballots are
   * still coming, or the results are frozen). Any problem in the file — a foreign or altered
   * template, an unknown talk, a missing, off-scale or off-step score, a blank rater number,
   * an unknown category, a rater number repeated for a speaker or already imported for it, a
   * rater number given two categories — refuses the whole file with every problem listed
   * (422 paper_sheet_invalid) and stores nothing.
   * Side effects, in one transaction: a paper_imports row, its paper_ballots, an audit entry
   * 'results.paper_imported'. The draft results count the ballots at once (source 'paper').
   */
  async importPaper(ctx: RequestContext, editionId: string, readUpload: () => Promise<UploadedFile>) {
    const edition = await this.manage(ctx, editionId);
    if (edition.status !== 'closed') throw conflict('paper_import_closed', { status: edition.status });
    const upload = await readUpload();
    const fileName = uploadName(upload.filename);
    const rubric = rubricFromJson(edition.rubric_json);
    const talks = await resultsRepository.talks(this.db, editionId);
    const parsed = await readPaperSheet(upload.buffer, { id: editionId, rubric, talkIds: new Set(talks.map((t) => t.id)) });
    const refuse = (problems: PaperSheetProblem[]) => {
      const order = new Map<string, number>([['', -1]]);
      for (const p of problems) if (!order.has(p.sheet)) order.set(p.sheet, order.size);
      const report: PaperImportReport = {
        imported: false,
        fileName,
        sheets: parsed.sheets,
        rows: parsed.rows.length,
        problems: [...problems].sort((a, b) => byProblemOrder(a, b, order)),
      };
      return new AppError(422, 'paper_sheet_invalid', report);
    };
    const earlier = await resultsFilesRepository.paperRaters(this.db, editionId);
    const problems = [...parsed.problems, ...conflictsWithEarlier(parsed.rows, earlier, talks)];
    if (problems.length > 0) throw refuse(problems);

    const nowIso = isoNow(this.clock);
    const importId = newId();
    const sha256 = createHash('sha256').update(upload.buffer).digest('hex');
    const raters = new Set(parsed.rows.map((r) => `${r.group}:${r.raterLabel}`)).size;
    await this.db.transaction().execute(async (trx) => {
      const status = await resultsFilesRepository.lockedStatus(trx, editionId);
      if (status !== 'closed') throw conflict('paper_import_closed', { status });
      // Checked again under the lock, so that two imports of the same sheet at once cannot both pass.
      const raced = conflictsWithEarlier(parsed.rows, await resultsFilesRepository.paperRaters(trx, editionId), talks);
      if (raced.length > 0) throw refuse(raced);
      await resultsRepository.insertPaperImport(
        trx,
        {
          id: importId,
          edition_id: editionId,
          file_name: fileName,
          sha256,
          ballot_count: parsed.rows.length,
          imported_by: ctx.actor!.userId,
          created_at: nowIso,
        },
        parsed.rows.map((r) => ({
          id: newId(),
          edition_id: editionId,
          talk_id: r.talkId,
          import_id: importId,
          rater_label: r.raterLabel,
          rater_group: r.group,
          scores_json: scoresJson(rubric, r.scores),
          created_at: nowIso,
        })),
      );
      await this.audit.record(trx, ctx, {
        action: 'results.paper_imported',
        entityType: 'edition',
        entityId: editionId,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        after: { importId, fileName, sha256, ballots: parsed.rows.length, raters },
      });
    });
    return { importId, ballots: parsed.rows.length, raters, fileName };
  }
}

/**
 * Problems of the file's rows against what earlier imports stored: a rater number already
 * imported for the same speaker, and a rater number whose category differs from the one it
 * has elsewhere in this file or in earlier imports (the same number is the same rater on every
 * speaker's sheet; paper raters are keyed paper:<group>:<number>).
 */
export function conflictsWithEarlier(
  rows: readonly PaperRow[],
  earlier: ReadonlyArray<{ talk_id: string; rater_label: string; rater_group: string }>,
  talks: ReadonlyArray<{ id: string; name: string }>,
): PaperSheetProblem[] {
  const problems: PaperSheetProblem[] = [];
  const imported = new Set(earlier.map((e) => `${e.talk_id}\u0000${e.rater_label}`));
  const groupOf = new Map<string, { group: string; where: string }>();
  for (const e of earlier) if (!groupOf.has(e.rater_label)) groupOf.set(e.rater_label, { group: e.rater_group, where: '此前导入的评分表' });
  const names = new Map(talks.map((t) => [t.id, t.name]));
  for (const r of rows) {
    const at = (reason: string) => problems.push({ sheet: r.sheet, row: r.row, column: '评分人编号', reason });
    if (imported.has(`${r.talkId}\u0000${r.raterLabel}`)) {
      at(`评分人编号 ${r.raterLabel} 对讲课人${names.get(r.talkId) ?? ''}的评分已在此前导入，不能重复导入`);
      continue;
    }
    const known = groupOf.get(r.raterLabel);
    if (!known) groupOf.set(r.raterLabel, { group: r.group, where: `工作表「${r.sheet}」第 ${r.row} 行` });
    else if (known.group !== r.group) {
      at(
        `评分人编号 ${r.raterLabel} 在${known.where}中的类别为“${RATER_GROUP_LABELS[known.group as RaterGroupName]?.zh ?? known.group}”，同一编号应为同一评分人、同一类别`,
      );
    }
  }
  return problems;
}

import fs from 'node:fs';
import { DEFAULT_RUBRIC } from '@lecture-hall/shared';
import ExcelJS from 'exceljs';
import { writePaperSheetTemplate } from '../../src/modules/results/paper-sheet';
import { freezeResults } from '../../src/modules/results/results.service';
import { makeEdition, makeHall, makePerson } from '../factories';
import { makeTalk } from '../programme-factories';
import { multipartFile } from '../xlsx';
import { type Case, type Fixture, MANAGERS, scoped } from './types';

/*
 * Results as files. The exports (workbook, CSV, PDF) are for those who may read the full
 * published results: city admins and leaders over the subtree, the bureau's hall admin — a
 * liaison, who sees only its own unit's speakers, gets none of them (403 inside and outside).
 * The paper score sheet (template, import, list) is for those who publish the edition's results.
 * The PDF needs Debian's Chromium: where it is missing, those allowed get 503 report_unavailable.
 */

const READ = ['city_admin', 'hall_admin', 'leader'] as const;
const PDF_OK = fs.existsSync('/usr/bin/chromium') ? 200 : 503;

async function editionWithSpeaker(fx: Fixture, status: 'closed' | 'published') {
  const hall = await makeHall(fx.db, fx.bureau, { name: `成绩文件矩阵讲堂${fx.next()}` });
  const edition = await makeEdition(fx.db, hall.id, { status, speakerCount: 1 });
  const name = `成绩文件矩阵讲课人${fx.next()}`;
  const person = await makePerson(fx.db, fx.bureau, { name });
  const talk = await makeTalk(fx.db, { editionId: edition.id, personId: person.id, nominatedBy: fx.managedUserId, title: '成绩文件矩阵讲题' });
  if (status === 'published') await freezeResults(fx.db, edition.id, fx.managedUserId, '2026-01-01T00:00:00.000Z');
  return { editionId: edition.id, talkId: talk.id, name };
}

const published = (fx: Fixture) => fx.memo('results-files.published', () => editionWithSpeaker(fx, 'published'));

/** A closed edition of its own and its filled paper sheet: an import stores ballots, so every caller gets a fresh one. */
async function filledSheetRequest(fx: Fixture) {
  const e = await editionWithSpeaker(fx, 'closed');
  const template = await writePaperSheetTemplate({
    id: e.editionId,
    title: '第1期',
    hallName: '矩阵讲堂',
    date: '2026-03-15',
    rubric: DEFAULT_RUBRIC,
    talks: [{ id: e.talkId, position: 1, name: e.name, unitName: fx.bureau.name, title: '成绩文件矩阵讲题' }],
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ExcelJS.Buffer);
  wb.worksheets[0]!.getRow(10).values = ['1', '听众', 8, 8, 8, 8, 8];
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { method: 'POST' as const, url: `/api/editions/${e.editionId}/paper-ballots`, ...multipartFile(body, '纸质评分表.xlsx') };
}

export const RESULTS_FILES_CASES: Record<string, Case> = {
  exportEditionResultsWorkbook: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/results/export.xlsx` }),
    expected: scoped(READ, 200),
  },
  exportEditionBallotsCsv: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/results/ballots.csv` }),
    expected: scoped(READ, 200),
  },
  exportEditionResultsReport: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/results/report.pdf` }),
    expected: scoped(READ, PDF_OK),
  },
  getPaperSheetTemplate: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/paper-sheet.xlsx` }),
    expected: scoped(MANAGERS, 200),
  },
  importPaperBallots: {
    request: filledSheetRequest,
    expected: scoped(MANAGERS, 200),
  },
  listPaperImports: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/paper-ballots` }),
    expected: scoped(MANAGERS, 200),
  },
};

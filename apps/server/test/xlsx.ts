import { ROSTER_COLUMNS } from '@lecture-hall/shared';
import ExcelJS from 'exceljs';
import { multipart } from './deck-fixtures';

/** A roster workbook with the standard header and these rows, as an .xlsx buffer. */
export async function rosterXlsx(rows: unknown[][], headers: string[] = ROSTER_COLUMNS.map((c) => c.header)): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('干部花名册');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body carrying one file in the field `file`, as a browser sends it (the name percent-encoded). */
export function multipartFile(content: Buffer, filename = '花名册.xlsx', contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  return multipart(content, encodeURIComponent(filename), { contentType });
}

export async function xlsxUpload(rows: unknown[][]) {
  return multipartFile(await rosterXlsx(rows));
}

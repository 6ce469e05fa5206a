import type ExcelJS from 'exceljs';

/** Every .xlsx is a ZIP archive; checking its signature first turns a renamed .xls or .csv into a clear refusal. */
export function looksLikeXlsx(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
}

/** What a spreadsheet cell holds once ExcelJS's wrappers are taken off. */
export type PlainCell = string | number | boolean | Date | null;

/**
 * A cell's value with ExcelJS's wrappers (rich text, formula results, hyperlinks, errors)
 * removed: what a person typed or saw in the cell. Every workbook the server reads (the roster,
 * paper score sheets, score files for `analyze`) goes through here, so that a cell Excel saved as
 * rich text or as a formula reads the same everywhere. A formula without a cached result reads
 * as empty: its value was never computed by a spreadsheet.
 */
export function plainCell(value: ExcelJS.CellValue | undefined): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return plainCell(value.result as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('hyperlink' in value) return plainCell(value.text as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

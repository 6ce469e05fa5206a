import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../../test/deck-fixtures';
import { countPdfPages } from './pdf-pages';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-pdf-pages-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: Buffer | string): string {
  const p = path.join(dir, `p${++n}.pdf`);
  fs.writeFileSync(p, content);
  return p;
}

describe('countPdfPages', () => {
  it('reads the page tree of a generated PDF', async () => {
    expect(await countPdfPages(file(makePdf(1)))).toBe(1);
    expect(await countPdfPages(file(makePdf(7)))).toBe(7);
  });

  it('counts pages of a PDF larger than one read window, with objects at the seams', async () => {
    // Padding pushes the page objects across the 1 MiB read boundaries.
    const pdf = makePdf(40).toString('latin1');
    const padded = pdf.replace(/endobj\n/g, (m, offset: number) => `${m}%${'x'.repeat(offset % 2 ? 150_001 : 99_999)}\n`);
    expect(padded.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(await countPdfPages(file(Buffer.from(padded, 'latin1')))).toBe(40);
  });

  it('prefers the tree root /Count to page objects an update replaced', async () => {
    // The same page object written twice (an incremental update) still makes a 2-page document.
    const pdf = `${makePdf(2).toString('latin1')}4 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n%%EOF\n`;
    expect(await countPdfPages(file(Buffer.from(pdf, 'latin1')))).toBe(2);
  });

  it('falls back to counting /Type /Page objects (not /Pages) when the tree has no readable /Count', async () => {
    const pdf =
      '%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Resources << >> >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj << /Type/Page/Parent 1 0 R >> endobj\n%%EOF';
    expect(await countPdfPages(file(pdf))).toBe(2);
  });

  it('finds the page tree inside a compressed object stream (PDF 1.5)', async () => {
    const objects =
      '<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >> << /Type /Page /Parent 2 0 R >> << /Type /Page /Parent 2 0 R >> << /Type /Page /Parent 2 0 R >>';
    const data = zlib.deflateSync(Buffer.from(`1 0 2 34 3 100 4 130 5 160 ${objects}`));
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.5\n9 0 obj\n<< /Type /ObjStm /N 5 /First 26 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    expect(await countPdfPages(file(pdf))).toBe(3);
  });

  it('says null when it finds no pages at all', async () => {
    expect(await countPdfPages(file('%PDF-1.4\n%%EOF\n'))).toBeNull();
  });
});

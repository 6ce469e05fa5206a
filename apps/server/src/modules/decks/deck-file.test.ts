import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflatedZeros, makeDocx, makeElf, makePdf, makePptx, makeZip, pptxEntries } from '../../../test/deck-fixtures';
import { AppError } from '../../lib/errors';
import { detectDeck } from './deck-file';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-deck-file-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function detect(content: Buffer) {
  const file = path.join(dir, `f${++n}`);
  fs.writeFileSync(file, content);
  return detectDeck(file, content.length);
}
async function refusal(content: Buffer): Promise<{ status: number; code: string; reason: string }> {
  try {
    await detect(content);
  } catch (err) {
    if (err instanceof AppError) return { status: err.statusCode, code: err.code, reason: (err.details as { reason: string }).reason };
    throw err;
  }
  throw new Error('accepted');
}

describe('detectDeck', () => {
  it('recognises a PDF from its header and end marker, with its pages', async () => {
    expect(await detect(makePdf(3))).toEqual({ kind: 'pdf', pageCount: 3 });
  });

  it('recognises a PPTX from its central directory and content types', async () => {
    expect(await detect(makePptx(2))).toEqual({ kind: 'pptx', pageCount: null });
  });

  it('refuses a renamed executable, saying what it is', async () => {
    expect(await refusal(makeElf())).toEqual({ status: 400, code: 'deck_type_refused', reason: '文件内容是 Linux 可执行程序，不是课件' });
    expect(await refusal(Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(512)]))).toEqual({
      status: 400,
      code: 'deck_type_refused',
      reason: '文件内容是 Windows 可执行程序，不是课件',
    });
  });

  it('refuses a PDF without its end marker in the last 1 KiB', async () => {
    const pdf = makePdf(1);
    const truncated = Buffer.concat([pdf.subarray(0, pdf.lastIndexOf('%%EOF')), Buffer.alloc(2048, 0x20)]);
    expect((await refusal(truncated)).code).toBe('deck_type_refused');
  });

  it('refuses a DOCX and a plain ZIP as not being presentations', async () => {
    expect(await refusal(makeDocx())).toEqual({ status: 400, code: 'deck_type_refused', reason: '该文件是 Word 文档（DOCX），不是 PPTX 演示文稿' });
    expect(await refusal(makeZip([{ name: 'notes.txt', data: 'hello' }]))).toEqual({
      status: 400,
      code: 'deck_type_refused',
      reason: '该文件是普通压缩包，不是 PPTX 演示文稿',
    });
  });

  it('refuses a PPTX-shaped ZIP whose content types are not presentationml, or carry macros', async () => {
    const entries = pptxEntries(1);
    const wrongTypes = entries.map((e) => (e.name === '[Content_Types].xml' ? { ...e, data: '<Types/>' } : e));
    expect((await refusal(makeZip(wrongTypes))).code).toBe('deck_type_refused');
    const macro = entries.map((e) => (e.name === '[Content_Types].xml' ? { ...e, data: `${e.data}<!-- application/vnd.ms-office.vbaProject -->` } : e));
    expect(await refusal(makeZip(macro))).toEqual({ status: 400, code: 'deck_type_refused', reason: '不接受含宏的演示文稿（PPTM），请另存为 PPTX 后上传' });
  });

  it('refuses a ZIP whose central directory declares a huge expansion, before inflating anything', async () => {
    const bomb = makeZip([...pptxEntries(1), { name: 'ppt/media/huge.bin', data: 'x', declaredSize: 0xfffffff0 }]);
    expect(await refusal(bomb)).toEqual({ status: 400, code: 'deck_unsafe', reason: '压缩包解压后的总大小异常' });
  });

  it('refuses an entry that inflates past the size it declares', async () => {
    const lying = makeZip([...pptxEntries(1), { name: 'ppt/media/a.bin', compressed: await deflatedZeros(5 * 1024 * 1024), declaredSize: 1000 }]);
    expect((await refusal(lying)).code).toBe('deck_unsafe');
  });

  it('refuses a real high-ratio entry (210 MiB of zeros in a few hundred KB)', async () => {
    const zeros = await deflatedZeros(210 * 1024 * 1024);
    const bomb = makeZip([...pptxEntries(1), { name: 'ppt/media/zeros.bin', compressed: zeros }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await refusal(bomb)).code).toBe('deck_unsafe');
  }, 60_000);

  it('refuses a ZIP of more than 10,000 entries', async () => {
    const many = makeZip([...pptxEntries(1), ...Array.from({ length: 10_001 }, (_, i) => ({ name: `ppt/x/${i}.xml`, data: '', store: true }))]);
    expect(await refusal(many)).toEqual({ status: 400, code: 'deck_unsafe', reason: '压缩包内文件数（10012）超过上限 10000' });
  });

  it('refuses a corrupt ZIP as not a PPTX', async () => {
    expect((await refusal(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]))).code).toBe('deck_type_refused');
  });
});

import { describe, expect, it } from 'vitest';
import { slideDeckPdf } from './pdf';

const deck = slideDeckPdf(
  [
    { title: '让数据多跑路：卫健窗口的数字化改造', lines: ['张晓明', '市卫健委'], footer: '市直机关干部大讲堂 第7期' },
    { title: '一、问题从哪里来', lines: ['• 群众办事要跑三个窗口', '• 材料重复提交'] },
    { title: '二、我们怎么做', lines: ['• 一窗受理、集成服务'] },
  ],
  { title: '让数据多跑路', author: '张晓明' },
);
const text = deck.toString('latin1');

/** The UTF-16BE hex strings of every Tj operator, decoded. */
function shownText(pdf: string): string[] {
  return [...pdf.matchAll(/<([0-9A-F]+)> Tj/g)].map((m) => Buffer.from(m[1]!, 'hex').swap16().toString('utf16le'));
}

describe('the demo slide-deck PDF', () => {
  it('is a PDF by its header and trailer, with one page per slide', () => {
    expect(text.startsWith('%PDF-1.7\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text.match(/\/Type \/Page /g)).toHaveLength(3);
    expect(text).toContain('/Count 3');
  });

  it('points every cross-reference entry at the object it names', () => {
    const xrefAt = Number(text.match(/startxref\n(\d+)\n%%EOF/)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const entries = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries.length).toBeGreaterThan(5);
    for (const [i, offset] of entries.entries()) expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });

  it('carries the Chinese text in STSong-Light through UniGB-UCS2-H, no font file embedded', () => {
    expect(shownText(text)).toEqual(
      expect.arrayContaining(['让数据多跑路：卫健窗口的数字化改造', '张晓明', '市卫健委', '一、问题从哪里来', '群众办事要跑三个窗口', '1 / 3', '3 / 3']),
    );
    expect(text).toContain('/Encoding /UniGB-UCS2-H');
    expect(text).not.toContain('/FontFile');
    expect(deck.length).toBeLessThan(8000);
  });
});

import { describe, expect, it } from 'vitest';
import { previewFilename, sanitizeDeckFilename } from './file-name';

describe('sanitizeDeckFilename', () => {
  it('keeps a Chinese name as it is', () => {
    expect(sanitizeDeckFilename('第三讲课件.pdf', 'pdf')).toBe('第三讲课件.pdf');
  });

  it('drops folders and ../ whichever slash they use', () => {
    expect(sanitizeDeckFilename('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(sanitizeDeckFilename('..\\..\\windows\\第一讲.pptx', 'pptx')).toBe('第一讲.pptx');
    expect(sanitizeDeckFilename('../', 'pdf')).toBe('课件.pdf');
  });

  it('removes control characters, bidirectional overrides and characters Windows forbids', () => {
    expect(sanitizeDeckFilename('第\u0000二\u0007讲\u001b课\u007f件\u0085.pdf', 'pdf')).toBe('第二讲课件.pdf');
    // U+202E would show "讲稿\u202Efdp.exe" as "讲稿exe.pdf".
    expect(sanitizeDeckFilename('讲稿\u202Efdp.exe', 'pdf')).toBe('讲稿fdp.pdf');
    expect(sanitizeDeckFilename('a<b>c:d"e|f?g*h.pdf', 'pdf')).toBe('abcdefgh.pdf');
  });

  it('gives the extension of the detected kind, whatever the name claimed', () => {
    expect(sanitizeDeckFilename('deck.pdf', 'pptx')).toBe('deck.pptx');
    expect(sanitizeDeckFilename('讲稿.PPTX', 'pdf')).toBe('讲稿.pdf');
    expect(sanitizeDeckFilename('讲稿', 'pdf')).toBe('讲稿.pdf');
    // "2" is not an extension: a version number stays.
    expect(sanitizeDeckFilename('方案v1.2', 'pdf')).toBe('方案v1.2.pdf');
  });

  it('trims leading and trailing dots and spaces, and defuses Windows device names', () => {
    expect(sanitizeDeckFilename('  ..隐藏.  .pdf', 'pdf')).toBe('隐藏.pdf');
    expect(sanitizeDeckFilename('CON.pdf', 'pdf')).toBe('_CON.pdf');
    expect(sanitizeDeckFilename('nul', 'pptx')).toBe('_nul.pptx');
  });

  it('names an empty result after the kind', () => {
    expect(sanitizeDeckFilename('', 'pdf')).toBe('课件.pdf');
    expect(sanitizeDeckFilename('\u0001\u0002.pptx', 'pptx')).toBe('课件.pptx');
    expect(sanitizeDeckFilename('???', 'pptx')).toBe('课件.pptx');
  });

  it('cuts a long name to 120 characters, keeping the extension and whole characters', () => {
    const name = sanitizeDeckFilename(`${'讲'.repeat(200)}.pdf`, 'pdf');
    expect(Array.from(name)).toHaveLength(120);
    expect(name).toBe(`${'讲'.repeat(116)}.pdf`);
    const emoji = sanitizeDeckFilename(`${'😀'.repeat(130)}.pptx`, 'pptx');
    expect(emoji).toBe(`${'😀'.repeat(115)}.pptx`);
  });

  it('names the preview of a PPTX as a PDF', () => {
    expect(previewFilename('第三讲课件.pptx')).toBe('第三讲课件.pdf');
    expect(previewFilename('第三讲课件.pdf')).toBe('第三讲课件.pdf');
  });
});

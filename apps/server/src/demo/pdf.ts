/**
 * A small PDF writer for the demo's slide decks: 16:9 pages with Chinese text, no font file.
 *
 * Chinese is set in STSong-Light through the predefined CMap UniGB-UCS2-H — one of the CJK
 * fonts every conforming reader supplies itself (PDF 1.7, ISO 32000-1, §9.7.5.2 "Predefined
 * CMaps" and Adobe Technical Note #5094 "Adobe CJK Font Technology") — so a deck of a few pages
 * is a couple of kilobytes and needs no font in the repository. Text strings are UTF-16BE, as
 * that CMap expects.
 */

export interface Slide {
  title: string;
  /** Lines of body text; a line starting with "• " is drawn as a bullet. */
  lines: string[];
  /** Small print at the foot of the slide (speaker, unit). */
  footer?: string;
}

const WIDTH = 960;
const HEIGHT = 540;

function utf16Hex(text: string): string {
  let hex = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    // UCS-2 has no surrogates: characters beyond the BMP are replaced, not mangled.
    hex += (code > 0xffff ? 0x3000 : code).toString(16).padStart(4, '0');
  }
  return `<${hex.toUpperCase()}>`;
}

function textAt(x: number, y: number, size: number, text: string): string {
  return `BT /F1 ${size} Tf ${x} ${y} Td ${utf16Hex(text)} Tj ET`;
}

/** Breaks a line so that it fits the slide: CJK characters are about one em wide. */
function wrap(line: string, size: number, width: number): string[] {
  const perLine = Math.max(8, Math.floor(width / size));
  const out: string[] = [];
  for (let i = 0; i < line.length; i += perLine) out.push(line.slice(i, i + perLine));
  return out.length ? out : [''];
}

function slideContent(slide: Slide, index: number, total: number, cover: boolean): string {
  const ops: string[] = [];
  // A red band across the top, as Chinese government decks have.
  ops.push('0.72 0.11 0.11 rg', `0 ${HEIGHT - 18} ${WIDTH} 18 re f`, '0 0 0 rg');
  if (cover) {
    ops.push('0.72 0.11 0.11 rg', `60 250 ${WIDTH - 120} 2 re f`, '0 0 0 rg');
    let y = 330;
    for (const part of wrap(slide.title, 40, WIDTH - 120)) {
      ops.push(textAt(60, y, 40, part));
      y -= 52;
    }
    let by = 200;
    for (const line of slide.lines) {
      ops.push(textAt(60, by, 22, line));
      by -= 34;
    }
  } else {
    ops.push(textAt(60, HEIGHT - 90, 32, slide.title));
    ops.push('0.72 0.11 0.11 rg', `60 ${HEIGHT - 106} 120 3 re f`, '0 0 0 rg');
    let y = HEIGHT - 160;
    for (const line of slide.lines) {
      const bullet = line.startsWith('• ');
      const body = bullet ? line.slice(2) : line;
      for (const [k, part] of wrap(body, 24, WIDTH - 160).entries()) {
        if (bullet && k === 0) ops.push('0.72 0.11 0.11 rg', `66 ${y + 6} 8 8 re f`, '0 0 0 rg');
        ops.push(textAt(bullet ? 86 : 60, y, 24, part));
        y -= 36;
      }
      y -= 8;
    }
  }
  if (slide.footer) ops.push('0.4 0.4 0.4 rg', textAt(60, 28, 14, slide.footer), '0 0 0 rg');
  ops.push('0.4 0.4 0.4 rg', textAt(WIDTH - 100, 28, 14, `${index + 1} / ${total}`), '0 0 0 rg');
  return ops.join('\n');
}

/** A complete PDF file: the first slide is drawn as a cover, the rest as content slides. */
export function slideDeckPdf(slides: readonly Slide[], meta: { title: string; author: string }): Buffer {
  if (slides.length === 0) throw new Error('a deck needs at least one slide');
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pages = add('');
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [1 95 500] >>`,
  );
  const font = add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`);
  const pageIds: number[] = [];
  for (const [i, slide] of slides.entries()) {
    const content = slideContent(slide, i, slides.length, i === 0);
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    pageIds.push(
      add(`<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${WIDTH} ${HEIGHT}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pages} 0 R >>`;
  objects[pages - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const info = add(`<< /Title ${utf16Hex(`\uFEFF${meta.title}`)} /Author ${utf16Hex(`\uFEFF${meta.author}`)} /Producer (Lecture Hall demo) >>`);

  // Only ASCII goes into the file itself (text is hex), so byte offsets are string offsets.
  let out = '%PDF-1.7\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

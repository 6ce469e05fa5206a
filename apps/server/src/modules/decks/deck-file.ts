import fs from 'node:fs';
import type { DeckKind } from '@lecture-hall/shared';
import { badRequest } from '../../lib/errors';
import { countPdfPages } from './pdf-pages';
import { DEFAULT_ZIP_LIMITS, inspectPptx, type ZipLimits } from './zip';

/*
 * What an uploaded deck is, decided from its bytes only: the name and the Content-Type the
 * browser sent are never trusted (a renamed program is still a program).
 */

export type DeckDetection = { kind: 'pdf'; pageCount: number | null } | { kind: 'pptx'; pageCount: null };

export const DECK_MIME: Record<DeckKind, string> = {
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

async function readEnds(file: string, size: number): Promise<{ head: Buffer; tail: Buffer }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(16, size));
    await handle.read(head, 0, head.length, 0);
    const tailLength = Math.min(1024, size);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    return { head, tail };
  } finally {
    await handle.close();
  }
}

const startsWith = (buf: Buffer, magic: string | number[]) => {
  const m = typeof magic === 'string' ? Buffer.from(magic, 'latin1') : Buffer.from(magic);
  return buf.length >= m.length && buf.subarray(0, m.length).equals(m);
};

/** A plain-language reason for a file that is neither PDF nor ZIP, from its first bytes. */
export function describeForeign(head: Buffer): string {
  if (startsWith(head, 'MZ')) return '文件内容是 Windows 可执行程序，不是课件';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return '文件内容是 Linux 可执行程序，不是课件';
  if (startsWith(head, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(head, [0xfe, 0xed, 0xfa, 0xcf])) return '文件内容是 macOS 可执行程序，不是课件';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return '该文件是旧版 Office 格式（如 PPT），请另存为 PPTX 或 PDF 后上传';
  if (startsWith(head, '#!')) return '文件内容是脚本程序，不是课件';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff])) return '该文件是图片，请制作成 PDF 或 PPTX 后上传';
  if (startsWith(head, '%PDF-')) return 'PDF 文件不完整（缺少文件结尾标记），可能上传中断或文件已损坏';
  return '文件内容不是有效的 PDF 或 PPTX';
}

/**
 * Detects a deck from its content and checks that it is safe to keep and convert:
 * - PDF: starts with `%PDF-` and has `%%EOF` within its last 1 KiB; pages counted (pdf-pages.ts);
 * - PPTX: a ZIP (`PK\x03\x04`) that inspectPptx accepts (structure, content types, size bounds).
 * Anything else is 400 deck_type_refused; a ZIP that would expand unsafely 400 deck_unsafe;
 * the details carry a Chinese reason for the person who uploaded it.
 */
export async function detectDeck(file: string, size: number, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<DeckDetection> {
  const { head, tail } = await readEnds(file, size);
  if (startsWith(head, '%PDF-') && tail.includes('%%EOF', 0, 'latin1')) {
    return { kind: 'pdf', pageCount: await countPdfPages(file) };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const verdict = await inspectPptx(file, size, zipLimits);
    if (verdict.ok) return { kind: 'pptx', pageCount: null };
    throw badRequest(verdict.problem === 'unsafe' ? 'deck_unsafe' : 'deck_type_refused', { reason: verdict.reason });
  }
  throw badRequest('deck_type_refused', { reason: describeForeign(head) });
}

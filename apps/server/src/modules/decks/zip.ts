import yauzl, { type Entry, type ZipFile } from 'yauzl';

/*
 * What a ZIP file holds, read from its central directory (the index at its end) before any
 * entry is inflated, and then checked entry by entry with every byte counted. A PPTX is such a
 * ZIP; so is a zip bomb, which this file exists to stop before it reaches LibreOffice.
 */

export interface ZipLimits {
  /** More entries than this is refused outright. */
  maxEntries: number;
  /** Declared uncompressed bytes beyond max(ratio × file size, floor) are refused. */
  maxRatio: number;
  floorBytes: number;
  /** At most this much of [Content_Types].xml is inflated (it is a few kilobytes in real files). */
  contentTypesCap: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxRatio: 20,
  floorBytes: 200 * 1024 * 1024,
  contentTypesCap: 1024 * 1024,
};

export type ZipVerdict =
  | { ok: true; entries: number; uncompressedBytes: number }
  /** Not a PPTX (another kind of ZIP, or one that cannot be read); reason in Chinese. */
  | { ok: false; problem: 'type'; reason: string }
  /** Would expand past a safe bound, or lies about its sizes. */
  | { ok: false; problem: 'unsafe'; reason: string };

class Refusal extends Error {
  constructor(
    readonly problem: 'type' | 'unsafe',
    readonly reason: string,
  ) {
    super(reason);
  }
}

function open(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Inflates one entry, counting bytes and giving up past `cap`; returns the bytes when `keep`. */
function inflate(zip: ZipFile, entry: Entry, cap: number, keep: boolean): Promise<{ bytes: number; data: Buffer | null }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const kept: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > cap) {
          stream.destroy();
          reject(new Refusal('unsafe', `压缩包内的“${entry.fileName}”解压后超过安全上限`));
          return;
        }
        if (keep) kept.push(chunk);
      });
      stream.on('error', (e: Error) => {
        // yauzl's validateEntrySizes: the entry inflates to more (or fewer) bytes than it declares.
        if (/too many bytes|too few bytes|expected \d+ bytes/i.test(e.message)) reject(new Refusal('unsafe', '压缩包声明的大小与实际内容不符'));
        else reject(e);
      });
      stream.on('end', () => resolve({ bytes, data: keep ? Buffer.concat(kept) : null }));
    });
  });
}

function whatElse(names: Set<string>): string {
  if (names.has('word/document.xml')) return '该文件是 Word 文档（DOCX），不是 PPTX 演示文稿';
  if (names.has('xl/workbook.xml')) return '该文件是 Excel 表格（XLSX），不是 PPTX 演示文稿';
  if (names.has('content.xml') && names.has('mimetype')) return '该文件是 OpenDocument 文档，请另存为 PPTX 或 PDF 后上传';
  return '该文件是普通压缩包，不是 PPTX 演示文稿';
}

/**
 * Decides whether a ZIP file is a PPTX that is safe to open: its central directory lists
 * [Content_Types].xml and ppt/presentation.xml, [Content_Types].xml names the presentationml
 * types (and no macros), it has at most `maxEntries` entries, its declared sizes add up to no
 * more than max(ratio × file size, floor), and every entry inflates to exactly its declared
 * size (declared sizes can lie; the inflater stops as soon as one is exceeded).
 */
export async function inspectPptx(file: string, fileSize: number, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipVerdict> {
  let zip: ZipFile;
  try {
    zip = await open(file);
  } catch {
    return { ok: false, problem: 'type', reason: '无法读取该压缩文件的目录，文件可能已损坏' };
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new Refusal('unsafe', `压缩包内文件数（${zip.entryCount}）超过上限 ${limits.maxEntries}`);
    let entries: Entry[];
    try {
      entries = await listEntries(zip);
    } catch {
      throw new Refusal('type', '压缩文件的目录已损坏');
    }
    const bound = Math.max(limits.maxRatio * fileSize, limits.floorBytes);
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > bound) throw new Refusal('unsafe', '压缩包解压后的总大小异常');

    const names = new Set(entries.map((e) => e.fileName));
    if (!names.has('[Content_Types].xml') || !names.has('ppt/presentation.xml')) throw new Refusal('type', whatElse(names));
    if (entries.some((e) => e.isEncrypted())) throw new Refusal('type', '该演示文稿已加密，请取消密码后上传');

    const contentTypes = entries.find((e) => e.fileName === '[Content_Types].xml')!;
    const { data } = await inflate(zip, contentTypes, limits.contentTypesCap, true);
    const text = data!.toString('utf8');
    if (!text.includes('presentationml')) throw new Refusal('type', '该文件的内容类型不是 PPTX 演示文稿');
    if (/macroEnabled|vbaProject/i.test(text)) throw new Refusal('type', '不接受含宏的演示文稿（PPTM），请另存为 PPTX 后上传');

    // Every entry, inflated and counted: what LibreOffice will later read is what was checked here.
    let total = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const { bytes } = await inflate(zip, entry, Math.min(entry.uncompressedSize, bound - total), false);
      total += bytes;
    }
    return { ok: true, entries: entries.length, uncompressedBytes: total };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, problem: err.problem, reason: err.reason };
    // Unsupported compression, a broken local header, bad deflate data: not a usable PPTX.
    return { ok: false, problem: 'type', reason: '压缩文件已损坏或使用了不支持的压缩方式' };
  } finally {
    zip.close();
  }
}

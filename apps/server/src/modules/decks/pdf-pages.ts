import fs from 'node:fs';
import zlib from 'node:zlib';

/*
 * How many pages a PDF has, read without a PDF library and without loading the file into
 * memory. The method:
 *
 * 1. The file is read once, in 1 MiB pieces (each overlapping the previous by 8 KiB so that
 *    nothing is missed at a seam), looking at three kinds of object dictionary:
 *    - page-tree nodes, `/Type /Pages … /Count n`: the root of the page tree counts every page
 *      of the document, and every other node counts fewer, so the largest such /Count is the
 *      page count;
 *    - page objects, `/Type /Page` (not `/Pages`), counted as a fallback for files whose tree
 *      nodes were not recognised (a node with a nested dictionary, say);
 *    - object streams, `/Type /ObjStm`: PDF 1.5 writers (Word, WPS, Acrobat) compress most
 *      dictionaries, the page tree included, into these streams.
 * 2. Each object stream is then read by its offset, inflated (at most 64 MiB of output, so a
 *    crafted stream cannot exhaust memory) and searched the same way.
 *
 * The tree's /Count is preferred because it is what viewers show: counting page objects also
 * counts pages an incremental update replaced or removed. Encrypted object streams cannot be
 * read; if nothing is found the count is null (unknown) rather than a guess.
 */

const PIECE = 1024 * 1024;
const OVERLAP = 8 * 1024;
const MAX_OBJECT_STREAMS = 5000;
const MAX_STREAM_BYTES = 16 * 1024 * 1024;
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

// A name ends at whitespace or a delimiter; "(?![A-Za-z0-9#])" keeps /Page from matching /Pages or /PageLabels.
const PAGE = /\/Type\s*\/Page(?![A-Za-z0-9#])/g;
const TREE_NODE_COUNT = /\/Type\s*\/Pages(?![A-Za-z0-9#])[^<>]{0,4000}?\/Count\s+(\d+)|\/Count\s+(\d+)[^<>]{0,4000}?\/Type\s*\/Pages(?![A-Za-z0-9#])/g;
const OBJECT_STREAM = /\/Type\s*\/ObjStm(?![A-Za-z0-9#])/g;

interface Tally {
  pages: number;
  treeCount: number | null;
  objectStreams: number[];
}

/** Scans one piece of text; only matches starting within [from, to) count, so overlaps count once. */
function scan(text: string, from: number, to: number, tally: Tally, offsetOfText: number | null) {
  for (const m of text.matchAll(PAGE)) if (m.index >= from && m.index < to) tally.pages += 1;
  for (const m of text.matchAll(TREE_NODE_COUNT)) {
    if (m.index < from || m.index >= to) continue;
    const n = Number(m[1] ?? m[2]);
    if (Number.isSafeInteger(n)) tally.treeCount = Math.max(tally.treeCount ?? 0, n);
  }
  if (offsetOfText !== null) {
    for (const m of text.matchAll(OBJECT_STREAM)) {
      if (m.index >= from && m.index < to && tally.objectStreams.length < MAX_OBJECT_STREAMS) tally.objectStreams.push(offsetOfText + m.index);
    }
  }
}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The decoded content of the object stream whose dictionary mentions /Type /ObjStm at `at`; null if unreadable. */
async function objectStreamText(handle: fs.promises.FileHandle, at: number): Promise<string | null> {
  // The dictionary starts before the match; look back a little for its /Length and /Filter.
  const start = Math.max(0, at - 2048);
  const head = await readAt(handle, start, 64 * 1024);
  const headText = head.toString('latin1');
  const rel = at - start;
  const kw = /stream\r?\n/g;
  kw.lastIndex = rel;
  const found = kw.exec(headText);
  if (!found) return null;
  const dict = headText.slice(Math.max(0, headText.lastIndexOf('obj', rel)), found.index);
  const dataStart = start + found.index + found[0].length;
  const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  let data: Buffer;
  if (direct && Number(direct[1]) <= MAX_STREAM_BYTES) {
    data = await readAt(handle, dataStart, Number(direct[1]));
  } else {
    // An indirect /Length: read until "endstream", within the cap.
    let size = 256 * 1024;
    for (;;) {
      const buf = await readAt(handle, dataStart, size);
      const end = buf.indexOf('endstream', 0, 'latin1');
      if (end >= 0) {
        data = buf.subarray(0, end);
        break;
      }
      if (buf.length < size || size >= MAX_STREAM_BYTES) return null;
      size *= 4;
    }
  }
  if (/\/Filter\s*\[?\s*\/FlateDecode\s*\]?/.test(dict)) {
    try {
      data = zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED_BYTES });
    } catch {
      return null;
    }
  } else if (/\/Filter/.test(dict)) {
    return null;
  }
  return data.toString('latin1');
}

/** The number of pages of the PDF file, or null when it cannot be told (see the method above). */
export async function countPdfPages(file: string): Promise<number | null> {
  const tally: Tally = { pages: 0, treeCount: null, objectStreams: [] };
  let carry = '';
  let consumed = 0;
  for await (const piece of fs.createReadStream(file, { highWaterMark: PIECE })) {
    const text = carry + (piece as Buffer).toString('latin1');
    const textStart = consumed - carry.length;
    const limit = Math.max(0, text.length - OVERLAP);
    // Matches starting in the last OVERLAP characters are left for the next window, where they are whole.
    scan(text, 0, limit, tally, textStart);
    carry = text.slice(limit);
    consumed += (piece as Buffer).length;
  }
  scan(carry, 0, carry.length, tally, consumed - carry.length);

  if (tally.objectStreams.length > 0) {
    const handle = await fs.promises.open(file, 'r');
    try {
      for (const at of tally.objectStreams) {
        const text = await objectStreamText(handle, at);
        if (text) scan(text, 0, text.length, tally, null);
      }
    } finally {
      await handle.close();
    }
  }
  if (tally.treeCount !== null && tally.treeCount > 0) return tally.treeCount;
  return tally.pages > 0 ? tally.pages : null;
}

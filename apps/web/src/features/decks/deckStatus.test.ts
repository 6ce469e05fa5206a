import type { DeckVersion } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { formatSize, latestVersion, looksLikeDeck, newestFirst, nextAction, previewState } from './deckStatus';

const version = (n: number, over: Partial<DeckVersion> = {}): DeckVersion => ({
  id: `v${n}`,
  talkId: 't1',
  version: n,
  kind: 'pdf',
  filename: `课件${n}.pdf`,
  size: 1000,
  sha256: 'x',
  pageCount: 3,
  conversion: { status: 'not_needed', progress: 0, message: null },
  uploadedBy: '张三',
  createdAt: '2026-03-01T00:00:00Z',
  ...over,
});

const speaker = { canUpload: true, canReview: false, canAssign: false };
const expert = { canUpload: false, canReview: true, canAssign: false };
const manager = { canUpload: false, canReview: false, canAssign: true };

describe('next action per role', () => {
  it('asks the speaker to upload first, again after revise or reject, and to wait otherwise', () => {
    expect(nextAction('none', speaker, 1)).toBe('upload');
    expect(nextAction('revise', speaker, 1)).toBe('uploadRevision');
    expect(nextAction('rejected', speaker, 1)).toBe('uploadAgain');
    expect(nextAction('awaiting_review', speaker, 1)).toBe('waitReview');
    expect(nextAction('approved', speaker, 1)).toBe('done');
  });

  it('asks the expert to review what awaits review and to wait for the speaker otherwise', () => {
    expect(nextAction('awaiting_review', expert, 1)).toBe('review');
    expect(nextAction('none', expert, 1)).toBe('waitUpload');
    expect(nextAction('revise', expert, 1)).toBe('waitRevision');
    expect(nextAction('approved', expert, 1)).toBe('done');
  });

  it('asks the manager to assign experts when there are none', () => {
    expect(nextAction('awaiting_review', manager, 0)).toBe('assignExperts');
    expect(nextAction('none', manager, 0)).toBe('assignExperts');
    expect(nextAction('awaiting_review', manager, 2)).toBe('waitReview');
    expect(nextAction('approved', manager, 0)).toBe('done');
  });
});

describe('versions', () => {
  it('finds the latest version and lists newest first', () => {
    const vs = [version(1), version(3), version(2)];
    expect(latestVersion(vs)?.version).toBe(3);
    expect(latestVersion([])).toBeNull();
    expect(newestFirst(vs).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('tells a renderable preview from a conversion under way and from none with its reason', () => {
    expect(previewState(version(1))).toEqual({ kind: 'ready' });
    expect(previewState(version(1, { kind: 'pptx', conversion: { status: 'done', progress: 100, message: null } }))).toEqual({ kind: 'ready' });
    expect(previewState(version(1, { kind: 'pptx', conversion: { status: 'running', progress: 140, message: null } }))).toEqual({
      kind: 'converting',
      progress: 100,
    });
    const msg = '服务器未安装 LibreOffice，暂不能在线预览 PPTX，请下载后查看';
    expect(previewState(version(1, { kind: 'pptx', conversion: { status: 'unavailable', progress: 0, message: msg } }))).toEqual({
      kind: 'none',
      message: msg,
    });
  });

  it('formats sizes and pre-checks names', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(looksLikeDeck('讲稿.PPTX')).toBe(true);
    expect(looksLikeDeck('讲稿.ppt')).toBe(false);
  });
});

import type { Deck, DeckVersion } from '@lecture-hall/shared';
import type { DeckStatus } from '@lecture-hall/shared/domain/programme';

/** Tag colours per deck status: grey until uploaded, blue waiting, orange to revise, red refused, green approved. */
export const DECK_STATUS_COLORS: Record<DeckStatus, string> = {
  none: 'default',
  awaiting_review: 'processing',
  revise: 'warning',
  rejected: 'error',
  approved: 'success',
};

/** The newest version (highest number), or null before the first upload. */
export function latestVersion(versions: readonly DeckVersion[]): DeckVersion | null {
  let best: DeckVersion | null = null;
  for (const v of versions) if (!best || v.version > best.version) best = v;
  return best;
}

/** Versions newest first, as the version list shows them. */
export const newestFirst = (versions: readonly DeckVersion[]): DeckVersion[] => [...versions].sort((a, b) => b.version - a.version);

/** What the deck's viewer is, as far as the next step goes. */
export interface DeckRole {
  canUpload: boolean;
  canReview: boolean;
  canAssign: boolean;
}

/** The next thing someone in this role should do with the deck, as a key under decks.next.*. */
export type NextAction = 'upload' | 'uploadRevision' | 'uploadAgain' | 'waitReview' | 'review' | 'assignExperts' | 'waitUpload' | 'waitRevision' | 'done';

/**
 * The next step per role: the speaker uploads (first, after 修改后再审, after 不通过), the expert
 * reviews what awaits review, the manager assigns experts when none are, and everyone else waits.
 * A speaker who is also an assigned expert is treated as the speaker (it cannot review its own deck).
 */
export function nextAction(status: DeckStatus, role: DeckRole, expertCount: number): NextAction {
  if (status === 'approved') return 'done';
  if (role.canUpload) {
    if (status === 'none') return 'upload';
    if (status === 'revise') return 'uploadRevision';
    if (status === 'rejected') return 'uploadAgain';
    return 'waitReview';
  }
  if (role.canReview && status === 'awaiting_review') return 'review';
  if (role.canAssign && expertCount === 0) return 'assignExperts';
  if (status === 'none') return 'waitUpload';
  if (status === 'revise' || status === 'rejected') return 'waitRevision';
  return 'waitReview';
}

/** The preview a version can have now: a PDF to render, a conversion under way, or none (with the server's reason). */
export type PreviewState = { kind: 'ready' } | { kind: 'converting'; progress: number } | { kind: 'none'; message: string | null };

export function previewState(v: Pick<DeckVersion, 'kind' | 'conversion'>): PreviewState {
  const c = v.conversion;
  if (v.kind === 'pdf' || c.status === 'not_needed' || c.status === 'done') return { kind: 'ready' };
  if (c.status === 'queued' || c.status === 'running') return { kind: 'converting', progress: Math.max(0, Math.min(100, c.progress)) };
  return { kind: 'none', message: c.message };
}

/** 1.2 MB, 340 KB: sizes as a file list shows them. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Only PDF and PPTX are accepted; the server checks the content again, this only spares a pointless upload. */
export function looksLikeDeck(name: string): boolean {
  return /\.(pdf|pptx)$/i.test(name.trim());
}

/** The latest version number of a deck, or null before the first upload. */
export const latestNumber = (deck: Pick<Deck, 'versions'>): number | null => latestVersion(deck.versions)?.version ?? null;

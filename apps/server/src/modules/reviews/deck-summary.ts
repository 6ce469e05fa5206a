import type { ConversionStatus, DeckKind, DeckStatus, DeckVersion } from '@lecture-hall/shared';
import type { Db } from '../../db';
import { type DeckFacts, type DeckReadinessFact, deckStatus, type VerdictFact } from './review.rules';
import { type DeckTalkRow, type DeckVersionRow, reviewsRepository as repo } from './reviews.repository';

/** A talk's deck as the review rules see it: versions (newest first), experts, and the status they decide. */
export interface DeckSummary {
  talk: DeckTalkRow;
  versions: DeckVersionRow[];
  experts: Array<{ userId: string; displayName: string }>;
  facts: DeckFacts;
  status: DeckStatus;
}

export function toDeckVersion(r: DeckVersionRow): DeckVersion {
  return {
    id: r.id,
    talkId: r.talk_id,
    version: r.version,
    kind: r.kind as DeckKind,
    filename: r.filename,
    size: Number(r.size),
    sha256: r.sha256,
    pageCount: r.page_count,
    conversion: { status: r.conversion_status as ConversionStatus, progress: r.conversion_progress, message: r.conversion_message },
    uploadedBy: r.uploaded_by_name,
    createdAt: r.created_at,
  };
}

/** Loads versions, reviews and experts of the talks in three queries and decides each deck's status. */
export async function summarizeDecks(db: Db, talks: readonly DeckTalkRow[]): Promise<DeckSummary[]> {
  const ids = talks.map((t) => t.talk_id);
  const [versions, verdicts, assignments] = await Promise.all([repo.versionsOfTalks(db, ids), repo.verdictsOfTalks(db, ids), repo.assignmentsOfTalks(db, ids)]);
  return talks.map((talk) => {
    const own = versions.filter((v) => v.talk_id === talk.talk_id);
    const latest = own[0] ?? null;
    const experts = assignments.filter((a) => a.talk_id === talk.talk_id).map((a) => ({ userId: a.expert_user_id, displayName: a.display_name }));
    const reviewsOfLatest: VerdictFact[] = latest
      ? verdicts
          .filter((r) => r.deck_version_id === latest.id)
          .map((r) => ({ expertUserId: r.expert_user_id, verdict: r.verdict as VerdictFact['verdict'], createdAt: r.created_at }))
      : [];
    const facts: DeckFacts = { latestVersionId: latest?.id ?? null, reviewsOfLatest, assignedExpertIds: experts.map((e) => e.userId) };
    return { talk, versions: own, experts, facts, status: deckStatus(facts) };
  });
}

/** Each speaker's deck status in an edition, in running order: the readiness gate's facts. */
export async function editionDeckFacts(db: Db, editionId: string): Promise<DeckReadinessFact[]> {
  const decks = await summarizeDecks(db, await repo.talksOfEdition(db, editionId));
  return decks.map((d) => ({ order: d.talk.position, speakerName: d.talk.speaker_name, status: d.status }));
}

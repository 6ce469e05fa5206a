import type { QuestionState } from '@lecture-hall/shared';

/** Questions one attendee may ask in a minute; the next gets 429 rate_limited. Retries of a stored one do not count. */
export const QUESTIONS_PER_MINUTE = 5;
export const RATE_WINDOW_MS = 60_000;

/** States whose questions the audience and the screen see (a merged one is hidden, so never among them). */
export const PUBLIC_STATES = ['approved', 'answered'] as const satisfies readonly QuestionState[];

/**
 * Characters a question may not carry: C0 and C1 control characters other than line breaks
 * and tabs (which are whitespace and collapse below), and the bidirectional overrides and
 * isolates, which reorder the text around them on the big screen.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

export type CleanText = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A question's text as it is stored: plain text, as given (no HTML escaping at rest: whoever
 * shows it puts it in a text node), except that CRLF (and the Unicode line separators) become LF and each run of whitespace
 * collapses to one space, or to one line break when the run holds one. Control characters
 * are refused rather than silently dropped, so that the asker sees why.
 */
export function cleanQuestionText(raw: string): CleanText {
  if (FORBIDDEN.test(raw)) return { ok: false, reason: '问题中含有不可见的控制字符，请删除后重新提交' };
  const text = raw
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\s{2,}|\t/g, (run) => (run.includes('\n') ? '\n' : ' '))
    .trim();
  if (text.replace(/[\s\p{Cf}]/gu, '') === '') return { ok: false, reason: '请输入问题' };
  return { ok: true, text };
}

/** Why a question is held for the host's closer look, or null when no sensitive word matched. */
export function heldReasonFor(words: readonly string[]): string | null {
  return words.length === 0 ? null : `含敏感词“${words.join('”“')}”，待主持人审核`;
}

export type ModerateAction = 'approve' | 'hide' | 'answer' | 'pin' | 'unpin' | 'merge';

/** What moderation changes on a question. */
export interface QuestionStatus {
  state: QuestionState;
  pinned: boolean;
  /** The question this one was merged into: it stays hidden there for good. */
  mergedInto: string | null;
}

export interface ModeratedQuestion extends QuestionStatus {
  id: string;
  editionId: string;
}

export type Transition = { ok: true; next: QuestionStatus } | { ok: false; reason: string };

const refuse = (reason: string): Transition => ({ ok: false, reason });

/**
 * The moderation lifecycle, one transition function for every action of the host:
 *
 *   pending  → approved | hidden
 *   approved → answered | hidden
 *   hidden   → approved
 *   answered → approved (undo "answered")
 *   pin / unpin: approved or answered questions only (hiding one unpins it)
 *   merge into another question of the same edition (not itself, not a merged or hidden one):
 *     this one becomes hidden, unpinned, with mergedInto set; a merged question is final.
 *
 * Anything else is refused with a reason in Chinese (409). Side effects, done by
 * QuestionsService.moderate in the same transaction unless said otherwise: an audit entry
 * (`question.<action>`, before and after); on merge, the upvotes move to the target (an
 * attendee who upvoted both counts once) and the merged one's own duplicates follow it; after
 * the commit, 'questions.public' to everyone and 'questions.queue' to the host's consoles.
 */
export function moderate(q: ModeratedQuestion, action: ModerateAction, target?: ModeratedQuestion | null): Transition {
  if (q.mergedInto !== null) return refuse('该问题已合并到其他问题，不能再操作');
  const to = (patch: Partial<QuestionStatus>): Transition => ({ ok: true, next: { state: q.state, pinned: q.pinned, mergedInto: null, ...patch } });
  switch (action) {
    case 'approve':
      if (q.state === 'approved') return refuse('该问题已通过审核');
      // Undoing "answered" keeps a pin; pending and hidden questions are never pinned.
      return to({ state: 'approved' });
    case 'hide':
      if (q.state === 'hidden') return refuse('该问题已隐藏');
      if (q.state === 'answered') return refuse('已回答的问题不能直接隐藏，请先撤销“已回答”');
      return to({ state: 'hidden', pinned: false });
    case 'answer':
      if (q.state === 'answered') return refuse('该问题已标记为已回答');
      if (q.state !== 'approved') return refuse('只有已通过审核的问题才能标记为已回答');
      return to({ state: 'answered' });
    case 'pin':
      if (q.state !== 'approved' && q.state !== 'answered') return refuse('只有已通过审核的问题才能置顶');
      if (q.pinned) return refuse('该问题已置顶');
      return to({ pinned: true });
    case 'unpin':
      if (!q.pinned) return refuse('该问题未置顶');
      return to({ pinned: false });
    case 'merge':
      if (!target) return refuse('请选择要合并到的问题');
      if (target.id === q.id) return refuse('不能把问题合并到它自己');
      if (target.editionId !== q.editionId) return refuse('只能合并同一期的问题');
      if (target.mergedInto !== null) return refuse('目标问题已被合并到其他问题，请合并到原问题');
      if (target.state === 'hidden') return refuse('不能合并到已隐藏的问题');
      return { ok: true, next: { state: 'hidden', pinned: false, mergedInto: target.id } };
  }
}

import './audience.css';
import type { Attendee, CheckInBody, LiveSnapshot, PublicQuestion } from '@lecture-hall/shared/api/live';
import type { AudienceCategory } from '@lecture-hall/shared/domain/programme';
import { AUDIENCE_CATEGORY_LABELS, LIVE_STEP_LABELS } from '@lecture-hall/shared/domain/programme';
import { formatCountdown, secondsLeft } from '../realtime/countdown';
import { newIdempotencyKey, Outbox, type OutboxItem } from '../realtime/outbox';
import { LiveSocket, liveSocketUrl, type SocketStatus } from '../realtime/socket';
import { applyMessage, type LiveView, orderQuestions, scoringOpenFor } from '../realtime/state';
import { AudienceError, audienceApi, forgetToken, readToken, sendBallot, storeToken } from './api';
import { h, mount } from './dom';
import { scaleValues } from './scale';
import { ERRORS, fill, T } from './texts';

/*
 * The audience's phone page (/audience/<editionId>): check in, follow the session, score the
 * speaker while the window is open, ask and upvote questions. No framework: the hall's Wi-Fi
 * is slow and shared by hundreds of phones.
 */

const root = document.getElementById('app') as HTMLElement;
const editionId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? new URLSearchParams(location.search).get('edition') ?? '');
const storage: Storage | null = (() => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
})();

let view: LiveView | null = null;
let attendee: Attendee | null = null;
let upvoted = new Set<string>();
/** The last acknowledged scores per talk (from /me and from the outbox). */
const accepted = new Map<string, { scores: Record<string, number>; version: number }>();
/** What the phone has tapped so far, per talk. */
const drafts = new Map<string, Record<string, number>>();
let openDescription: string | null = null;
let status: SocketStatus = 'connecting';
/** The socket stopped for good: the session ended, or the server refused it. */
let finished: 'ended' | 'refused' | null = null;
let socket: LiveSocket | null = null;
let outbox: Outbox | null = null;

const snap = (): LiveSnapshot | null => view?.snapshot ?? null;

// ---------- boot ----------

async function boot(): Promise<void> {
  mount(root, h('p', { class: 'muted center' }, T.loading));
  if (!editionId) return fail(ERRORS.not_found ?? T.loadFailed);
  try {
    const s = await audienceApi.state(editionId);
    view = { snapshot: s, queue: null };
    document.title = `${s.editionTitle} · ${T.title}`;
  } catch (e) {
    return fail(e instanceof AudienceError && e.status !== 0 ? e.message : T.loadFailed);
  }
  const token = readToken(editionId);
  if (token) {
    try {
      const me = await audienceApi.me(editionId, token);
      attendee = me.attendee;
      upvoted = new Set([...me.upvoted, ...storedUpvotes()]);
      for (const b of me.ballots) accepted.set(b.talkId, { scores: b.scores, version: b.version });
    } catch (e) {
      if (e instanceof AudienceError && (e.status === 401 || e.status === 403 || e.status === 404)) forgetToken(editionId);
      else attendee = storedAttendee(); // offline: carry on with what this phone remembers
    }
  }
  if (attendee) startLive();
  else void renderCheckIn();
}

function fail(message: string): void {
  mount(
    root,
    h(
      'div',
      { class: 'card center' },
      h('p', { role: 'alert' }, message),
      h('button', { class: 'btn', type: 'button', onclick: () => location.reload() }, T.retry),
    ),
  );
}

const attendeeKey = () => `lh_attendee_info_${editionId}`;
const upvoteKey = () => `lh_upvoted_${editionId}`;
function storedAttendee(): Attendee | null {
  try {
    const raw = storage?.getItem(attendeeKey());
    return raw ? (JSON.parse(raw) as Attendee) : null;
  } catch {
    return null;
  }
}
function storedUpvotes(): string[] {
  try {
    const raw = storage?.getItem(upvoteKey());
    const v = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
function save(key: string, value: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // not remembered; the server still knows
  }
}

// ---------- check-in ----------

type Tab = 'user' | 'roster' | 'guest';

async function renderCheckIn(): Promise<void> {
  const s = snap();
  let session: { displayName?: string; username?: string; csrfToken?: string } | null = null;
  try {
    session = await audienceApi.session();
  } catch {
    session = null;
  }
  let units: { id: string; name: string }[] = [];
  let tab: Tab = session ? 'user' : 'guest';
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'checkin-error', hidden: true });
  const body = h('div');
  const tabs = h('div', { class: 'tabs', role: 'tablist' });

  const categoryField = (name: string, initial: AudienceCategory, withName: boolean) => {
    const classInput = h('input', { class: 'input', name: 'className', maxlength: 40, placeholder: T.classPlaceholder, 'aria-label': T.className });
    const classRow = h('label', { class: 'field' }, h('span', null, T.className), classInput);
    const nameInput = h('input', { class: 'input', name: 'guestName', maxlength: 30, autocomplete: 'name', 'aria-label': T.nameOptional });
    let category: AudienceCategory = initial;
    const sync = () => {
      classRow.hidden = category !== 'party_school';
    };
    const radios = (Object.keys(AUDIENCE_CATEGORY_LABELS) as AudienceCategory[]).map((c) =>
      h(
        'label',
        { class: 'radio' },
        h('input', {
          type: 'radio',
          name,
          value: c,
          checked: c === initial,
          'data-testid': `category-${c}`,
          onchange: () => {
            category = c;
            sync();
          },
        }),
        AUDIENCE_CATEGORY_LABELS[c].zh,
      ),
    );
    sync();
    return {
      el: h(
        'div',
        null,
        h('fieldset', { class: 'field' }, h('legend', null, T.category), h('div', { class: 'radios' }, radios)),
        classRow,
        withName ? h('label', { class: 'field' }, h('span', null, T.nameOptional), nameInput) : null,
      ),
      value: () => ({ category, className: category === 'party_school' ? classInput.value.trim() : '', name: nameInput.value.trim() }),
    };
  };

  let collect: () => { body: CheckInBody; csrf?: string | null; fallback?: boolean } | string = () => T.requestFailed;

  const showTab = (next: Tab) => {
    tab = next;
    for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    error.hidden = true;
    if (tab === 'user') {
      const cat = categoryField('cat-user', 'organ', false);
      mount(body, h('p', { class: 'muted' }, fill(T.userLine, { name: session?.displayName ?? session?.username ?? '' })), cat.el);
      collect = () => {
        const v = cat.value();
        if (v.category === 'party_school' && !v.className) return T.needClass;
        return { body: { mode: 'user', category: v.category, className: v.className }, csrf: session?.csrfToken ?? null };
      };
    } else if (tab === 'roster') {
      const name = h('input', { class: 'input', maxlength: 30, autocomplete: 'name', 'data-testid': 'roster-name' });
      const unit = h('input', { class: 'input', list: 'lh-units', placeholder: T.unitPlaceholder, 'data-testid': 'roster-unit' });
      const list = h(
        'datalist',
        { id: 'lh-units' },
        units.map((u) => h('option', { value: u.name })),
      );
      const last4 = h('input', { class: 'input', inputmode: 'numeric', maxlength: 4, pattern: '[0-9]{4}', autocomplete: 'off', 'data-testid': 'roster-last4' });
      mount(
        body,
        h('label', { class: 'field' }, h('span', null, T.name), name),
        h('label', { class: 'field' }, h('span', null, T.unit), unit, list),
        h('label', { class: 'field' }, h('span', null, T.phoneLast4), last4),
      );
      collect = () => {
        const n = name.value.trim();
        const u = unit.value.trim();
        const p = last4.value.trim();
        if (!n) return T.needName;
        if (!u) return T.needUnit;
        if (!/^\d{4}$/.test(p)) return T.needLast4;
        // The full name from the list (市卫健委/办公室), or a last part that names one unit only.
        const exact = units.find((x) => x.name === u);
        const byLeaf = units.filter((x) => x.name.split('/').pop() === u);
        const match = exact ?? (byLeaf.length === 1 ? byLeaf[0] : undefined);
        if (!match) return T.unknownUnit;
        return { body: { mode: 'roster', name: n, unitId: match.id, phoneLast4: p, category: 'organ', className: '' } };
      };
    } else {
      const cat = categoryField('cat-guest', 'organ', true);
      mount(body, cat.el);
      collect = () => {
        const v = cat.value();
        if (v.category === 'party_school' && !v.className) return T.needClass;
        return { body: { mode: 'guest', category: v.category, className: v.className, name: v.name } };
      };
    }
  };

  const tabList: [Tab, string][] = [...(session ? ([['user', T.tabUser]] as [Tab, string][]) : []), ['roster', T.tabRoster], ['guest', T.tabGuest]];
  mount(
    tabs,
    tabList.map(([k, label]) =>
      h('button', { type: 'button', role: 'tab', class: 'tab', 'data-tab': k, 'data-testid': `checkin-${k}`, onclick: () => showTab(k) }, label),
    ),
  );
  // The hall's units feed the roster tab's suggestions and the match of the typed name.
  audienceApi
    .units(editionId)
    .then((r) => {
      units = (r.items ?? []).map((u) => ({ id: u.id, name: u.name }));
      if (tab === 'roster') showTab('roster');
    })
    .catch(() => undefined);

  const submit = h('button', { type: 'submit', class: 'btn primary block', 'data-testid': 'checkin-submit' }, T.checkinSubmit);
  const form = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const got = collect();
        if (typeof got === 'string') {
          error.textContent = got;
          error.hidden = false;
          return;
        }
        submit.disabled = true;
        submit.textContent = T.checkingIn;
        try {
          const r = await audienceApi.checkIn(editionId, got.body, got.csrf);
          storeToken(editionId, r.token);
          attendee = r.attendee;
          save(attendeeKey(), r.attendee);
          outboxFor().clear();
          startLive(r.attendee.counted ? (got.fallback ? T.rosterFallback : null) : T.notCounted);
        } catch (e) {
          error.textContent = e instanceof Error ? e.message : T.requestFailed;
          error.hidden = false;
          submit.disabled = false;
          submit.textContent = T.checkinSubmit;
        }
      },
    },
    tabs,
    body,
    error,
    submit,
  );
  mount(root, header(), s && !s.checkinOpen ? h('p', { class: 'notice' }, T.checkinClosedHint) : null, h('h2', { class: 'h2' }, T.checkinTitle), form);
  showTab(tab);
}

function header(): HTMLElement {
  const s = snap();
  return h(
    'header',
    { class: 'top' },
    h('div', { class: 'edition', 'data-testid': 'edition-title' }, s ? s.editionTitle : T.title),
    s ? h('div', { class: 'muted small' }, `第${s.editionSeq}期 · ${s.hallName}`) : null,
  );
}

// ---------- live ----------

const statusEl = h('section', { class: 'card status' });
const scoringEl = h('section', { class: 'card' });
const questionsListEl = h('ul', { class: 'questions' });
const connEl = h('div', { class: 'conn small' });
const bannerEl = h('p', { class: 'notice', hidden: true });

function outboxFor(): Outbox {
  if (!outbox) {
    outbox = new Outbox({
      storage,
      storageKey: `lh_outbox_${editionId}`,
      send: (item) => sendBallot(editionId, readToken(editionId), item),
      onChange: onOutboxChange,
    });
  }
  return outbox;
}

function onOutboxChange(items: readonly OutboxItem[]): void {
  for (const it of items) {
    if (it.state === 'sent' && it.ack) {
      const prev = accepted.get(it.talkId);
      if (!prev || prev.version <= it.ack.version) accepted.set(it.talkId, { scores: it.scores, version: it.ack.version });
    }
  }
  renderScoring();
}

function startLive(note: string | null = null): void {
  mount(root, header(), connEl, bannerEl, statusEl, scoringEl, questionsSection());
  if (note) {
    bannerEl.textContent = note;
    bannerEl.hidden = false;
  }
  renderStatus();
  renderScoring();
  renderQuestions();
  renderConn();
  const box = outboxFor();
  socket = new LiveSocket({
    url: liveSocketUrl(editionId, 'public'),
    onMessage: (msg) => {
      const before = snap();
      view = applyMessage(view, msg);
      const s = snap();
      if (!s) return;
      if (msg.type === 'live.state' || msg.type === 'live.snapshot') {
        renderStatus();
        if (!before || before.window?.id !== s.window?.id || before.window?.closedAt !== s.window?.closedAt || before.currentTalkId !== s.currentTalkId)
          renderScoring();
      }
      if (msg.type === 'questions.public' || msg.type === 'live.snapshot') renderQuestions();
    },
    onStatus: (st) => {
      status = st;
      renderConn();
    },
    onFinished: ({ ended }) => {
      finished = ended ? 'ended' : 'refused';
      if (ended) {
        bannerEl.textContent = T.ended;
        bannerEl.hidden = false;
      }
      renderConn();
    },
  });
  socket.start();
  window.addEventListener('online', () => {
    box.kick();
    socket?.reconnectNow();
    renderConn();
  });
  window.addEventListener('offline', renderConn);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      box.kick();
      socket?.reconnectNow();
    }
  });
  setInterval(tick, 1000);
  box.kick();
}

function renderConn(): void {
  if (finished) {
    connEl.className = `conn small ${finished}`;
    connEl.textContent = finished === 'ended' ? T.endedShort : T.refused;
    connEl.dataset.testid = 'live-finished';
    return;
  }
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  connEl.className = `conn small ${offline ? 'bad' : status}`;
  connEl.textContent = offline ? T.offline : T.connection[status];
}

function renderStatus(): void {
  const s = snap();
  if (!s) return;
  const talk = s.talks.find((t) => t.talkId === s.currentTalkId);
  mount(
    statusEl,
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'muted' }, T.step),
      h('strong', { class: 'step', 'data-testid': 'live-step' }, LIVE_STEP_LABELS[s.step]?.zh ?? s.step),
    ),
    talk
      ? h(
          'div',
          { class: 'speaker' },
          h('div', { class: 'speaker-name', 'data-testid': 'live-speaker' }, `${talk.order}. ${talk.speakerName}`),
          h('div', { class: 'muted small' }, talk.unitPathName),
          h('div', { class: 'talk-title' }, `《${talk.title}》`),
        )
      : h('div', { class: 'muted' }, T.noSpeaker),
  );
}

/** The talk the scoring card is about: the window's, else the one on stage. */
function scoringTalkId(s: LiveSnapshot): string | null {
  return s.window?.talkId ?? s.currentTalkId;
}

const STATE_TEXT = { unsent: T.unsent, sending: T.sending, sent: T.sent, refused: T.unsent } as const;

function renderScoring(): void {
  const s = snap();
  if (!s || !attendee) return;
  const talkId = scoringTalkId(s);
  const talk = s.talks.find((t) => t.talkId === talkId);
  const open = scoringOpenFor(s, talkId);
  const latest = talkId ? outboxFor().latestFor(talkId) : null;
  const done = talkId ? accepted.get(talkId) : undefined;
  const hasWindow = !!s.window && s.window.talkId === talkId;

  if (!talk || !hasWindow) {
    mount(
      scoringEl,
      h('h2', { class: 'h2' }, T.scoringTitle),
      h('p', { class: 'muted', 'data-testid': 'scoring-waiting' }, T.scoringWaiting),
      stateLine(latest, done),
    );
    return;
  }
  // While open, what the phone has tapped; once closed, what counts: the last acknowledged
  // ballot, never an amendment that was refused or never left the phone.
  const draft = open
    ? (drafts.get(talk.talkId) ?? { ...(latest && latest.state !== 'sent' ? latest.scores : (done?.scores ?? {})) })
    : { ...(done?.scores ?? {}) };
  if (open) drafts.set(talk.talkId, draft);
  const values = scaleValues(s.rubric.scale);
  const left = secondsLeft(s.window?.closesAt);

  const dims = s.rubric.dimensions.map((d) => {
    const chosen = draft[d.key];
    const control =
      values.length <= 11
        ? h(
            'div',
            { class: 'scale', role: 'group', 'aria-label': d.labelZh },
            values.map((v) =>
              h(
                'button',
                {
                  type: 'button',
                  class: `score${chosen === v ? ' on' : ''}`,
                  'aria-pressed': String(chosen === v),
                  disabled: !open,
                  'data-testid': `score-${d.key}-${v}`,
                  onclick: () => {
                    draft[d.key] = v;
                    renderScoring();
                  },
                },
                String(v),
              ),
            ),
          )
        : h(
            'div',
            { class: 'slider' },
            h('input', {
              type: 'range',
              min: s.rubric.scale.min,
              max: s.rubric.scale.max,
              step: s.rubric.scale.step,
              value: chosen ?? s.rubric.scale.min,
              disabled: !open,
              'aria-label': d.labelZh,
              'data-testid': `score-${d.key}`,
              onchange: (ev: Event) => {
                draft[d.key] = Number((ev.target as HTMLInputElement).value);
                renderScoring();
              },
            }),
            h('output', null, chosen === undefined ? '—' : String(chosen)),
          );
    return h(
      'div',
      { class: 'dim' },
      h(
        'button',
        {
          type: 'button',
          class: 'dim-label',
          'aria-expanded': String(openDescription === d.key),
          onclick: () => {
            openDescription = openDescription === d.key ? null : d.key;
            renderScoring();
          },
        },
        h('span', null, d.labelZh),
        h('span', { class: 'muted small' }, ` ${Math.round(d.weight * 100)}%`),
        chosen !== undefined ? h('span', { class: 'chosen' }, String(chosen)) : null,
      ),
      openDescription === d.key && d.description ? h('p', { class: 'desc' }, d.description) : null,
      control,
    );
  });

  const complete = s.rubric.dimensions.every((d) => draft[d.key] !== undefined);
  const hint = h('p', { class: 'error', role: 'alert', hidden: true });
  mount(
    scoringEl,
    h(
      'div',
      { class: 'row' },
      h('h2', { class: 'h2' }, fill(T.scoringFor, { name: talk.speakerName })),
      open
        ? left !== null
          ? h('span', { class: 'countdown', 'data-countdown': '' }, fill(T.timeLeft, { t: formatCountdown(left) }))
          : null
        : h('span', { class: 'locked', 'data-testid': 'ballot-locked' }, T.locked),
    ),
    open ? h('p', { class: 'muted small' }, T.tapForDescription) : h('p', { class: 'muted' }, T.scoringClosed),
    dims,
    hint,
    open
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn primary block',
            'data-testid': 'ballot-submit',
            onclick: () => {
              if (!complete) {
                hint.textContent = T.needAllScores;
                hint.hidden = false;
                return;
              }
              outboxFor().enqueue(talk.talkId, { ...draft });
            },
          },
          done || latest ? T.amendBallot : T.submitBallot,
        )
      : null,
    stateLine(latest, done, open),
  );
}

function stateLine(latest: OutboxItem | null, done: { version: number } | undefined, open = false): HTMLElement | null {
  if (!latest && !done) return null;
  const state = latest ? latest.state : 'sent';
  const wait = latest && latest.state === 'unsent' && latest.attempts > 0 ? Math.max(0, Math.ceil((latest.nextAttemptAt - Date.now()) / 1000)) : null;
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const version = latest?.ack?.version ?? done?.version;
  return h(
    'div',
    { class: `ballot ${state}` },
    h('div', { class: 'row' }, h('span', { class: 'muted' }, T.ballotState), h('strong', { 'data-testid': 'ballot-state' }, STATE_TEXT[state])),
    state === 'sent'
      ? h('p', { class: 'ok', 'data-testid': 'ballot-confirm' }, open ? T.sentConfirm : T.sentFinal, version ? fill(T.sentVersion, { n: version }) : '')
      : null,
    latest?.state === 'refused' && latest.error ? h('p', { class: 'error', role: 'alert', 'data-testid': 'ballot-error' }, latest.error.message) : null,
    // A refused amendment leaves the earlier ballot standing: say so, or the phone looks as if nothing counted.
    latest?.state === 'refused' && done ? h('p', { class: 'ok', 'data-testid': 'ballot-counted' }, fill(T.countedVersion, { n: done.version })) : null,
    latest?.state === 'unsent' && offline ? h('p', { class: 'muted small' }, T.offline) : null,
    latest?.state === 'unsent' && !offline && wait !== null && latest.error
      ? h('p', { class: 'muted small', 'data-testid': 'ballot-retry' }, `${latest.error.message}；`, fill(T.retrying, { s: wait }))
      : null,
  );
}

function tick(): void {
  const s = snap();
  if (!s) return;
  const el = scoringEl.querySelector('[data-countdown]');
  const left = secondsLeft(s.window?.closesAt);
  if (el && left !== null) el.textContent = fill(T.timeLeft, { t: formatCountdown(left) });
  // The window ran out on the phone's clock: lock now; the server's close message follows.
  if (el && left === 0) renderScoring();
  const retry = scoringEl.querySelector('[data-testid="ballot-retry"]');
  if (retry) renderScoring();
}

// ---------- questions ----------

function questionsSection(): HTMLElement {
  const input = h('textarea', {
    class: 'input',
    rows: 3,
    maxlength: 300,
    placeholder: T.questionPlaceholder,
    'aria-label': T.questionPlaceholder,
    'data-testid': 'question-input',
  });
  const counter = h('span', { class: 'muted small', 'data-testid': 'question-count' }, '0/300');
  const msg = h('p', { class: 'small', role: 'status', hidden: true });
  let key: string | null = null;
  let keyText = '';
  const submit = h(
    'button',
    {
      type: 'submit',
      class: 'btn primary',
      'data-testid': 'question-submit',
    },
    T.questionSubmit,
  );
  input.addEventListener('input', () => {
    const n = input.value.length;
    counter.textContent = `${n}/300`;
    counter.classList.toggle('over', n > 300);
  });
  const form = h(
    'form',
    {
      class: 'ask',
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const text = input.value.trim();
        msg.hidden = false;
        msg.className = 'small error';
        const invalid = !text ? T.questionEmpty : text.length > 300 ? T.questionTooLong : null;
        if (invalid) {
          msg.textContent = invalid;
          return;
        }
        // A retry of the same text keeps its key, so a lost answer cannot post the question twice.
        if (!key || keyText !== text) {
          key = newIdempotencyKey();
          keyText = text;
        }
        submit.disabled = true;
        try {
          const s = snap();
          const ack = await audienceApi.ask(editionId, readToken(editionId), { text, talkId: s?.currentTalkId ?? null, idempotencyKey: key });
          input.value = '';
          counter.textContent = '0/300';
          key = null;
          msg.className = 'small ok';
          msg.textContent = ack.heldReason ? fill(T.questionHeld, { reason: ack.heldReason }) : T.questionSent;
        } catch (e) {
          msg.textContent = e instanceof Error ? e.message : T.requestFailed;
        } finally {
          submit.disabled = false;
        }
      },
    },
    input,
    h('div', { class: 'row' }, counter, submit),
    msg,
  );
  return h('section', { class: 'card' }, h('h2', { class: 'h2' }, T.questionsTitle), form, questionsListEl);
}

function renderQuestions(): void {
  const s = snap();
  if (!s) return;
  const qs = orderQuestions(s.questions);
  if (qs.length === 0) mount(questionsListEl, h('li', { class: 'muted empty' }, T.noQuestions));
  else mount(questionsListEl, qs.map(questionItem));
}

function questionItem(q: PublicQuestion): HTMLElement {
  const done = upvoted.has(q.id);
  const count = h('span', null, String(q.upvotes));
  const btn = h(
    'button',
    {
      type: 'button',
      class: `upvote${done ? ' on' : ''}`,
      disabled: done,
      'aria-label': done ? T.upvoted : T.upvote,
      'data-testid': `upvote-${q.id}`,
      onclick: async () => {
        btn.disabled = true;
        try {
          const r = await audienceApi.upvote(q.id, readToken(editionId));
          count.textContent = String(r.upvotes);
          markUpvoted(q.id);
        } catch (e) {
          // Already upvoted (409) is as good as done; anything else may be tried again.
          if (e instanceof AudienceError && e.status === 409) markUpvoted(q.id);
          else btn.disabled = false;
        }
      },
    },
    '▲ ',
    count,
  );
  return h(
    'li',
    { class: 'question', 'data-testid': 'question-item' },
    h(
      'div',
      { class: 'q-text' },
      q.pinned ? h('span', { class: 'tag' }, T.pinned) : null,
      q.answered ? h('span', { class: 'tag grey' }, T.answered) : null,
      // Plain text only: a question is never markup.
      q.text,
    ),
    btn,
  );
}

function markUpvoted(id: string): void {
  upvoted.add(id);
  save(upvoteKey(), [...upvoted]);
  renderQuestions();
}

void boot();

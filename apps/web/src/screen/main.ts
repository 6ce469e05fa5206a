import './screen.css';
import type { LiveSnapshot } from '@lecture-hall/shared/api/live';
import { LIVE_STEP_LABELS } from '@lecture-hall/shared/domain/programme';
import { h, mount } from '../audience/dom';
import { formatCountdown, secondsLeft } from '../realtime/countdown';
import { LiveSocket, liveSocketUrl } from '../realtime/socket';
import { applyMessage, type LiveView, orderQuestions, scoringOpenFor } from '../realtime/state';
import { resultsBody } from './results';
import { S } from './texts';

/*
 * The hall's projected screen (/screen/<editionId>), drawn for 1920×1080 and scaled to fit any
 * projector. It shows what the host's screen mode says. Display only: no inputs, no framework.
 */

const root = document.getElementById('screen') as HTMLElement;
const editionId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? new URLSearchParams(location.search).get('edition') ?? '');
let view: LiveView | null = null;
let connected = false;
/** The session is over ('live.ended' and the server's closing): the screen says so and stops reconnecting. */
let ended = false;
/** The server refused the socket (the edition is not ready or live): reconnecting stopped. */
let refused = false;

function fit(): void {
  const k = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  root.style.transform = `scale(${k})`;
  root.style.left = `${(window.innerWidth - 1920 * k) / 2}px`;
  root.style.top = `${(window.innerHeight - 1080 * k) / 2}px`;
}

function render(): void {
  const s = view?.snapshot;
  if (!s) {
    mount(root, h('div', { class: 'loading' }, refused ? S.refused : S.loading));
    return;
  }
  mount(
    root,
    h(
      'header',
      { class: 'bar' },
      h('div', { class: 'emblem' }, '★'),
      h('div', { class: 'bar-title', 'data-testid': 'screen-title' }, s.editionTitle),
      h('div', { class: 'bar-meta' }, `${s.hallName} · 第${s.editionSeq}期`),
    ),
    ended ? h('main', { class: 'body mode-ended' }, endedBody(s)) : h('main', { class: `body mode-${s.screen}` }, body(s)),
    h(
      'footer',
      { class: 'foot' },
      h('span', null, `${S.step}：${ended ? S.ended : (LIVE_STEP_LABELS[s.step]?.zh ?? s.step)}`),
      h('span', null, `${S.checkedIn} ${s.counters.checkedIn}`),
      h('span', { class: connected || ended ? 'ok' : 'warn' }, connected || ended ? '' : refused ? S.refused : S.reconnecting),
    ),
  );
}

/** After the session: the published ranking once the hall shows it on the screen, else "ended, results to follow". */
function endedBody(s: LiveSnapshot): HTMLElement {
  const ranking = resultsBody(s.editionId, render);
  if (ranking.getAttribute('data-testid') === 'screen-ranking') return ranking;
  return h('div', { class: 'center-msg' }, h('div', { class: 'big', 'data-testid': 'screen-ended' }, S.ended), h('div', { class: 'sub' }, S.resultsPending));
}

function body(s: LiveSnapshot): HTMLElement {
  switch (s.screen) {
    case 'speaker':
      return speaker(s);
    case 'questions':
      return questions(s);
    case 'progress':
      return progress(s);
    case 'results':
      return resultsBody(s.editionId, render);
    default:
      return welcome(s);
  }
}

function welcome(s: LiveSnapshot): HTMLElement {
  return h(
    'div',
    { class: 'welcome' },
    h(
      'div',
      { class: 'welcome-text' },
      h('div', { class: 'kicker' }, S.welcome),
      h('div', { class: 'hero' }, s.editionTitle),
      h('div', { class: 'sub' }, `${s.hallName}　第${s.editionSeq}期`),
      h('div', { class: 'sub' }, [s.date, s.venue].filter(Boolean).join('　')),
      h('div', { class: 'count' }, S.checkedIn, h('b', { 'data-testid': 'screen-checkedin' }, String(s.counters.checkedIn)), S.personTimes),
    ),
    h(
      'div',
      { class: 'qr-box' },
      s.checkinOpen
        ? h('img', { class: 'qr', src: `/api/live/${encodeURIComponent(s.editionId)}/qr.svg`, alt: S.scanToCheckIn })
        : h('div', { class: 'qr placeholder' }, S.checkinNotOpen),
      h('div', { class: 'qr-caption' }, s.checkinOpen ? S.scanToCheckIn : ''),
      h('div', { class: 'url' }, s.checkInUrl),
    ),
  );
}

function speaker(s: LiveSnapshot): HTMLElement {
  const talkId = s.window && !s.window.closedAt ? s.window.talkId : s.currentTalkId;
  const talk = s.talks.find((t) => t.talkId === talkId);
  if (!talk) return h('div', { class: 'center-msg' }, h('div', { class: 'big' }, S.noSpeaker));
  const open = scoringOpenFor(s, talk.talkId);
  const left = open ? secondsLeft(s.window?.closesAt) : null;
  const ballots = s.counters.audienceBallots[talk.talkId] ?? 0;
  return h(
    'div',
    { class: 'speaker' },
    h('div', { class: 'order' }, `${S.speakerNo.replace('{n}', String(talk.order))}`),
    h('div', { class: 'name' }, talk.speakerName),
    h('div', { class: 'unit' }, talk.unitPathName),
    h('div', { class: 'talk' }, `《${talk.title}》`),
    h(
      'div',
      { class: 'stats' },
      h(
        'div',
        { class: 'stat' },
        h('div', { class: 'label' }, open ? S.scoringOpen : LIVE_STEP_LABELS[s.step]?.zh),
        left !== null ? h('div', { class: 'value', 'data-countdown': '' }, formatCountdown(left)) : open ? h('div', { class: 'value note' }, S.noLimit) : null,
      ),
      h('div', { class: 'stat' }, h('div', { class: 'label' }, S.ballots), h('div', { class: 'value', 'data-testid': 'screen-ballot-count' }, String(ballots))),
    ),
  );
}

function questions(s: LiveSnapshot): HTMLElement {
  const qs = orderQuestions(s.questions.filter((q) => !q.answered)).slice(0, 6);
  const answered = s.questions.filter((q) => q.answered).length;
  return h(
    'div',
    { class: 'qs' },
    h('div', { class: 'section-title' }, S.questions, answered ? h('span', { class: 'dim' }, `　${S.answeredCount.replace('{n}', String(answered))}`) : null),
    h(
      'ol',
      { class: 'q-list', 'data-testid': 'screen-questions' },
      qs.length === 0
        ? h('li', { class: 'q empty' }, S.noQuestions)
        : qs.map((q) =>
            h(
              'li',
              { class: `q${q.pinned ? ' pinned' : ''}` },
              q.pinned ? h('span', { class: 'pin' }, S.pinned) : null,
              h('span', { class: 'q-text' }, q.text),
              h('span', { class: 'votes' }, `▲ ${q.upvotes}`),
            ),
          ),
    ),
  );
}

function progress(s: LiveSnapshot): HTMLElement {
  const counts = s.talks.map((t) => s.counters.audienceBallots[t.talkId] ?? 0);
  const max = Math.max(1, s.counters.checkedIn, ...counts);
  return h(
    'div',
    { class: 'progress' },
    h('div', { class: 'section-title' }, S.progress),
    s.talks.map((t, i) =>
      h(
        'div',
        { class: `bar-row${t.talkId === s.currentTalkId ? ' current' : ''}` },
        h('div', { class: 'bar-name' }, `${t.order}. ${t.speakerName}`),
        h('div', { class: 'bar-track' }, h('div', { class: 'bar-fill', style: `width:${Math.round(((counts[i] ?? 0) / max) * 100)}%` })),
        h('div', { class: 'bar-value' }, String(counts[i] ?? 0)),
      ),
    ),
  );
}

function tick(): void {
  const s = view?.snapshot;
  const el = root.querySelector('[data-countdown]');
  if (!s || !el) return;
  const left = secondsLeft(s.window?.closesAt);
  if (left === null) return;
  el.textContent = formatCountdown(left);
  if (left === 0) render();
}

async function boot(): Promise<void> {
  window.addEventListener('resize', fit);
  fit();
  render();
  if (!editionId) return mount(root, h('div', { class: 'loading' }, S.noEdition));
  // A first paint over HTTP, then the socket's snapshot and pushes.
  try {
    const res = await fetch(`/api/live/${encodeURIComponent(editionId)}`, { headers: { accept: 'application/json' } });
    if (res.ok && !view) {
      view = { snapshot: (await res.json()) as LiveSnapshot, queue: null };
      render();
    }
  } catch {
    // the socket will bring it
  }
  const socket = new LiveSocket({
    url: liveSocketUrl(editionId, 'screen'),
    onMessage: (msg) => {
      view = applyMessage(view, msg);
      render();
    },
    onStatus: (st) => {
      const was = connected;
      connected = st === 'open';
      if (was !== connected) render();
    },
    onFinished: (why) => {
      ended = why.ended;
      refused = !why.ended;
      render();
      // No socket any more: look for published results now and then (resultsBody asks at most every 20 s).
      if (ended) setInterval(render, 30_000);
    },
  });
  socket.start();
  window.addEventListener('online', () => socket.reconnectNow());
  setInterval(tick, 1000);
}

void boot();

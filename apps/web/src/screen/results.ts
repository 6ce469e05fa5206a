import './results.css';
import { h } from '../audience/dom';
import { type RankingRow, rankingRows, type ScreenResults } from './ranking';
import { S } from './texts';

/*
 * The screen's 'results' mode: the published ranking from GET /api/live/:id/results. Until it is
 * published (or where the hall keeps results off the screen, a 404) the pending sentence stays,
 * and the screen asks again now and then while the mode is shown.
 */

const RETRY_MS = 20_000;
/** Rows that fit the 1080-pixel layout under the header; an edition rarely has more speakers. */
const MAX_ROWS = 10;

let data: ScreenResults | null = null;
let lastTry = 0;
let inFlight = false;

/** Fetches the ranking when there is none yet (at most every 20 s); `onChange` redraws once it arrives. */
function ensure(editionId: string, onChange: () => void): void {
  if (data || inFlight || Date.now() - lastTry < RETRY_MS) return;
  inFlight = true;
  lastTry = Date.now();
  fetch(`/api/live/${encodeURIComponent(editionId)}/results`, { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) return;
      data = (await res.json()) as ScreenResults;
      onChange();
    })
    .catch(() => {
      // offline: the next render after RETRY_MS asks again
    })
    .finally(() => {
      inFlight = false;
    });
}

/** The body of the 'results' mode: the ranking when available, else the pending sentence. */
export function resultsBody(editionId: string, onChange: () => void): HTMLElement {
  ensure(editionId, onChange);
  if (!data || data.speakers.length === 0) return h('div', { class: 'center-msg' }, h('div', { class: 'big' }, S.resultsPending));
  const rows = rankingRows(data).slice(0, MAX_ROWS);
  return h(
    'div',
    { class: 'ranking', 'data-testid': 'screen-ranking' },
    h('div', { class: 'section-title' }, S.resultsTitle),
    h(
      'table',
      { class: 'rank-table' },
      h(
        'thead',
        null,
        h('tr', null, h('th', null, S.resultsRank), h('th', null, S.resultsName), h('th', null, S.resultsUnit), h('th', { class: 'num' }, S.resultsFinal)),
      ),
      h('tbody', null, rows.map(rowOf)),
    ),
    rows.some((r) => r.tiedWith.length > 0) ? h('div', { class: 'tie-note' }, S.resultsTieNote) : null,
  );
}

function rowOf(r: RankingRow): HTMLElement {
  return h(
    'tr',
    { class: r.rank === '1' ? 'first' : '' },
    h('td', { class: 'rank' }, r.rank),
    h('td', { class: 'name' }, r.name, r.tiedWith.length > 0 ? h('span', { class: 'tie', title: r.tiedWith.join('、') }, S.resultsTie) : null),
    h('td', { class: 'unit' }, r.unitName),
    h('td', { class: 'num' }, r.final),
  );
}

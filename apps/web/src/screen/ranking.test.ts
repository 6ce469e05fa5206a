import { describe, expect, it } from 'vitest';
import { rankingRows } from './ranking';

describe('the big screen ranking', () => {
  it('lists speakers by rank with finals to two decimals, names each tie, and puts speakers without a score last', () => {
    const rows = rankingRows({
      editionTitle: '第3期',
      speakers: [
        { talkId: 'b', name: '李强', unitName: '市财政局', talkTitle: 'x', final: 8.55, rank: 2, tiedWith: ['a'] },
        { talkId: 'n', name: '钱多', unitName: '市审计局', talkTitle: 'z', final: null, rank: null, tiedWith: [] },
        { talkId: 'a', name: '王芳', unitName: '市发展改革委', talkTitle: 'y', final: 8.614, rank: 1, tiedWith: ['b'] },
        { talkId: 'c', name: '赵敏', unitName: '市教育局', talkTitle: 'w', final: 7.1, rank: 3, tiedWith: [] },
      ],
    });
    expect(rows.map((r) => [r.rank, r.name, r.final, r.tiedWith])).toEqual([
      ['1', '王芳', '8.61', ['李强']],
      ['2', '李强', '8.55', ['王芳']],
      ['3', '赵敏', '7.10', []],
      ['—', '钱多', '—', []],
    ]);
  });
});

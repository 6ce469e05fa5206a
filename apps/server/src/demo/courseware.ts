import { Readable } from 'node:stream';
import { REVIEW_CHECKLIST, type ReviewChecklistItem, TALK_ANGLE_LABELS, type TalkAngle } from '@lecture-hall/shared';
import { grantRepository, userRepository } from '../modules/auth/auth.repository';
import { createBlobStore } from '../storage';
import { type DemoTalkRow, demoCoursewareRepository } from './courseware.repository';
import { type Slide, slideDeckPdf } from './pdf';
import { demoProgrammeRepository } from './programme.repository';
import type { SeedStep, SeedStepContext } from './seed';

/*
 * The demo's courseware (issue "Courseware review and coaching"): the five speakers of the
 * city hall's ready edition each have a real PDF deck with Chinese text, reviewed by the demo
 * expert — two of them after a round of revision with page comments — and one coaching session
 * with the expert's feedback on every speaker.
 */

const SECTION_LINES: Record<TalkAngle, string[][]> = {
  theory_study: [
    ['• 原原本本学：逐篇研读原著，做好读书笔记', '• 联系实际学：结合本职工作找准切入点'],
    ['• 把学习成果转化为工作思路和具体举措', '• 以问题为导向，在解决实际问题中深化认识'],
  ],
  party_spirit: [
    ['• 在急难险重任务中经受考验', '• 在服务群众中锤炼作风'],
    ['• 严守纪律规矩，从日常小事做起', '• 以身边榜样为镜，查找差距、立行立改'],
  ],
  public_service: [
    ['• 群众办事“多头跑、反复跑”的问题仍然存在', '• 部门之间数据共享不充分'],
    ['• 推行“一窗受理、集成服务”，压缩办理时限', '• 建立群众诉求“接诉即办”闭环机制'],
  ],
  development: [
    ['• 产业链条短、龙头企业带动不足', '• 要素保障和营商环境仍有短板'],
    ['• 聚焦主导产业补链强链，抓好项目建设', '• 优化政务服务，激发市场主体活力'],
  ],
};

/** The deck of one talk. Version 1 of a deck sent back for revision lacks its data sources. */
function deckOf(talk: DemoTalkRow, editionLabel: string, unitPathName: string, draft: boolean): Buffer {
  const angle = (talk.angle ?? 'development') as TalkAngle;
  const [problems, measures] = SECTION_LINES[angle];
  const footer = `${talk.speaker}  ${unitPathName}  ${editionLabel}`;
  const slides: Slide[] = [
    { title: talk.title, lines: [`主讲人：${talk.speaker}`, unitPathName, `讲课角度：${TALK_ANGLE_LABELS[angle].zh}`], footer: editionLabel },
    { title: '一、背景与问题', lines: problems!, footer },
    {
      title: '二、数据说话',
      lines: draft
        ? ['• 近三年相关工作量年均增长约 18%', '• 群众满意度调查：满意率 86%']
        : ['• 近三年相关工作量年均增长约 18%（来源：市统计局年鉴）', '• 群众满意度调查：满意率 86%（来源：第三方测评，样本 1,200 份）'],
      footer,
    },
    { title: '三、做法与建议', lines: measures!, footer },
    { title: '谢谢！', lines: ['欢迎批评指正', '现场交流环节欢迎提问'], footer },
  ];
  return slideDeckPdf(slides, { title: talk.title, author: talk.speaker });
}

const ALL_OK = (notes: Partial<Record<ReviewChecklistItem, string>> = {}) =>
  JSON.stringify(REVIEW_CHECKLIST.map((item) => ({ item, ok: !notes[item], note: notes[item] ?? '' })));

async function seedCourseware(ctx: SeedStepContext): Promise<void> {
  const { trx, config, rng, ids, state } = ctx;
  const editionId = state.refs.get('edition:city:ready');
  if (!editionId) throw new Error('the programme step must run before the courseware step');
  const users = await demoProgrammeRepository.userIdsByUsername(trx);
  const expert = users.get('expert')!;
  const hall = users.get('hall')!;
  const talks = await demoCoursewareRepository.talksOf(trx, editionId);
  const root = state.units.get('root')!;
  const pathName = (t: DemoTalkRow) => {
    // 市卫健委/办公室 rather than 办公室: the ancestors below the root, as the console shows them.
    const names = new Map([...state.units.values()].map((u) => [u.id, u.name]));
    const ids = t.unit_path.split('/').filter(Boolean);
    return ids.length > 1
      ? ids
          .slice(1)
          .map((id) => names.get(id) ?? '')
          .join('/')
      : root.name;
  };
  // Each speaker of the ready edition gets an account (speaker1 … speaker5), to show the speaker's side.
  const speakerUser = new Map<string, string>();
  for (const talk of talks) {
    const userId = ids.next();
    const username = `speaker${talk.position}`;
    await userRepository.insert(trx, {
      id: userId,
      username,
      display_name: `讲课人·${talk.speaker}`,
      password_hash: ctx.passwordHash,
      person_id: talk.person_id,
      must_change_password: 0,
      disabled_at: null,
      failed_login_count: 0,
      locked_until: null,
      created_at: ctx.createdAt,
      updated_at: ctx.createdAt,
    });
    await grantRepository.insert(trx, {
      id: ids.next(),
      user_id: userId,
      role: 'cadre',
      org_unit_id: talk.unit_id,
      created_at: ctx.createdAt,
      created_by: null,
    });
    speakerUser.set(talk.id, userId);
  }
  // The store joins the seed's transaction: a crash leaves neither decks nor their rows.
  const store = createBlobStore(trx, config);
  let versions = 0;
  let reviews = 0;

  const at = (day: string, hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3_600_000).toISOString();
  // Decks uploaded in early November, reviewed two days later; the second round a week on.
  const REVISED = new Set([2, 4]);
  for (const talk of talks) {
    await demoCoursewareRepository.insertAssignment(trx, {
      id: ids.next(),
      talk_id: talk.id,
      expert_user_id: expert,
      assigned_by: hall,
      created_at: at('2026-11-04', 10),
    });
    const rounds = REVISED.has(talk.position) ? [true, false] : [false];
    let earlierComments: string[] = [];
    for (const [r, draft] of rounds.entries()) {
      const pdf = deckOf(talk, '市直机关干部大讲堂 第7期', pathName(talk), draft);
      const blob = await store.put(Readable.from(pdf));
      const versionId = ids.next();
      const uploaded = at(r === 0 ? '2026-11-09' : '2026-11-16', 9 + talk.position);
      await demoCoursewareRepository.insertDeckVersion(trx, {
        id: versionId,
        talk_id: talk.id,
        version: r + 1,
        kind: 'pdf',
        filename: `${talk.title.replace(/[\\/:*?"<>|]/g, '')}.pdf`,
        size: blob.size,
        sha256: blob.sha256,
        page_count: 5,
        preview_sha256: null,
        conversion_status: 'not_needed',
        conversion_progress: 0,
        conversion_message: null,
        uploaded_by: speakerUser.get(talk.id)!,
        created_at: uploaded,
        updated_at: uploaded,
      });
      versions += 1;
      const reviewId = ids.next();
      const reviewed = at(r === 0 ? '2026-11-11' : '2026-11-18', 15);
      if (draft) {
        await demoCoursewareRepository.insertReview(trx, {
          id: reviewId,
          talk_id: talk.id,
          deck_version_id: versionId,
          expert_user_id: expert,
          checklist_json: ALL_OK({ facts_and_figures: '第 3 页的数据没有注明来源', format_norms: '请统一使用单位标准模板的页脚' }),
          verdict: 'revise',
          summary: '整体思路清晰，观点鲜明。请补充第 3 页数据的出处，统一页脚格式后再提交。',
          created_at: reviewed,
        });
        earlierComments = [ids.next(), ids.next()];
        await demoCoursewareRepository.insertComment(trx, {
          id: earlierComments[0]!,
          review_id: reviewId,
          talk_id: talk.id,
          deck_version_id: versionId,
          page: 3,
          text: '增长 18% 和满意率 86% 两组数据请注明来源和统计口径。',
          resolved_in_review_id: null,
          created_at: reviewed,
        });
        await demoCoursewareRepository.insertComment(trx, {
          id: earlierComments[1]!,
          review_id: reviewId,
          talk_id: talk.id,
          deck_version_id: versionId,
          page: 4,
          text: '建议把“做法”与“建议”分开，各列两到三条，便于听众记忆。',
          resolved_in_review_id: null,
          created_at: reviewed,
        });
      } else {
        await demoCoursewareRepository.insertReview(trx, {
          id: reviewId,
          talk_id: talk.id,
          deck_version_id: versionId,
          expert_user_id: expert,
          checklist_json: ALL_OK(),
          verdict: 'approve',
          summary: r > 0 ? '数据来源已补充，格式规范，同意通过。' : '课件内容充实、格式规范，同意通过。',
          created_at: reviewed,
        });
        // The second round resolves the first round's comment on the data; the layout advice stays open.
        if (earlierComments[0]) await demoCoursewareRepository.resolveComment(trx, earlierComments[0], reviewId);
      }
      reviews += 1;
    }
  }

  // One rehearsal a week before the edition, the demo expert coaching all five speakers.
  const sessionId = ids.next();
  await demoCoursewareRepository.insertCoachingSession(
    trx,
    {
      id: sessionId,
      edition_id: editionId,
      date: '2026-11-25',
      start_time: '14:30',
      place: '市委党校 3 号教室',
      notes: '第一次试讲，每人 15 分钟，专家逐一点评。',
      created_by: hall,
      created_at: at('2026-11-19', 9),
      updated_at: at('2026-11-19', 9),
    },
    [expert],
    talks.map((t) => t.id),
  );
  const NOTES = {
    language: ['语速适中，表达流畅', '口语化表达较多，可再凝练', '开场稍显紧张，进入状态后自然'],
    deportment: ['站姿端正，手势自然', '与听众目光交流偏少', '着装得体，精神饱满'],
    timing: ['时间把控准确', '超时约 2 分钟，第三部分可压缩', '前半部分偏长，后半部分略仓促'],
    structure: ['层次清楚，逻辑严密', '问题与对策对应关系可更明确', '结尾可增加一句总结升华'],
  };
  for (const talk of talks) {
    const score = () => rng.int(6, 9);
    const scores = { language: score(), deportment: score(), timing: score(), structure: score() };
    const notes = Object.fromEntries(Object.entries(NOTES).map(([k, options]) => [k, rng.pick(options)]));
    await demoCoursewareRepository.insertFeedback(trx, {
      id: ids.next(),
      session_id: sessionId,
      talk_id: talk.id,
      expert_user_id: expert,
      ...scores,
      notes_json: JSON.stringify(notes),
      overall: '准备认真，建议正式开讲前再熟悉一遍讲稿，现场互动环节提前准备两到三个可能的问题。',
      created_at: at('2026-11-25', 17),
      updated_at: at('2026-11-25', 17),
    });
  }
  state.summary.deckVersions = versions;
  state.summary.reviews = reviews;
  state.summary.coachingSessions = 1;
}

export const coursewareStep: SeedStep = { name: 'courseware', run: seedCourseware };

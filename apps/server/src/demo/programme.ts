import {
  DEFAULT_AGGREGATION,
  DEFAULT_AUDIENCE_WEIGHT_PCT,
  DEFAULT_RUBRIC,
  type EditionStatus,
  type NominationChannel,
  type NominationState,
  type Role,
  type TalkAngle,
} from '@lecture-hall/shared';
import { ageOn } from '../lib/clock';
import { insertDemoAccount } from './account';
import { type DemoPersonRow, demoProgrammeRepository } from './programme.repository';
import type { Rng } from './random';
import type { SeedStep, SeedStepContext } from './seed';

/*
 * The demo's lecture programme (issue "Lecture programme"): the city hall with two stages and
 * eight editions — six finished, one ready to go live with its five speakers, one recruiting
 * with twelve candidates over the three channels (two of them ineligible, with reasons) — and
 * two county halls and a bureau hall with a few editions each.
 */

interface EditionPlan {
  seq: number;
  stage: number | null;
  date: string;
  title: string;
  theme: string;
  venue: string;
  status: EditionStatus;
  speakers: number;
  unitQuota?: number;
}

const CITY_STAGES = [
  {
    title: '学习贯彻党的二十大精神',
    themeFocus: '以讲促学、以讲促思、以讲促干',
    periodStart: '2026-03-01',
    periodEnd: '2026-06-30',
    description: '围绕学习贯彻党的二十大精神这条主线，引导年轻干部分享理论学习、党性锻炼的心得体会。',
  },
  {
    title: '新时代新甜城怎么看、怎么办、怎么干',
    themeFocus: '聚焦高质量发展，服务中心大局',
    periodStart: '2026-07-01',
    periodEnd: '2027-02-28',
    description: '聚焦全市中心工作，围绕高质量发展、乡村振兴、营商环境和基层治理提出解决办法和实用建议。',
  },
];

const CITY_EDITIONS: EditionPlan[] = [
  {
    seq: 1,
    stage: 0,
    date: '2026-03-27',
    title: '学思践悟新思想 凝心聚力开新局',
    theme: '学习贯彻党的二十大精神的体会与实践',
    venue: '市委党校报告厅',
    status: 'closed',
    speakers: 5,
  },
  {
    seq: 2,
    stage: 0,
    date: '2026-04-24',
    title: '以学促干 在岗位上践行初心使命',
    theme: '把学习成果转化为推动工作的实际成效',
    venue: '市委党校报告厅',
    status: 'closed',
    speakers: 5,
  },
  {
    seq: 3,
    stage: 0,
    date: '2026-05-29',
    title: '传承红色基因 锤炼党性修养',
    theme: '党性锻炼与作风建设',
    venue: '市委党校报告厅',
    status: 'closed',
    speakers: 5,
  },
  {
    seq: 4,
    stage: 0,
    date: '2026-06-26',
    title: '服务民生 办好群众身边事',
    theme: '我为群众办实事的探索与思考',
    venue: '市政务服务中心多功能厅',
    status: 'closed',
    speakers: 5,
  },
  {
    seq: 5,
    stage: 1,
    date: '2026-09-25',
    title: '聚焦高质量发展 建设现代化产业体系',
    theme: '产业发展的堵点难点与对策',
    venue: '市委党校报告厅',
    status: 'closed',
    speakers: 5,
  },
  {
    seq: 6,
    stage: 1,
    date: '2026-10-30',
    title: '优化营商环境 激发市场主体活力',
    theme: '营商环境建设中的实践与建议',
    venue: '市委党校报告厅',
    status: 'closed',
    speakers: 5,
  },
  {
    seq: 7,
    stage: 1,
    date: '2026-12-18',
    title: '乡村振兴看甜城：问题与对策',
    theme: '推进乡村全面振兴的基层实践',
    venue: '市委党校报告厅',
    status: 'ready',
    speakers: 5,
  },
  {
    seq: 8,
    stage: 1,
    date: '2027-01-22',
    title: '数字赋能基层治理',
    theme: '数字化手段提升基层治理效能',
    venue: '市委党校报告厅',
    status: 'recruiting',
    speakers: 5,
    unitQuota: 3,
  },
];

const TITLES: Record<TalkAngle, string[]> = {
  theory_study: [
    '从“两个确立”看新时代的历史方位',
    '读原著悟原理：我的理论学习笔记',
    '以学铸魂：把学习成果转化为工作思路',
    '在学懂弄通做实上下功夫',
    '用党的创新理论指导基层实践',
    '学习中的三点体会与四个转变',
    '理论学习如何走深走实',
    '从“学”到“用”：年轻干部的必修课',
    '坚持系统观念谋划部门工作',
    '以学促思：新发展理念在基层的落地',
  ],
  party_spirit: [
    '在急难险重中锤炼党性',
    '从红色家书中汲取奋进力量',
    '守住初心：一名年轻党员的成长日记',
    '把纪律规矩挺在前面',
    '驻村两年：我对党性的新认识',
    '清廉作风从日常小事做起',
    '在基层一线践行群众路线',
    '以钉钉子精神抓好落实',
    '传承甜城红色基因的几点思考',
  ],
  public_service: [
    '“一件事一次办”的探索与体会',
    '让群众少跑腿：政务服务改革的基层实践',
    '老旧小区改造中的民意收集与回应',
    '家门口的医疗服务如何更可及',
    '校园食品安全监管的难点与对策',
    '社会保险经办服务的便民举措',
    '12345 热线背后的民生温度',
    '基层医疗卫生服务能力提升的实践',
    '民生实事项目的谋划与推进',
    '让就业服务精准对接群众需求',
  ],
  development: [
    '县域经济高质量发展的路径思考',
    '以项目建设推动产业升级',
    '数字赋能基层治理的实践与思考',
    '优化营商环境的“痛点”与“解法”',
    '乡村振兴中的产业培育与人才引进',
    '农田建设与粮食安全的基层观察',
    '招商引资中的政策供给与服务保障',
    '城市更新中的规划与治理',
    '发展新质生产力的甜城机遇',
    '财政资金绩效管理的实践探索',
  ],
};

const ABSTRACT_OPENINGS = [
  '结合本人在岗位上的工作实践，',
  '围绕本期主题，结合近年来本单位的探索，',
  '从一线工作中遇到的实际问题出发，',
  '通过调研走访和案例分析，',
];
const ABSTRACT_BODIES = [
  '梳理当前工作中的主要困难和群众诉求，分析问题成因，提出三条可操作的改进建议。',
  '分享学习体会和工作心得，谈谈如何把理论学习成果转化为推动工作的实际成效。',
  '总结经验做法，剖析存在的短板，就下一步工作提出思路和具体措施。',
  '从思想认识、工作方法和制度机制三个方面谈体会、找差距、提对策。',
];

const ANGLES: TalkAngle[] = ['theory_study', 'party_spirit', 'public_service', 'development'];

/** Extra accounts the programme needs: liaisons of other units and cadres who nominated themselves. */
const EXTRA_ACCOUNTS: Array<{ username: string; displayName: string; role: Role; unit: string }> = [
  { username: 'liaison2', displayName: '市场监管局联络员·何丽', role: 'liaison', unit: 'market' },
  { username: 'liaison3', displayName: '市教育局联络员·罗军', role: 'liaison', unit: 'education' },
  { username: 'liaison4', displayName: '威远县联络员·梁芳', role: 'liaison', unit: 'weiyuan' },
];

class Plan {
  private readonly used = new Set<string>();
  constructor(
    private readonly rng: Rng,
    private readonly people: DemoPersonRow[],
  ) {}

  /** A person not used before, under the unit path, aged minAge..maxAge on the day. */
  draw(underPath: string, day: string, minAge = 26, maxAge = 39, exclude: ReadonlySet<string> = new Set()): DemoPersonRow {
    const pool = this.people.filter((p) => {
      const age = ageOn(p.birth_date, day);
      return p.unit_path.startsWith(underPath) && age >= minAge && age <= maxAge && !this.used.has(p.id) && !exclude.has(p.id);
    });
    if (pool.length === 0) throw new Error(`no demo person left under ${underPath} aged ${minAge}–${maxAge} on ${day}`);
    const p = this.rng.pick(pool);
    this.used.add(p.id);
    return p;
  }

  /** Whether draw() would find someone. */
  has(underPath: string, day: string, minAge = 26, maxAge = 39): boolean {
    return this.people.some((p) => {
      const age = ageOn(p.birth_date, day);
      return p.unit_path.startsWith(underPath) && age >= minAge && age <= maxAge && !this.used.has(p.id);
    });
  }

  reserve(id: string) {
    this.used.add(id);
  }

  talk(angle: TalkAngle = this.rng.pick(ANGLES)): { title: string; abstract: string; angle: TalkAngle } {
    return {
      title: this.rng.pick(TITLES[angle]),
      abstract: `${this.rng.pick(ABSTRACT_OPENINGS)}${this.rng.pick(ABSTRACT_BODIES)}`,
      angle,
    };
  }
}

/** Timestamps of demo rows about an edition: some days before its date, at a working hour. */
function daysBefore(date: string, days: number, hour = 9): string {
  const t = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000 + (hour - 8) * 3_600_000;
  return new Date(t).toISOString();
}

async function seedProgramme(ctx: SeedStepContext): Promise<void> {
  const { trx, rng, ids, state, createdAt, passwordHash } = ctx;
  const unit = (key: string) => {
    const u = state.units.get(key);
    if (!u) throw new Error(`demo unit ${key} is missing`);
    return u;
  };
  const people = await demoProgrammeRepository.peopleWithUnits(trx);
  const plan = new Plan(rng, people);
  const users = await demoProgrammeRepository.userIdsByUsername(trx);
  const userOf = (username: string) => {
    const id = users.get(username);
    if (!id) throw new Error(`demo user ${username} is missing`);
    return id;
  };
  const accountPerson = (username: string) => state.people.get(`account:${username}`)!;
  // Account holders are not drawn as speakers, except where a step puts them on stage on purpose.
  for (const [key, id] of state.people) if (key.startsWith('account:')) plan.reserve(id);

  for (const a of EXTRA_ACCOUNTS) {
    const account = { username: a.username, displayName: a.displayName, personId: null, role: a.role, unitId: unit(a.unit).id };
    const id = await insertDemoAccount(trx, ids, account, passwordHash, createdAt);
    users.set(a.username, id);
  }

  const rubricJson = JSON.stringify(DEFAULT_RUBRIC);
  const aggregationJson = JSON.stringify(DEFAULT_AGGREGATION);
  let notifications = 0;
  let nominationsMade = 0;
  let talksMade = 0;

  const notify = async (username: string, kind: string, title: string, body: string, link: string, at: string, read: boolean) => {
    await demoProgrammeRepository.insertNotification(trx, {
      id: ids.next(),
      user_id: userOf(username),
      kind,
      title,
      body,
      link,
      entity_type: 'edition',
      entity_id: link.split('/').pop() ?? null,
      read_at: read ? at : null,
      created_at: at,
    });
    notifications += 1;
  };

  async function makeHall(key: string, name: string, unitKey: string, description: string, speakerCount: number, editions: number) {
    const hallId = ids.next();
    await demoProgrammeRepository.insertHall(trx, {
      id: hallId,
      name,
      unit_id: unit(unitKey).id,
      description,
      young_age_limit: 40,
      repeat_window: 4,
      default_speaker_count: speakerCount,
      default_rubric_json: rubricJson,
      speakers_see_results: 1,
      // The city hall shows its published results on the big screen; the others keep them to the console.
      screen_shows_results: key === 'city' ? 1 : 0,
      next_seq: editions + 1,
      created_at: createdAt,
      updated_at: createdAt,
    });
    state.summary[`hall:${key}`] = editions;
    return hallId;
  }

  async function makeEdition(hallId: string, e: EditionPlan, stageId: string | null) {
    const id = ids.next();
    const statusAt = e.status === 'closed' ? `${e.date}T09:00:00.000Z` : createdAt;
    await demoProgrammeRepository.insertEdition(trx, {
      id,
      hall_id: hallId,
      seq: e.seq,
      stage_id: stageId,
      title: e.title,
      theme: e.theme,
      date: e.date,
      start_time: '14:30',
      end_time: '17:00',
      venue: e.venue,
      speaker_count: e.speakers,
      unit_quota: e.unitQuota ?? null,
      rubric_json: rubricJson,
      audience_weight_pct: DEFAULT_AUDIENCE_WEIGHT_PCT,
      aggregation_json: aggregationJson,
      status: e.status,
      rubric_locked_at: e.status === 'closed' ? `${e.date}T06:30:00.000Z` : null,
      status_changed_at: statusAt,
      created_at: daysBefore(e.date, 45),
      updated_at: statusAt,
    });
    return id;
  }

  interface NominationPlan {
    person: DemoPersonRow;
    channel: NominationChannel;
    state: NominationState;
    by: string;
    recommendingUnit?: string;
    order?: number;
    statement?: string;
    proposal?: { title: string; abstract: string; angle: TalkAngle } | null;
    override?: { reason: string; by: string };
  }

  async function nominate(editionId: string, hallId: string, date: string, n: NominationPlan, index: number) {
    const id = ids.next();
    // Put forward ten weeks ahead and decided six weeks ahead, so that the ready edition's courseware round fits in between.
    const created = daysBefore(date, 70 - index, 10);
    const decided = n.state === 'selected' || n.state === 'not_selected' ? daysBefore(date, 45) : null;
    await demoProgrammeRepository.insertNomination(trx, {
      id,
      edition_id: editionId,
      hall_id: hallId,
      person_id: n.person.id,
      channel: n.channel,
      state: n.state,
      recommending_unit_id: n.recommendingUnit ? unit(n.recommendingUnit).id : null,
      nominated_by: userOf(n.by),
      statement: n.statement ?? '',
      proposed_title: n.proposal?.title ?? '',
      proposed_abstract: n.proposal?.abstract ?? '',
      angle: n.proposal?.angle ?? null,
      override_reason: n.override?.reason ?? null,
      override_by: n.override ? userOf(n.override.by) : null,
      override_at: n.override ? created : null,
      selected_order: n.order ?? null,
      decided_at: decided,
      created_at: created,
      updated_at: decided ?? created,
    });
    nominationsMade += 1;
    if (n.state === 'selected') {
      const proposal = n.proposal ?? plan.talk();
      await demoProgrammeRepository.insertTalk(trx, {
        id: ids.next(),
        edition_id: editionId,
        nomination_id: id,
        person_id: n.person.id,
        position: n.order!,
        title: proposal.title,
        abstract: proposal.abstract,
        angle: proposal.angle,
        created_at: decided!,
        updated_at: decided!,
      });
      talksMade += 1;
    }
    return id;
  }

  const RECOMMENDERS: Array<[string, string]> = [
    ['liaison', 'health'],
    ['liaison2', 'market'],
    ['liaison3', 'education'],
    ['liaison4', 'weiyuan'],
  ];
  /** A liaison whose unit still has a young cadre who has not been put forward yet. */
  const recommenderWithPeople = (day: string) => rng.pick(RECOMMENDERS.filter(([, key]) => plan.has(unit(key).path, day)));
  const STATEMENTS = [
    '该同志政治素质好，业务能力强，在急难险重任务中表现突出。',
    '该同志长期在基层一线工作，熟悉群众工作，思路清晰，表达能力强。',
    '该同志勤于学习、善于思考，多篇调研报告获领导肯定。',
    '该同志爱岗敬业，在本单位重点工作中承担骨干任务，群众认可度高。',
  ];

  // ---- The city hall ----
  const root = unit('root');
  const cityHall = await makeHall(
    'city',
    '市直机关干部大讲堂',
    'root',
    '以讲促学、以讲促思、以讲促干。每期推选 5 名年轻干部登台，分享理论学习、党性锻炼、服务民生和推进发展的理性思考、心得体会及工作成效。',
    5,
    CITY_EDITIONS.length,
  );
  const stageIds: string[] = [];
  for (const [i, s] of CITY_STAGES.entries()) {
    const id = ids.next();
    await demoProgrammeRepository.insertStage(trx, {
      id,
      hall_id: cityHall,
      title: s.title,
      theme_focus: s.themeFocus,
      period_start: s.periodStart,
      period_end: s.periodEnd,
      description: s.description,
      sort_order: i,
      created_at: createdAt,
      updated_at: createdAt,
    });
    stageIds.push(id);
  }

  const cadrePerson = people.find((p) => p.id === accountPerson('cadre'))!;
  // The 8th edition's unit recommendations are drawn first, so that the earlier editions cannot use up a bureau's young cadres.
  const eighth = CITY_EDITIONS.find((e) => e.status === 'recruiting')!;
  const recommendedForEighth = [RECOMMENDERS[0]!, RECOMMENDERS[1]!, RECOMMENDERS[1]!, RECOMMENDERS[2]!].map(([by, unitKey]) => ({
    by,
    unitKey,
    person: plan.draw(unit(unitKey).path, eighth.date),
  }));
  let speakerOfSixth: DemoPersonRow | undefined;
  let readyEditionId = '';
  for (const e of CITY_EDITIONS) {
    const editionId = await makeEdition(cityHall, e, e.stage === null ? null : stageIds[e.stage]!);
    if (e.status === 'closed' || e.status === 'ready') {
      const plans: NominationPlan[] = [];
      for (let k = 0; k < e.speakers; k++) {
        // The demo cadre spoke at the 2nd edition, so "my nominations" has a history and the 8th is open to it.
        const channel: NominationChannel = e.seq === 2 && k === 0 ? 'self' : k < 2 ? 'org_pick' : 'unit_recommendation';
        // The 6th edition's fourth speaker comes from 威远县, whose liaison recommends them again for the 8th (and is refused).
        const recommender = e.seq === 6 && k === 3 ? RECOMMENDERS[3]! : recommenderWithPeople(e.date);
        const [by, recommendingUnit] = channel === 'self' ? ['cadre', undefined] : channel === 'org_pick' ? ['hall', undefined] : recommender;
        const person = channel === 'self' ? cadrePerson : plan.draw(recommendingUnit ? unit(recommendingUnit).path : root.path, e.date);
        plans.push({
          person,
          channel,
          state: 'selected',
          by,
          recommendingUnit,
          order: k + 1,
          statement: channel === 'self' ? '' : rng.pick(STATEMENTS),
          proposal: plan.talk(ANGLES[(e.seq + k) % ANGLES.length]),
        });
      }
      // One or two who were put forward but not chosen.
      for (let k = 0; k < (e.seq % 2) + 1; k++) {
        const [by, unitKey] = recommenderWithPeople(e.date);
        plans.push({
          person: plan.draw(unit(unitKey).path, e.date),
          channel: 'unit_recommendation',
          state: 'not_selected',
          by,
          recommendingUnit: unitKey,
          statement: rng.pick(STATEMENTS),
          proposal: plan.talk(),
        });
      }
      for (const [i, p] of plans.entries()) await nominate(editionId, cityHall, e.date, p, i);
      if (e.seq === 6) speakerOfSixth = plans[3]!.person;
      const link = `/editions/${editionId}`;
      if (e.seq === 2)
        await notify(
          'cadre',
          'nomination.selected',
          '您已被推选为第2期讲课人',
          `您在“${e.title}”的自荐已通过，请按要求准备讲稿和课件。`,
          link,
          daysBefore(e.date, 14),
          true,
        );
      if (e.status === 'ready') {
        readyEditionId = editionId;
        state.refs.set('edition:city:ready', editionId);
        await notify(
          'liaison',
          'recommendation.outcome',
          '第7期推选结果已公布',
          `第7期“${e.title}”讲课人已确定，请查看本单位推荐人员的结果。`,
          link,
          daysBefore(e.date, 14),
          false,
        );
      }
    } else if (e.status === 'recruiting') {
      const link = `/editions/${editionId}`;
      const plans: NominationPlan[] = [];
      // Organisation picks: three eligible, one over the age limit let through with a written reason.
      for (let k = 0; k < 3; k++)
        plans.push({
          person: plan.draw(root.path, e.date),
          channel: 'org_pick',
          state: k === 0 ? 'shortlisted' : 'submitted',
          by: 'hall',
          statement: rng.pick(STATEMENTS),
          proposal: null,
        });
      plans.push({
        person: plan.draw(root.path, e.date, 42, 45),
        channel: 'org_pick',
        state: 'shortlisted',
        by: 'hall',
        statement: '该同志长期分管基层治理数字化工作，经验丰富。',
        proposal: plan.talk('development'),
        override: { reason: '本期主题为数字赋能基层治理，该同志是全市网格化治理平台建设的主要负责人，经研究同意破格推选。', by: 'admin' },
      });
      // Unit recommendations, within each unit's quota of three; one recommends a speaker of the 6th edition (ineligible).
      for (const [k, { by, unitKey, person }] of recommendedForEighth.entries()) {
        plans.push({
          person,
          channel: 'unit_recommendation',
          state: k === 1 ? 'shortlisted' : 'submitted',
          by,
          recommendingUnit: unitKey,
          statement: rng.pick(STATEMENTS),
          proposal: plan.talk(),
        });
      }
      plans.push({
        person: speakerOfSixth!,
        channel: 'unit_recommendation',
        state: 'submitted',
        by: 'liaison4',
        recommendingUnit: 'weiyuan',
        statement: rng.pick(STATEMENTS),
        proposal: plan.talk('development'),
      });
      // Self-nominations by three young cadres, each with its own account (cadre2 … cadre4).
      for (let k = 0; k < 3; k++) {
        const person = plan.draw(root.path, e.date, 26, 35);
        const username = `cadre${k + 2}`;
        const account = { username, displayName: `干部·${person.name}`, personId: person.id, role: 'cadre' as const, unitId: person.unit_id };
        const userId = await insertDemoAccount(trx, ids, account, passwordHash, createdAt);
        users.set(username, userId);
        plans.push({ person, channel: 'self', state: k === 0 ? 'shortlisted' : 'submitted', by: username, proposal: plan.talk(ANGLES[k % ANGLES.length]) });
      }
      for (const [i, p] of plans.entries()) await nominate(editionId, cityHall, e.date, p, i);
      for (const p of plans.filter((x) => x.channel === 'self')) {
        for (const manager of ['hall', 'admin']) {
          await notify(
            manager,
            'nomination.self_submitted',
            '收到新的个人自荐',
            `${p.person.name}自荐参加第8期“${e.title}”，讲题《${p.proposal!.title}》。`,
            link,
            daysBefore(e.date, 25),
            false,
          );
        }
      }
      state.summary.candidates = plans.length;
    }
  }

  await demoProgrammeRepository.insertCommentary(trx, {
    id: ids.next(),
    hall_id: cityHall,
    edition_id: null,
    author: '李建华',
    author_title: '市委常委、组织部部长',
    title: '让年轻干部在讲台上成长',
    text: '市直机关干部大讲堂紧扣主线、聚焦年轻干部，搭建了一个展示才智、交流思想的平台。讲课人员课前深入学习、认真思考、细致研判，提升了提笔能写、开口能讲、问策能对、遇事能办的能力。希望各单位继续用好这个平台，把讲堂上的好思路、好建议转化为推动工作的实际成效。',
    created_by: userOf('admin'),
    created_at: '2026-07-10T02:00:00.000Z',
    updated_at: '2026-07-10T02:00:00.000Z',
  });
  if (readyEditionId) {
    await demoProgrammeRepository.insertCommentary(trx, {
      id: ids.next(),
      hall_id: cityHall,
      edition_id: readyEditionId,
      author: '王明',
      author_title: '市委党校常务副校长',
      title: '把课题研究同乡村振兴实践结合起来',
      text: '本期五位讲课人都来自乡村振兴一线，备课扎实。建议在现场互动环节多回应听众关切，把问题讲透、把对策讲实。',
      created_by: userOf('hall'),
      created_at: '2026-12-01T02:00:00.000Z',
      updated_at: '2026-12-01T02:00:00.000Z',
    });
  }

  // ---- Two county halls and a bureau hall ----
  const smallHalls: Array<{ key: string; name: string; unit: string; description: string; editions: EditionPlan[] }> = [
    {
      key: 'weiyuan',
      name: '威远县青年干部讲堂',
      unit: 'weiyuan',
      description: '县委组织部主办，面向全县年轻干部，每期 3 人登台。',
      editions: [
        {
          seq: 1,
          stage: null,
          date: '2026-06-12',
          title: '扎根基层 服务群众',
          theme: '乡镇工作的体会与思考',
          venue: '县委党校会议室',
          status: 'closed',
          speakers: 3,
        },
        {
          seq: 2,
          stage: null,
          date: '2026-10-16',
          title: '做好新时代群众工作',
          theme: '群众工作方法创新',
          venue: '县委党校会议室',
          status: 'closed',
          speakers: 3,
        },
        { seq: 3, stage: null, date: '2027-01-15', title: '县域产业发展的机遇与挑战', theme: '', venue: '县委党校会议室', status: 'planning', speakers: 3 },
      ],
    },
    {
      key: 'longchang',
      name: '隆昌市干部讲堂',
      unit: 'longchang',
      description: '隆昌市委组织部主办的干部讲堂。',
      editions: [
        { seq: 1, stage: null, date: '2026-09-18', title: '石牌坊下话初心', theme: '传承地方红色文化', venue: '市民中心报告厅', status: 'closed', speakers: 3 },
        { seq: 2, stage: null, date: '2027-01-08', title: '营商环境再优化', theme: '', venue: '市民中心报告厅', status: 'planning', speakers: 3 },
      ],
    },
    {
      key: 'health',
      name: '卫健大讲堂',
      unit: 'health',
      description: '市卫健委系统干部讲堂，聚焦健康甜城建设。',
      editions: [
        {
          seq: 1,
          stage: null,
          date: '2026-07-17',
          title: '守护群众健康的第一道防线',
          theme: '基层医疗卫生服务',
          venue: '市卫健委三楼会议室',
          status: 'closed',
          speakers: 3,
        },
        { seq: 2, stage: null, date: '2026-12-11', title: '医防融合的实践与探索', theme: '', venue: '市卫健委三楼会议室', status: 'preparing', speakers: 3 },
      ],
    },
  ];
  for (const h of smallHalls) {
    // Each hall keeps its own speakers apart; speaking in the county's hall and the city's is allowed.
    const hallPlan = new Plan(rng, people);
    for (const [key, id] of state.people) if (key.startsWith('account:')) hallPlan.reserve(id);
    const hallId = await makeHall(h.key, h.name, h.unit, h.description, 3, h.editions.length);
    for (const e of h.editions) {
      const editionId = await makeEdition(hallId, e, null);
      if (e.status === 'closed' || e.status === 'preparing') {
        for (let k = 0; k < e.speakers; k++) {
          const person = hallPlan.draw(unit(h.unit).path, e.date);
          await nominate(
            editionId,
            hallId,
            e.date,
            { person, channel: 'org_pick', state: 'selected', by: 'admin', order: k + 1, proposal: hallPlan.talk() },
            k,
          );
        }
      }
    }
  }

  state.summary.halls = 1 + smallHalls.length;
  state.summary.editions = CITY_EDITIONS.length + smallHalls.reduce((s, h) => s + h.editions.length, 0);
  state.summary.nominations = nominationsMade;
  state.summary.talks = talksMade;
  state.summary.notifications = notifications;
}

export const programmeStep: SeedStep = { name: 'programme', run: seedProgramme };

import type { OrgUnitKind } from '@lecture-hall/shared';

/**
 * The demo city's org tree. Unit names follow a prefecture-level city in Sichuan (the source
 * article's counties and bureaus); every sub-unit has a profile that decides the positions of
 * the people in it.
 */

/** What kind of work a sub-unit does, which decides the job titles its people hold. */
export type UnitProfile = 'office' | 'section' | 'teaching' | 'police' | 'town' | 'street' | 'bureau' | 'county-org';

export interface DemoSubUnit {
  name: string;
  profile: UnitProfile;
}

export interface DemoBranch {
  /** A stable key for seed steps and accounts to find the unit by. */
  key: string;
  name: string;
  kind: OrgUnitKind;
  /** Titles of the head and deputies of a department, who sit in the department itself. */
  head?: { title: string; deputy: string };
  subUnits: DemoSubUnit[];
}

export const DEMO_ROOT_NAME = '市委组织部（市直机关工委）';

/** The root's own offices: where the organisation department's admins, hall staff and leaders sit. */
export const ROOT_SUB_UNITS: DemoSubUnit[] = [
  { name: '办公室', profile: 'office' },
  { name: '干部一科', profile: 'section' },
  { name: '组织科', profile: 'section' },
  { name: '机关党建科', profile: 'section' },
];

const s = (name: string): DemoSubUnit => ({ name, profile: name === '办公室' ? 'office' : 'section' });

export const DEPARTMENTS: DemoBranch[] = [
  {
    key: 'health',
    name: '市卫健委',
    kind: 'department',
    head: { title: '主任', deputy: '副主任' },
    subUnits: [s('办公室'), s('医政医管科'), s('疾病预防控制科'), s('人事科')],
  },
  {
    key: 'market',
    name: '市场监管局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('食品安全协调科'), s('质量发展科'), s('登记注册科')],
  },
  {
    key: 'development',
    name: '市发改委',
    kind: 'department',
    head: { title: '主任', deputy: '副主任' },
    subUnits: [s('办公室'), s('综合规划科'), s('投资科')],
  },
  {
    key: 'education',
    name: '市教育局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('基础教育科'), s('职业教育科'), s('人事科')],
  },
  {
    key: 'finance',
    name: '市财政局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('预算科'), s('国库科')],
  },
  {
    key: 'party-school',
    name: '市委党校',
    kind: 'department',
    head: { title: '常务副校长', deputy: '副校长' },
    subUnits: [s('办公室'), { name: '党建教研室', profile: 'teaching' }, { name: '经济学教研室', profile: 'teaching' }, s('教务处')],
  },
  {
    key: 'police',
    name: '市公安局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('政治处'), { name: '治安管理支队', profile: 'police' }, { name: '法制支队', profile: 'police' }],
  },
  {
    key: 'housing',
    name: '市住建局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('城建科'), s('住房保障科')],
  },
  {
    key: 'agriculture',
    name: '市农业农村局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('乡村振兴科'), s('政策法规科'), s('农田建设管理科')],
  },
  {
    key: 'hr',
    name: '市人社局',
    kind: 'department',
    head: { title: '局长', deputy: '副局长' },
    subUnits: [s('办公室'), s('就业促进科'), s('社会保险科')],
  },
];

/** The counties and districts; 隆昌 is a county-level city, so its organs carry its name. */
export const COUNTIES: DemoBranch[] = [
  {
    key: 'shizhong',
    name: '市中区',
    kind: 'county',
    subUnits: [
      { name: '区委组织部', profile: 'county-org' },
      { name: '区卫健局', profile: 'bureau' },
      { name: '区教育局', profile: 'bureau' },
      { name: '城东街道', profile: 'street' },
      { name: '白马镇', profile: 'town' },
    ],
  },
  {
    key: 'dongxing',
    name: '东兴区',
    kind: 'county',
    subUnits: [
      { name: '区委组织部', profile: 'county-org' },
      { name: '区卫健局', profile: 'bureau' },
      { name: '区教育局', profile: 'bureau' },
      { name: '胜利街道', profile: 'street' },
      { name: '椑木镇', profile: 'town' },
    ],
  },
  {
    key: 'weiyuan',
    name: '威远县',
    kind: 'county',
    subUnits: [
      { name: '县委组织部', profile: 'county-org' },
      { name: '县卫健局', profile: 'bureau' },
      { name: '县教育局', profile: 'bureau' },
      { name: '严陵镇', profile: 'town' },
      { name: '连界镇', profile: 'town' },
    ],
  },
  {
    key: 'zizhong',
    name: '资中县',
    kind: 'county',
    subUnits: [
      { name: '县委组织部', profile: 'county-org' },
      { name: '县卫健局', profile: 'bureau' },
      { name: '县教育局', profile: 'bureau' },
      { name: '重龙镇', profile: 'town' },
      { name: '球溪镇', profile: 'town' },
    ],
  },
  {
    key: 'longchang',
    name: '隆昌市',
    kind: 'county',
    subUnits: [
      { name: '隆昌市委组织部', profile: 'county-org' },
      { name: '隆昌市卫健局', profile: 'bureau' },
      { name: '隆昌市教育局', profile: 'bureau' },
      { name: '金鹅街道', profile: 'street' },
      { name: '响石镇', profile: 'town' },
    ],
  },
];

import { describe, expect, it } from 'vitest';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const zh = flatten(zhCN as unknown as Tree);
const english = flatten(en as unknown as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('leave no text empty', () => {
    for (const [key, value] of [...zh, ...english]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [key, value] of zh) expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('define every literal key the source passes to t()', () => {
    const sources = import.meta.glob(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!./locales/**'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>;
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g)) {
        const key = m[1] as string;
        if (!zh.has(key)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('name the product in the login title', () => {
    expect(zhCN.app.title).toBe('干部大讲堂管理平台');
    expect(en.app.title).toBe('Lecture Hall');
  });

  it('keep the button texts end-to-end tests rely on', () => {
    expect(zhCN.login.submit).toBe('登录');
    expect(zhCN.org.create).toBe('新增单位');
    expect(zhCN.people.import).toBe('导入花名册');
    expect(zhCN.import.confirm).toBe('确认导入');
    expect(zhCN.people.export).toBe('导出 Excel');
    expect(zhCN.common.search).toBe('搜索');
    expect(zhCN.nav.logout).toBe('退出登录');
  });
});

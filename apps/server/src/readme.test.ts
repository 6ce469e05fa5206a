import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/seed';

// The README's settings table is what operators read; it must name every setting the server
// reads, with the default the schema really applies, and no setting that does not exist.
const readme = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');

describe("the README's settings table", () => {
  const section = readme.slice(readme.indexOf('### Settings'), readme.indexOf('### Several instances'));
  const rows = new Map([...section.matchAll(/^\| `([A-Z_]+)`\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => [m[1]!, m[2]!.trim().replace(/^`(.*)`$/, '$1')] as const));

  it('lists exactly the settings of ConfigSchema', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });

  it('gives each the default the schema applies', () => {
    const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
    for (const [name, cell] of rows) {
      const value = defaults[name];
      expect(cell, name).toBe(value === undefined ? '—' : String(value));
    }
  });
});

describe("the README's demo accounts", () => {
  it('name every demo account, its role and its holder, and the demo password', () => {
    const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Running it for real'));
    expect(section).toContain(`\`${DEMO_PASSWORD}\``);
    for (const a of DEMO_ACCOUNTS) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${a.username}\``));
      expect(row, a.username).toBeDefined();
      expect(row).toContain(a.displayName);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { AUDIENCE_BUDGET_BYTES, audienceBundle, DEFAULT_DIST } from '../../scripts/bundle-size.mjs';

/*
 * The phone page must stay light on the hall's Wi-Fi: everything dist/audience.html loads (JS and
 * CSS, gzipped) fits in 80,000 bytes. It measures the last build; without one it is skipped.
 */
const bundle = audienceBundle(DEFAULT_DIST);
if (!bundle) console.warn(`audience bundle test skipped: no ${DEFAULT_DIST}/audience.html — run \`npm run build -w apps/web\` first`);

describe('the audience bundle', () => {
  it.skipIf(!bundle)('fits in 80,000 bytes gzipped (JS + CSS reachable from dist/audience.html)', () => {
    if (!bundle) return;
    expect(bundle.files.length).toBeGreaterThan(0);
    expect(bundle.files.some((f) => f.file.endsWith('.js'))).toBe(true);
    expect(bundle.gzipBytes, JSON.stringify(bundle.files)).toBeLessThanOrEqual(AUDIENCE_BUDGET_BYTES);
  });

  it.skipIf(!bundle)('pulls in neither antd, React nor react-query', () => {
    if (!bundle) return;
    for (const f of bundle.files) expect(f.file).not.toMatch(/antd|react|vendor|query/i);
  });
});

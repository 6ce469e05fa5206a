import { audienceBundle } from '../apps/web/scripts/bundle-size.mjs';
import { registerBenchmark } from './registry';
import { ensureBuilt } from './server';

registerBenchmark({
  name: 'audience-bundle',
  description: "the audience phone page's JS + CSS, gzipped (target ≤ 80,000 bytes)",
  async run() {
    // Measured on a fresh build of what is committed, not on whatever dist/ happens to hold.
    ensureBuilt();
    const bundle = audienceBundle();
    if (!bundle) throw new Error('apps/web/dist has no audience.html after the build');
    return { gzipBytes: bundle.gzipBytes, rawBytes: bundle.rawBytes, budgetBytes: bundle.budgetBytes, files: bundle.files.length };
  },
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { audienceBundle } from '../apps/web/scripts/bundle-size.mjs';
import { registerBenchmark } from './registry';

const root = path.resolve(import.meta.dirname, '..');

registerBenchmark({
  name: 'audience-bundle',
  description: "the audience phone page's JS + CSS, gzipped (target ≤ 80,000 bytes)",
  async run() {
    // Measured on a fresh build of what is committed, not on whatever dist/ happens to hold.
    const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
    const bundle = audienceBundle();
    if (!bundle) throw new Error('apps/web/dist has no audience.html after the build');
    return { gzipBytes: bundle.gzipBytes, rawBytes: bundle.rawBytes, budgetBytes: bundle.budgetBytes, files: bundle.files.length };
  },
});

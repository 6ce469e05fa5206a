// `npm start`: builds what is stale, then runs the server for a real deployment. Every setting
// comes from the environment as it is (see the README's settings table); on an empty database
// the first admin's password is printed once and written to DATA_DIR/initial-admin-password.txt.

import { ensureBuilt } from './build.mjs';
import { runServer } from './run-server.mjs';

if (process.argv.length > 2) {
  process.stderr.write(`unknown option ${process.argv[2]}\nUsage: npm start (settings come from the environment)\n`);
  process.exit(2);
}

try {
  await ensureBuilt();
} catch (err) {
  process.stderr.write(`build failed: ${err.message}\n`);
  process.exit(1);
}
runServer({ ...process.env });

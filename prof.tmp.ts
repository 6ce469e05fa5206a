import { buildApp } from './apps/server/src/app';
import { loadConfig } from './apps/server/src/config';
import { startupTasks } from './apps/server/src/startup';
const config = loadConfig({ DEMO_MODE: 'true', DATA_DIR: '/tmp/prof-data', LOG_LEVEL: 'silent' });
const app = await buildApp(config, { logger: false });
await startupTasks(app);
const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'lecture-hall-demo' } });
const cookie = `lh_session=${res.cookies.find((c) => c.name === 'lh_session')!.value}`;
for (const url of ['/api/people?page=3&pageSize=20']) {
  for (let i = 0; i < 200; i++) await app.inject({ method: 'GET', url, headers: { cookie } });
  const t = performance.now();
  const n = 1000;
  for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url, headers: { cookie } });
  console.log(url, ((performance.now() - t) / n).toFixed(3), 'ms');
}
await app.close();

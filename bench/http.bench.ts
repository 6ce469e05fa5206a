/**
 * Speed of the platform's HTTP hot paths against the built server in demo mode, autocannon in
 * this process. Each figure comes with `ofBaseline`, its rate over GET /api/health's measured
 * in the same run: these machines are shared and absolute numbers drift.
 */
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import { registerBenchmark } from './registry';
import { builtDemoServer, loginCookie } from './server';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

async function load(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    durationSeconds: DURATION_S,
    connections: CONNECTIONS,
  };
}

let health: ReturnType<typeof load> | null = null;
/** GET /api/health under the same load, once per run: the baseline of the others. */
async function baseline() {
  const { base } = await builtDemoServer();
  health ??= load(`${base}/api/health`);
  return health;
}

async function againstBaseline(pathAndQuery: string) {
  const { base } = await builtDemoServer();
  const rps = (await baseline()).requestsPerSecond;
  const auth = await loginCookie(base);
  const r = await load(`${base}${pathAndQuery}`, { cookie: auth.cookie });
  return { ...r, ofBaseline: Math.round((r.requestsPerSecond / rps) * 100) / 100 };
}

registerBenchmark({
  name: 'api-health',
  description: 'GET /api/health (constant JSON): the framework baseline',
  run: async () => ({ ...(await baseline()), ofBaseline: 1 }),
});

registerBenchmark({
  name: 'api-people-page',
  description: 'GET /api/people, page 3 of 20, signed in as the demo admin',
  run: () => againstBaseline('/api/people?page=3&pageSize=20'),
});

registerBenchmark({
  name: 'api-people-search',
  description: 'GET /api/people?q=王 (name search), signed in as the demo admin',
  run: () => againstBaseline(`/api/people?q=${encodeURIComponent('王')}&pageSize=20`),
});

async function rosterWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('干部花名册');
  ws.addRow(['姓名', '性别', '出生日期', '单位', '职务', '职级', '政治面貌', '手机号', '参加工作时间']);
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  for (let i = 0; i < rows; i++) {
    const year = 1970 + (i % 30);
    ws.addRow([
      `${surnames[i % surnames.length]}测${i}`,
      i % 2 ? '女' : '男',
      `${year}-0${1 + (i % 9)}-1${i % 10}`,
      '市卫健委/办公室',
      '科员',
      '一级科员',
      '中共党员',
      `139${String(i).padStart(8, '0')}`,
      `${year + 23}-07-01`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

registerBenchmark({
  name: 'roster-import-dry-run',
  description: 'POST /api/people/import?dryRun=true with a 5,000-row workbook, median of 3',
  async run() {
    const { base } = await builtDemoServer();
    const auth = await loginCookie(base);
    const file = await rosterWorkbook(5000);
    const runs: Array<{ ms: number; rows: number; problems: number }> = [];
    for (let i = 0; i < 3; i++) {
      const form = new FormData();
      form.append('file', new Blob([file]), 'roster.xlsx');
      const started = performance.now();
      const res = await fetch(`${base}/api/people/import?dryRun=true`, {
        method: 'POST',
        headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf },
        body: form,
      });
      const report = (await res.json()) as { rows: number; problems: unknown[] };
      runs.push({ ms: Math.round(performance.now() - started), rows: report.rows, problems: report.problems.length });
    }
    const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
    return { rows: runs[0]!.rows, problems: runs[0]!.problems, medianMs: sorted[1], runsMs: runs.map((r) => r.ms) };
  },
});

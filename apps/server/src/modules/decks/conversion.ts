import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { type BlobStore, removeQuietly, tempPath } from '../../storage';
import { decksRepository } from './decks.repository';
import { countPdfPages } from './pdf-pages';

/*
 * PPTX → PDF previews, made by LibreOffice in the background. Each instance that has soffice
 * runs one worker, which converts one deck at a time; instances share the queue through the
 * deck_versions table (conversion_status 'queued'), and a conditional update decides which
 * instance takes a job.
 */

export const NO_SOFFICE_MESSAGE = '服务器未安装 LibreOffice，暂不能在线预览 PPTX，请下载后查看';
export const FAILED_MESSAGE = 'PPTX 转换为 PDF 失败，请下载原文件查看，或另存为 PDF 后重新上传';
export const TIMEOUT_MESSAGE = 'PPTX 转换超时，请下载原文件查看，或另存为 PDF 后重新上传';

export interface ConversionOptions {
  pollMs: number;
  timeoutMs: number;
  /** How long stop() waits for the job in flight before killing soffice. */
  graceMs: number;
}
export const DEFAULT_CONVERSION: ConversionOptions = { pollMs: 1000, timeoutMs: 120_000, graceMs: 10_000 };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * LibreOffice's converter: SOFFICE_PATH when set (and executable), else `soffice` or
 * `libreoffice` found on PATH; null when there is none.
 */
export function findSoffice(configured: string | undefined, searchPath: string | undefined): string | null {
  if (configured) return isExecutable(configured) ? configured : null;
  for (const dir of (searchPath ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

class ConversionAborted extends Error {}

type ConversionPatch = Omit<Parameters<typeof decksRepository.updateConversion>[2], 'updated_at'>;

/**
 * Runs `soffice --headless --convert-to pdf` on one file with a fresh user profile (two runs
 * must not share one: LibreOffice locks it), in its own process group so that a timeout or a
 * shutdown kills soffice.bin too. Resolves with the PDF's path.
 */
export function runSoffice(soffice: string, input: string, workDir: string, timeoutMs: number, track: (child: ChildProcess | null) => void): Promise<string> {
  const outDir = path.join(workDir, 'out');
  const profile = pathToFileURL(path.join(workDir, 'profile')).href;
  return new Promise((resolve, reject) => {
    fs.mkdirSync(outDir, { recursive: true });
    const child = spawn(soffice, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, input], {
      cwd: workDir,
      detached: true,
      stdio: 'ignore',
    });
    track(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      track(null);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      track(null);
      const pdf = path.join(outDir, `${path.basename(input, path.extname(input))}.pdf`);
      if (timedOut) reject(Object.assign(new Error('timeout'), { timedOut: true }));
      else if (signal) reject(new ConversionAborted(`soffice killed by ${signal}`));
      else if (code === 0 && fs.existsSync(pdf)) resolve(pdf);
      else reject(new Error(`soffice exited with ${code}`));
    });
  });
}

function killGroup(child: ChildProcess) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** One worker per instance: polls for queued PPTX versions and converts them, one at a time. */
export class ConversionWorker {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private child: ChildProcess | null = null;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly storage: BlobStore,
    private readonly soffice: string,
    private readonly options: ConversionOptions = DEFAULT_CONVERSION,
  ) {}

  start(): void {
    this.stopping = false;
    this.schedule();
  }

  /** Stops polling, lets the job in flight finish within the grace period, then kills soffice (the job goes back to the queue). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const job = this.inFlight;
    if (!job) return;
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      graceTimer = setTimeout(() => {
        if (this.child) killGroup(this.child);
        resolve();
      }, this.options.graceMs);
    });
    await Promise.race([job, grace]);
    await job;
    clearTimeout(graceTimer);
  }

  /** Runs one poll now (tests and the upload path use it to avoid waiting for the timer). */
  poke(): void {
    if (this.stopping || this.inFlight) return;
    this.inFlight = this.tick().finally(() => {
      this.inFlight = null;
    });
  }

  private schedule() {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.poke();
      const again = () => this.schedule();
      if (this.inFlight) this.inFlight.then(again, again);
      else again();
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let jobId: string | null = null;
    try {
      const staleBefore = new Date(this.clock.now().getTime() - 2 * this.options.timeoutMs).toISOString();
      const job = await decksRepository.findConvertible(this.db, staleBefore);
      if (!job) return;
      if (!(await decksRepository.claim(this.db, job, isoNow(this.clock)))) return;
      jobId = job.id;
      await this.convert(job.id);
    } catch {
      // A poll that fails (the database restarting, the app closing) is retried at the next one.
      if (jobId) await this.finish(jobId, { conversion_status: 'failed', conversion_progress: 0, conversion_message: FAILED_MESSAGE }).catch(() => {});
    }
  }

  private finish(id: string, patch: ConversionPatch) {
    return decksRepository.updateConversion(this.db, id, { ...patch, updated_at: isoNow(this.clock) });
  }

  /** Converts one claimed version; its outcome is recorded only after the work folder is gone. */
  private async convert(id: string): Promise<void> {
    const row = await decksRepository.findRow(this.db, id);
    if (!row) return;
    const workDir = await tempPath(this.config, '-convert');
    let outcome: ConversionPatch;
    try {
      await fs.promises.mkdir(workDir, { recursive: true });
      const input = path.join(workDir, 'deck.pptx');
      await fs.promises.writeFile(input, await this.storage.open(row.sha256));
      await this.finish(id, { conversion_status: 'running', conversion_progress: 50 });
      outcome = await runSoffice(this.soffice, input, workDir, this.options.timeoutMs, (c) => {
        this.child = c;
      }).then(
        async (pdf): Promise<ConversionPatch> => {
          const pageCount = await countPdfPages(pdf);
          const stored = await this.storage.put({ path: pdf });
          return { conversion_status: 'done', conversion_progress: 100, conversion_message: null, preview_sha256: stored.sha256, page_count: pageCount };
        },
        (err): ConversionPatch => {
          // Shut down mid-job: another instance, or this one after its restart, takes it again.
          if (err instanceof ConversionAborted && this.stopping) return { conversion_status: 'queued', conversion_progress: 0, conversion_message: null };
          const timedOut = (err as { timedOut?: boolean }).timedOut === true;
          return { conversion_status: 'failed', conversion_progress: 0, conversion_message: timedOut ? TIMEOUT_MESSAGE : FAILED_MESSAGE };
        },
      );
    } finally {
      await removeQuietly(workDir);
    }
    await this.finish(id, outcome);
  }
}

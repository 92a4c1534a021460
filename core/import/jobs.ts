import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { AppConfig } from '../config.js';
import { inTransaction } from '../db/transaction.js';
import { ImportJob, type ImportStatus } from './import-job.js';

/**
 * Import jobs: the row in `import_job` and the files of the job in the import directory.
 *
 * Files, all named after the job id:
 * - `<id>.xlsx`        the upload; deleted once validated.
 * - `<id>.rows.jsonl`  the valid rows, normalised, one JSON array a line; deleted once imported.
 * - `<id>.errors.jsonl` each invalid row: its cells as uploaded and its problems (the error workbook).
 *
 * The directory is SHIXUN_IMPORT_DIR, else `imports/` next to the SQLite file, else
 * `data/imports`. Several API processes must share it (same host or a shared volume):
 * any of them may serve a job's error workbook or commit it. Files older than a week are
 * swept when the next upload arrives.
 */
export const ERRORS_IN_STATUS = 200;
/** A job nobody touched for this long while validating or importing lost its process. */
export const STALE_MS = 120_000;
const KEEP_FILES_MS = 7 * 24 * 3600_000;

export function importDir(config: AppConfig): string {
  const dir = process.env.SHIXUN_IMPORT_DIR
    ? resolve(process.env.SHIXUN_IMPORT_DIR)
    : config.dialect === 'sqlite' && config.sqlitePath !== ':memory:'
      ? join(dirname(resolve(config.sqlitePath)), 'imports')
      : resolve('data/imports');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface JobFiles {
  upload: string;
  rows: string;
  errors: string;
}

export function jobFiles(dir: string, id: string): JobFiles {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`bad job id ${id}`);
  return { upload: join(dir, `${id}.xlsx`), rows: join(dir, `${id}.rows.jsonl`), errors: join(dir, `${id}.errors.jsonl`) };
}

export const newJobId = () => randomUUID();

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** Deletes job files older than a week (best effort). */
export function sweepOldFiles(dir: string, now = Date.now()): void {
  try {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      try {
        if (now - statSync(p).mtimeMs > KEEP_FILES_MS) rmSync(p, { force: true });
      } catch {
        /* gone already */
      }
    }
  } catch {
    /* no directory */
  }
}

export async function createJob(ds: DataSource, id: string, actor: Actor, kind: string, fileName: string, fileSize: number): Promise<ImportJob> {
  const now = new Date();
  const job = Object.assign(new ImportJob(), {
    id, kind, status: 'validating' as ImportStatus, actor: actor.id, role: actor.role, regionId: actor.regionId ?? null,
    institutionId: actor.institutionId ?? null, fileName: fileName.slice(0, 255), fileSize, total: 0, processed: 0, valid: 0,
    invalid: 0, imported: 0, progress: 0, errorCount: 0, errors: null, header: null, regions: null, mode: null, messageZh: null,
    messageEn: null, validateMs: null, importMs: null, createdAt: now, updatedAt: now,
  });
  await inTransaction(ds, (em) => em.getRepository(ImportJob).insert(job));
  return job;
}

/** Writes some of a job's columns (and its heartbeat), on `em` when given, else in a transaction of its own. */
export async function updateJob(ds: DataSource, id: string, values: Partial<ImportJob>, em?: EntityManager): Promise<void> {
  const set = { ...values, updatedAt: new Date() };
  if (em) await em.getRepository(ImportJob).update({ id }, set);
  else await inTransaction(ds, (tx) => tx.getRepository(ImportJob).update({ id }, set));
}

/** Moves a job from one status to another only if it is still in the first (one committer among processes). */
export async function claimJob(ds: DataSource, id: string, from: ImportStatus, values: Partial<ImportJob>): Promise<boolean> {
  return inTransaction(ds, async (em) => {
    const r = await em
      .createQueryBuilder()
      .update(ImportJob)
      .set({ ...values, updatedAt: new Date() })
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return (r.affected ?? 0) > 0;
  });
}

/** The job if it exists and belongs to the actor; a stale running job is marked failed first. */
export async function loadJob(ds: DataSource, id: string, actor: Actor): Promise<ImportJob | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const job = await ds.getRepository(ImportJob).findOneBy({ id });
  // The uploader acting in the same role and scope (a user may switch role bindings).
  if (!job || job.actor !== actor.id || job.role !== actor.role) return null;
  if ((job.regionId ?? null) !== (actor.regionId ?? null) || (job.institutionId ?? null) !== (actor.institutionId ?? null)) return null;
  if ((job.status === 'validating' || job.status === 'importing') && Date.now() - new Date(job.updatedAt).getTime() > STALE_MS) {
    // An import runs in one transaction: when its process died, the database rolled it back
    // and the job can be committed again. A validation has to start over.
    const values: Partial<ImportJob> =
      job.status === 'importing'
        ? {
            status: 'validated', progress: 1, mode: null,
            messageZh: '上次导入中断（处理该任务的服务进程已退出），未导入任何数据，可重新提交',
            messageEn: 'The last import was interrupted (the server process handling it stopped); nothing was imported: commit again',
          }
        : {
            status: 'failed',
            messageZh: '校验中断（处理该任务的服务进程已退出），请重新上传',
            messageEn: 'Validation was interrupted (the server process handling it stopped): upload the file again',
          };
    if (await claimJob(ds, id, job.status, values)) Object.assign(job, values);
    else return ds.getRepository(ImportJob).findOneBy({ id });
  }
  return job;
}

export interface JobView {
  id: string;
  kind: string;
  status: ImportStatus;
  fileName: string;
  total: number;
  processed: number;
  valid: number;
  invalid: number;
  imported: number;
  progress: number;
  errorCount: number;
  errors: { row: number; field: string; column: string; messageZh: string; messageEn: string }[];
  mode: string | null;
  message: string | null;
  messageZh: string | null;
  messageEn: string | null;
  validateMs: number | null;
  importMs: number | null;
  createdAt: string;
  updatedAt: string;
}

export function jobView(job: ImportJob, english = false): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.fileName,
    total: job.total,
    processed: job.processed,
    valid: job.valid,
    invalid: job.invalid,
    imported: job.imported,
    progress: Math.round(Math.min(1, Math.max(0, Number(job.progress))) * 1000) / 1000,
    errorCount: job.errorCount,
    errors: job.errors ? JSON.parse(job.errors) : [],
    mode: job.mode,
    message: (english ? job.messageEn : job.messageZh) ?? null,
    messageZh: job.messageZh,
    messageEn: job.messageEn,
    validateMs: job.validateMs,
    importMs: job.importMs,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
  };
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import type { AppConfig } from '../config.js';
import { regionLike } from '../db/region-scope.js';
import { Institution } from '../entities/index.js';
import { InstitutionKind } from '../entities/enums.js';
import type { Context } from '../graphql/context.js';
import { wantsEnglish } from '../graphql/errors.js';
import { Loaders } from '../graphql/loaders.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import { teacherResource } from '../resources/teacher.js';
import { ExportProblem, exportList } from './export.js';
import { claimJob, createJob, importDir, jobFiles, jobView, loadJob, newJobId, removeFile, sweepOldFiles } from './jobs.js';
import { FileProblem, commitTeacherImport, commitViolations, validateTeacherFile, type ImportDeps } from './teacher-import.js';
import { UploadProblem, receiveUpload } from './upload.js';
import { writeErrorWorkbook, writeTemplate, type TemplateSchool } from './workbooks.js';
import { sniffFile } from './xlsx-file.js';

/**
 * Roster import and list export over plain HTTP (files do not fit GraphQL), authenticated
 * like /graphql (Bearer token or the shixun_token cookie):
 *
 *   GET  /import/teachers/template        the .xlsx template (教师名单, 填写说明, 学校列表 in the caller's scope)
 *   POST /import/teachers                 upload (multipart or raw .xlsx body) → 202 job, or 400 for a bad file
 *   GET  /import/jobs/:id                 { status, total, processed, valid, invalid, progress, errors[≤200] … }
 *   GET  /import/jobs/:id/errors.xlsx     every invalid row as uploaded, with its problems
 *   POST /import/jobs/:id/commit?mode=all|valid   → 202 importing; 409 when the file has errors and mode≠valid
 *   GET  /export/<Resource>.xlsx?filter=<JSON>&sort=&order=   any list (core/import/export.ts)
 *
 * Who may import: the platform and the roles that may write teachers (teacherResource.writeRoles);
 * a job is visible only to the actor (same id, role and scope) who uploaded it.
 * Errors are JSON { code, message, messageZh, messageEn } (message in the Accept-Language).
 */
export const IMPORT_ROLES: readonly Role[] = ['platform', ...(teacherResource.writeRoles ?? [])];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STATUS_ZH: Record<string, string> = { validating: '校验中', validated: '已校验', importing: '导入中', done: '已完成', failed: '失败' };

export interface ImportRouteDeps {
  config: AppConfig;
  ds: DataSource;
  plugins: PluginRuntime;
  schema: GraphQLSchema;
  actorFrom: (req: express.Request, secret: string) => Promise<Actor | null>;
}

const english = (req: express.Request) => wantsEnglish(req.headers['accept-language']);

function fail(req: express.Request, res: express.Response, status: number, code: string, messageZh: string, messageEn: string, extra: Record<string, unknown> = {}) {
  res.status(status).json({ code, message: english(req) ? messageEn : messageZh, messageZh, messageEn, ...extra });
}

function attachment(name: string, ascii: string) {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function mountImportRoutes(app: express.Express, deps: ImportRouteDeps): void {
  const { config, ds, plugins } = deps;
  const dir = importDir(config);
  const importDeps: ImportDeps = { ds, plugins, dir };
  let lastSweep = 0;

  const authenticate = async (req: express.Request, res: express.Response, roles?: readonly Role[]): Promise<Actor | null> => {
    const actor = await deps.actorFrom(req, config.tokenSecret);
    if (!actor) {
      fail(req, res, 401, 'UNAUTHENTICATED', '请先登录', 'Please log in');
      return null;
    }
    if (roles && !roles.includes(actor.role)) {
      fail(req, res, 403, 'FORBIDDEN', '您的角色无权导入教师名单', 'Your role may not import teachers');
      return null;
    }
    return actor;
  };

  /** Runs a handler, turning a thrown error into a JSON 500 (or nothing when the response has started). */
  const handle = (fn: (req: express.Request, res: express.Response) => Promise<void>) => (req: express.Request, res: express.Response) => {
    fn(req, res).catch((err) => {
      console.error(`[${req.method} ${req.path}]`, err);
      if (res.headersSent) res.destroy(err as Error);
      else fail(req, res, 500, 'INTERNAL_SERVER_ERROR', '服务器内部错误', 'Internal server error');
    });
  };

  const jobOf = async (req: express.Request, res: express.Response, actor: Actor) => {
    const job = await loadJob(ds, String(req.params.id), actor);
    if (!job) fail(req, res, 404, 'NOT_FOUND', `未找到导入任务 ${req.params.id}`, `Import job ${req.params.id} not found`);
    return job;
  };

  app.get('/import/teachers/template', handle(async (req, res) => {
    const actor = await authenticate(req, res, IMPORT_ROLES);
    if (!actor) return;
    const qb = ds
      .getRepository(Institution)
      .createQueryBuilder('s')
      .leftJoin('region', 'rg', 'rg.id = s.regionId')
      .select(['s.code AS code', 's.name AS name', 's.regionId AS regionId', 'rg.name AS regionName'])
      .where('s.kind = :kind', { kind: InstitutionKind.school })
      .orderBy('s.regionId')
      .addOrderBy('s.name')
      .limit(10_001);
    if (actor.role === 'bureau') qb.andWhere('s.regionId LIKE :r', { r: regionLike(actor.regionId ?? '-') });
    if (actor.role === 'school') qb.andWhere('s.id = :id', { id: actor.institutionId ?? -1 });
    const schools = (await qb.getRawMany()) as TemplateSchool[];
    res.setHeader('content-type', XLSX);
    res.setHeader('content-disposition', attachment('教师名单导入模板.xlsx', 'teacher-import-template.xlsx'));
    res.setHeader('cache-control', 'no-store');
    await writeTemplate(res, schools.slice(0, 10_000), schools.length > 10_000);
    res.end();
  }));

  app.post('/import/teachers', handle(async (req, res) => {
    const actor = await authenticate(req, res, IMPORT_ROLES);
    if (!actor) return req.resume(), undefined;
    if (Date.now() - lastSweep > 3600_000) {
      lastSweep = Date.now();
      sweepOldFiles(dir);
    }
    const id = newJobId();
    const files = jobFiles(dir, id);
    let upload: { fileName: string; size: number };
    try {
      upload = await receiveUpload(req, files.upload);
    } catch (e) {
      if (e instanceof UploadProblem) return fail(req, res, e.status, e.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', e.messageZh, e.messageEn);
      throw e;
    }
    const kind = await sniffFile(files.upload);
    if (kind.kind !== 'xlsx') {
      removeFile(files.upload);
      const [zh, en] =
        kind.kind === 'xls'
          ? ['这是旧版 Excel（.xls）文件或加密的工作簿，请在 Excel 中另存为 .xlsx（不设密码）后上传', 'This is an old Excel (.xls) file or an encrypted workbook: save it as .xlsx (without a password) and upload that']
          : kind.kind === 'zip'
            ? ['文件是压缩包但不是 Excel 工作簿（.xlsx）', 'The file is a zip archive but not an Excel workbook (.xlsx)']
            : ['文件不是 Excel 工作簿（.xlsx），请下载导入模板填写后上传', 'The file is not an Excel workbook (.xlsx): fill in the import template and upload it'];
      return fail(req, res, 400, 'BAD_FILE', zh, en);
    }
    const job = await createJob(ds, id, actor, 'teachers', upload.fileName, upload.size);
    // Respond once the header row is checked (a wrong file is a 400 now); rows are validated in the background.
    const problem = await new Promise<FileProblem | null>((resolve) => {
      void validateTeacherFile(importDeps, job, actor, kind.sheetBytes, resolve);
    });
    if (problem) return fail(req, res, 400, 'BAD_FILE', problem.messageZh, problem.messageEn, { jobId: id });
    const fresh = await loadJob(ds, id, actor);
    res.status(202).json(jobView(fresh ?? job, english(req)));
  }));

  app.get('/import/jobs/:id', handle(async (req, res) => {
    const actor = await authenticate(req, res);
    if (!actor) return;
    const job = await jobOf(req, res, actor);
    if (!job) return;
    res.setHeader('cache-control', 'no-store');
    res.json(jobView(job, english(req)));
  }));

  app.get('/import/jobs/:id/errors.xlsx', handle(async (req, res) => {
    const actor = await authenticate(req, res);
    if (!actor) return;
    const job = await jobOf(req, res, actor);
    if (!job) return;
    if (job.status === 'validating' || !job.header)
      return fail(req, res, 409, 'CONFLICT', '文件尚未校验完成', 'The file has not been validated yet');
    const files = jobFiles(dir, job.id);
    if (!existsSync(files.errors)) return fail(req, res, 410, 'GONE', '错误清单已过期删除，请重新上传文件', 'The error list has expired: upload the file again');
    res.setHeader('content-type', XLSX);
    const base = job.fileName.replace(/\.xlsx$/i, '');
    res.setHeader('content-disposition', attachment(`${base}-错误行.xlsx`, 'import-errors.xlsx'));
    res.setHeader('cache-control', 'no-store');
    await writeErrorWorkbook(res, files.errors, JSON.parse(job.header));
    res.end();
  }));

  app.post('/import/jobs/:id/commit', handle(async (req, res) => {
    const actor = await authenticate(req, res, IMPORT_ROLES);
    if (!actor) return;
    const job = await jobOf(req, res, actor);
    if (!job) return;
    const modeArg = req.query.mode === undefined ? 'all' : String(req.query.mode);
    if (modeArg !== 'all' && modeArg !== 'valid')
      return fail(req, res, 400, 'BAD_USER_INPUT', `mode 须为 all 或 valid（实际 ${modeArg}）`, `mode must be all or valid (got ${modeArg})`);
    if (job.status !== 'validated')
      return fail(req, res, 409, 'CONFLICT', `该导入任务当前状态为“${STATUS_ZH[job.status] ?? job.status}”，不能提交导入`, `The import job is ${job.status} and cannot be committed`, { status: job.status });
    if (job.valid === 0)
      return fail(req, res, 409, 'NOTHING_TO_IMPORT', `文件中没有可导入的正确行（${job.invalid} 行均有错误），未导入任何数据`, `No row of the file is valid (${job.invalid} rows have errors); nothing was imported`, { invalid: job.invalid, valid: 0 });
    if (job.invalid > 0 && modeArg !== 'valid')
      return fail(
        req, res, 409, 'HAS_ERRORS',
        `文件中有 ${job.invalid} 行错误，未导入任何数据。请下载错误清单修改后重新上传，或选择“仅导入正确的行”（共 ${job.valid} 行）`,
        `${job.invalid} rows of the file have errors, so nothing was imported. Fix them and upload again, or choose to import only the ${job.valid} valid rows (mode=valid)`,
        { invalid: job.invalid, valid: job.valid },
      );
    const violations = await commitViolations(importDeps, job, actor);
    if (violations.length)
      return fail(req, res, 409, 'RULE_VIOLATION', violations.map((v) => `${v.rule} ${v.messageZh}`).join('；'), violations.map((v) => `${v.rule} ${v.messageEn}`).join('; '), { violations });
    const files = jobFiles(dir, job.id);
    if (!existsSync(files.rows)) return fail(req, res, 410, 'GONE', '校验结果已过期删除，请重新上传文件', 'The validated rows have expired: upload the file again');
    const claimed = await claimJob(ds, job.id, 'validated', { status: 'importing', mode: modeArg, imported: 0, processed: 0, progress: 0, messageZh: null, messageEn: null });
    if (!claimed) return fail(req, res, 409, 'CONFLICT', '该导入任务已在导入中', 'The import job is already being imported');
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    void commitTeacherImport(importDeps, Object.assign(job, { status: 'importing', mode: modeArg }), actor, requestId);
    const fresh = await loadJob(ds, job.id, actor);
    res.status(202).json(jobView(fresh ?? job, english(req)));
  }));

  app.get('/export/:file', handle(async (req, res) => {
    const file = String(req.params.file);
    if (!/\.xlsx$/i.test(file)) return fail(req, res, 404, 'NOT_FOUND', '只支持导出 .xlsx', 'Only .xlsx exports are available');
    const actor = await authenticate(req, res);
    if (!actor) return;
    const ctx: Context & { actor: Actor } = {
      actor, ds, config, plugins, loaders: new Loaders(ds), english: english(req),
      requestId: (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
    };
    const q = req.query;
    try {
      await exportList(res, deps.schema, ctx, {
        resource: file.replace(/\.xlsx$/i, ''),
        filter: q.filter,
        sort: (q.sort ?? q.sortField) as string | undefined,
        order: (q.order ?? q.sortOrder) as string | undefined,
      });
      res.end();
    } catch (e) {
      if (e instanceof ExportProblem && !res.headersSent) return fail(req, res, e.status, e.code, e.messageZh, e.messageEn);
      throw e;
    }
  }));
}

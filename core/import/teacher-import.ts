import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { managesTeacher } from '../auth/masking.js';
import { AuditEvent, Institution } from '../entities/index.js';
import { InstitutionKind } from '../entities/enums.js';
import { inTransaction } from '../db/transaction.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { Violation } from '../plugin-host/types.js';
import { ImportJob } from './import-job.js';
import { ERRORS_IN_STATUS, jobFiles, removeFile, updateJob } from './jobs.js';
import { columnLabel, matchHeader, missingColumns, parseTeacherRow, type HeaderMap, type ParsedTeacher, type RowProblem } from './teacher-columns.js';
import { readSheetRows, type CellValue } from './xlsx-rows.js';

/**
 * Teacher roster import: validate a whole file first (nothing written), then, when the
 * user commits, write its valid rows.
 *
 * Validation streams the sheet (xlsx-rows.ts) and checks rows in chunks of 1,000: field
 * rules (teacher-columns.ts), duplicate ID numbers within the file (a map of the file's ID
 * numbers: ~100 bytes a row, the one thing that grows with the file) and against the
 * database (one IN query per chunk), the school (by code or name, one query per chunk for
 * schools not seen yet) and the importer's scope over it (platform: any school; bureau:
 * schools in its region subtree; school admin: its own school — the same rule as the
 * teacher scope), and the region plugins' `teacher.update` rule point (once per region).
 * Valid rows go to `<id>.rows.jsonl`, invalid ones with their problems to `<id>.errors.jsonl`.
 *
 * Commit writes every valid row in ONE transaction — all or nothing: multi-row INSERTs of
 * teachers (500 rows a statement on SQLite, 2,000 on MySQL), one TeacherChange version-1
 * row per teacher, the job's final state and one audit event ('importTeachers') in the same
 * transaction. A file holds at most MAX_ROWS rows, which bounds the transaction. If anything
 * fails (an ID number registered by someone else since validation, a lost connection),
 * nothing of the file is in the database and the job says why.
 */
export const MAX_ROWS = Number(process.env.SHIXUN_IMPORT_MAX_ROWS ?? 100_000);
const CHUNK = 1000;
const SKIP_SHEETS = new Set(['填写说明', '学校列表', 'instructions', 'schools', 'readme']);

export class FileProblem extends Error {
  constructor(readonly messageZh: string, readonly messageEn: string) {
    super(messageEn);
  }
}

export interface ImportDeps {
  ds: DataSource;
  plugins: PluginRuntime;
  dir: string;
}

/** Today in China (YYYY-MM-DD). */
export const chinaToday = (now = new Date()) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

interface SchoolRow {
  id: number;
  name: string;
  code: string | null;
  regionId: string;
}

/** Schools named by the file, looked up by code and name once each. */
class SchoolDirectory {
  private readonly byCode = new Map<string, SchoolRow[]>();
  private readonly byName = new Map<string, SchoolRow[]>();

  constructor(private readonly ds: DataSource, private readonly actor: Actor) {}

  async load(codes: Iterable<string>, names: Iterable<string>): Promise<void> {
    const newCodes = [...new Set(codes)].filter((c) => !this.byCode.has(c));
    const newNames = [...new Set(names)].filter((n) => !this.byName.has(n));
    for (const c of newCodes) this.byCode.set(c, []);
    for (const n of newNames) this.byName.set(n, []);
    for (let i = 0; i < Math.max(newCodes.length, newNames.length); i += 500) {
      const codes = newCodes.slice(i, i + 500);
      const names = newNames.slice(i, i + 500);
      const qb = this.ds
        .getRepository(Institution)
        .createQueryBuilder('s')
        .select(['s.id', 's.name', 's.code', 's.regionId'])
        .where('s.kind = :kind', { kind: InstitutionKind.school });
      const or: string[] = [];
      if (codes.length) or.push('s.code IN (:...codes)');
      if (names.length) or.push('s.name IN (:...names)');
      qb.andWhere(`(${or.join(' OR ')})`, { codes, names });
      for (const s of await qb.getMany()) {
        const row = { id: s.id, name: s.name, code: s.code, regionId: s.regionId };
        if (s.code && this.byCode.has(s.code) && codes.includes(s.code)) this.byCode.get(s.code)!.push(row);
        if (this.byName.has(s.name) && names.includes(s.name)) this.byName.get(s.name)!.push(row);
      }
    }
  }

  inScope(s: SchoolRow): boolean {
    return managesTeacher(this.actor, { id: -1, schoolId: s.id, regionId: s.regionId });
  }

  pick(code: string | null, name: string | null): SchoolRow | RowProblem {
    const label = code ? `代码 ${code}` : `“${name}”`;
    const labelEn = code ? `code ${code}` : `"${name}"`;
    const found = code ? (this.byCode.get(code) ?? []) : (this.byName.get(name!) ?? []);
    if (!found.length)
      return code
        ? { field: 'schoolCode', messageZh: `学校代码“${code}”不存在`, messageEn: `No school has the code ${code}` }
        : { field: 'schoolName', messageZh: `学校“${name}”不存在`, messageEn: `No school is named "${name}"` };
    const mine = found.filter((s) => this.inScope(s));
    if (!mine.length)
      return { field: 'school', messageZh: `学校${label}不在您的管辖范围内`, messageEn: `The school ${labelEn} is outside your scope` };
    if (mine.length > 1)
      return code
        ? { field: 'schoolCode', messageZh: `学校代码“${code}”对应多所学校，请填写学校名称以区分`, messageEn: `Several schools have the code ${code}` }
        : { field: 'schoolName', messageZh: `名为“${name}”的学校有 ${mine.length} 所，请填写学校代码`, messageEn: `${mine.length} schools are named "${name}": give the school code` };
    const school = mine[0]!;
    if (code && name && school.name !== name)
      return { field: 'schoolName', messageZh: `学校代码 ${code} 对应“${school.name}”，与学校名称“${name}”不一致`, messageEn: `School code ${code} is "${school.name}", not "${name}"` };
    return school;
  }
}

const idStatements = new WeakMap<object, Map<number, { pluck(): { all(params: unknown[]): unknown[] } }>>();

/** Which of these ID numbers are registered (SQLite: a cached prepared statement per list length). */
async function registeredIds(ds: DataSource, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const sql = `SELECT idNumber FROM teacher WHERE idNumber IN (${ids.map(() => '?').join(',')})`;
  if (ds.options.type === 'better-sqlite3') {
    const db = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): { pluck(): { all(params: unknown[]): unknown[] } } } }).databaseConnection;
    let byLength = idStatements.get(db);
    if (!byLength) idStatements.set(db, (byLength = new Map()));
    let stmt = byLength.get(ids.length);
    if (!stmt) byLength.set(ids.length, (stmt = db.prepare(sql)));
    return new Set(stmt.pluck().all(ids) as string[]);
  }
  const rows = (await ds.query(sql, ids)) as { idNumber: string }[];
  return new Set(rows.map((r) => r.idNumber));
}

interface PendingRow {
  row: number;
  cells: CellValue[];
  teacher?: ParsedTeacher;
  problems: RowProblem[];
}

export interface RowErrorView {
  row: number;
  field: string;
  column: string;
  messageZh: string;
  messageEn: string;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!text) return;
  if (!out.write(text)) await once(out, 'drain');
}

async function closeStream(out: WriteStream): Promise<void> {
  out.end();
  await finished(out);
}

/**
 * Validates the uploaded file of a job. `onHeader` is called once: with null when the
 * header row was found and has the required columns (rows follow), or with the problem
 * that stops the whole file (not an .xlsx, no header, missing columns). Resolves when the
 * job is validated or failed; never rejects.
 */
export async function validateTeacherFile(
  deps: ImportDeps,
  job: ImportJob,
  actor: Actor,
  sheetBytes: number,
  onHeader: (problem: FileProblem | null) => void,
): Promise<void> {
  const { ds, plugins } = deps;
  const files = jobFiles(deps.dir, job.id);
  const t0 = performance.now();
  const rowsOut = createWriteStream(files.rows);
  const errorsOut = createWriteStream(files.errors);
  let reported = false;
  const report = (p: FileProblem | null) => {
    if (reported) return;
    reported = true;
    onHeader(p);
  };

  const today = chinaToday();
  const now = new Date();
  const schools = new SchoolDirectory(ds, actor);
  const ruleResults = new Map<string, Violation[]>();
  const seen = new Map<string, number>();
  const regions = new Set<string>();
  const firstErrors: RowErrorView[] = [];
  let header: HeaderMap | null = null;
  let headerCells: CellValue[] = [];
  let rowsBeforeHeader = 0;
  let pending: PendingRow[] = [];
  let total = 0;
  let processed = 0;
  let valid = 0;
  let invalid = 0;
  let errorCount = 0;
  let errorBytes = 0;
  let bytes = 0;
  let lastSave = Date.now();

  const saveProgress = async (force = false) => {
    if (!force && Date.now() - lastSave < 500) return;
    lastSave = Date.now();
    const progress = sheetBytes > 0 ? Math.min(0.99, bytes / sheetBytes) : 0;
    await updateJob(ds, job.id, { total, processed, valid, invalid, errorCount, progress, errors: JSON.stringify(firstErrors) });
  };

  const processBatch = async (batch: PendingRow[]) => {
    const withSchool = batch.filter((p) => p.teacher);
    await schools.load(
      withSchool.flatMap((p) => (p.teacher!.schoolCode ? [p.teacher!.schoolCode] : [])),
      withSchool.flatMap((p) => (!p.teacher!.schoolCode && p.teacher!.schoolName ? [p.teacher!.schoolName] : [])),
    );
    const ids = withSchool.map((p) => p.teacher!.idNumber);
    const registered = await registeredIds(ds, ids);
    let okLines = '';
    let badLines = '';
    for (const p of batch) {
      let values: unknown[] | null = null;
      if (p.teacher) {
        const t = p.teacher;
        if (registered.has(t.idNumber)) p.problems.push({ field: 'idNumber', messageZh: `身份证号 ${t.idNumber} 已登记`, messageEn: `ID number ${t.idNumber} is already registered` });
        const school = schools.pick(t.schoolCode, t.schoolName);
        if ('field' in school) p.problems.push(school);
        else {
          let violations = ruleResults.get(school.regionId);
          if (!violations) {
            violations = await plugins.check('teacher.update', { teacherId: null, now }, school.regionId, ds.manager, actor);
            ruleResults.set(school.regionId, violations);
          }
          for (const v of violations) p.problems.push({ field: 'school', messageZh: `${v.rule} ${v.messageZh}`, messageEn: `${v.rule} ${v.messageEn}` });
          if (!p.problems.length) {
            regions.add(school.regionId);
            values = [
              p.row, t.name, t.idNumber, t.gender, t.birthDate, t.phone, school.id, school.regionId, t.stage, t.subject, t.title,
              t.hireDate, t.rural ? 1 : 0, t.isPrivate ? 1 : 0,
            ];
          }
        }
      }
      if (values) {
        valid++;
        okLines += `${JSON.stringify(values)}\n`;
      } else {
        invalid++;
        errorCount += p.problems.length;
        for (const e of p.problems) {
          if (firstErrors.length >= ERRORS_IN_STATUS || errorBytes > 56_000) break;
          const view = { row: p.row, field: e.field, column: columnLabel(e.field), messageZh: e.messageZh, messageEn: e.messageEn };
          // The list is a TEXT column (64 KB on MySQL): long messages end it early.
          errorBytes += Buffer.byteLength(JSON.stringify(view)) + 1;
          if (errorBytes <= 56_000) firstErrors.push(view);
        }
        badLines += `${JSON.stringify({ r: p.row, c: p.cells, e: p.problems.map((e) => [e.field, columnLabel(e.field), e.messageZh, e.messageEn]) })}\n`;
      }
    }
    processed += batch.length;
    await write(rowsOut, okLines);
    await write(errorsOut, badLines);
    await saveProgress();
  };

  // Chunks are checked in order on a promise chain while the parser reads on: the database
  // round trips of one chunk overlap the parsing of the next (at most 3 chunks queued).
  let chain: Promise<void> = Promise.resolve();
  let queued = 0;
  const flush = (): Promise<void> => {
    const batch = pending;
    pending = [];
    if (batch.length) {
      queued++;
      chain = chain.then(() => processBatch(batch)).finally(() => void queued--);
      chain.catch(() => undefined);
    }
    return chain;
  };

  const onRow = (rowNumber: number, cells: CellValue[]): void | Promise<void> => {
    if (!header) {
      const m = matchHeader(cells);
      if (!m) {
        if (++rowsBeforeHeader >= 10) throw noHeader();
        return;
      }
      const missing = missingColumns(m);
      if (missing.zh.length)
        throw new FileProblem(`缺少必填列：${missing.zh.join('、')}（请使用导入模板）`, `Missing required columns: ${missing.en.join(', ')} (use the import template)`);
      header = m;
      headerCells = cells;
      return;
    }
    // The upload is answered once the first data row is here: a file without any is a 400 too.
    report(null);
    if (++total > MAX_ROWS)
      throw new FileProblem(`文件超过 ${MAX_ROWS.toLocaleString('en-US')} 行，请拆分后分批导入`, `The file has more than ${MAX_ROWS.toLocaleString('en-US')} rows: split it and import the parts`);
    const { teacher, problems, idNumber } = parseTeacherRow(cells, header, today);
    if (idNumber) {
      const first = seen.get(idNumber);
      if (first !== undefined) {
        problems.push({ field: 'idNumber', messageZh: `身份证号与第 ${first} 行重复`, messageEn: `The ID number repeats row ${first}` });
      } else seen.set(idNumber, rowNumber);
    }
    pending.push({ row: rowNumber, cells, teacher: problems.length ? undefined : teacher, problems });
    if (pending.length >= CHUNK) {
      const done = flush();
      if (queued >= 3) return done;
    }
  };

  try {
    const sheet = await readSheetRows(files.upload, { pick: (name) => !SKIP_SHEETS.has(name.trim().toLowerCase()), onRow, onBytes: (b) => void (bytes = b) });
    if (!sheet) throw new FileProblem('文件中没有可导入的工作表', 'The workbook has no sheet to import');
    if (!header) throw noHeader();
    await flush();
    await closeStream(rowsOut);
    await closeStream(errorsOut);
    if (total === 0) throw new FileProblem('表头下没有数据行', 'There are no rows below the header');
    await updateJob(ds, job.id, {
      status: 'validated', total, processed, valid, invalid, errorCount, progress: 1, errors: JSON.stringify(firstErrors),
      header: JSON.stringify(headerCells), regions: JSON.stringify([...regions]), validateMs: Math.round(performance.now() - t0),
    });
  } catch (err) {
    await chain.catch(() => undefined);
    rowsOut.destroy();
    errorsOut.destroy();
    const problem = err instanceof FileProblem ? err : unreadable(err);
    if (!(err instanceof FileProblem)) console.error(`[import ${job.id}]`, err);
    removeFile(files.rows);
    removeFile(files.errors);
    try {
      await updateJob(ds, job.id, {
        status: 'failed', total, processed, valid, invalid, errorCount, messageZh: problem.messageZh, messageEn: problem.messageEn,
        errors: JSON.stringify(firstErrors), validateMs: Math.round(performance.now() - t0),
      });
    } catch (e) {
      console.error(`[import ${job.id}] could not record the failure`, e);
    }
    report(problem);
  } finally {
    removeFile(files.upload);
    report(null);
  }
}

const noHeader = () =>
  new FileProblem('未找到表头行：前 10 行中须有含“姓名”“身份证号”等列名的一行（请使用导入模板）', 'No header row: one of the first 10 rows must name the columns (姓名, 身份证号 …); use the import template');

function unreadable(err: unknown): FileProblem {
  const detail = String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
  return new FileProblem(`文件无法读取，可能已损坏或不是有效的 .xlsx 文件（${detail}）`, `The file could not be read: it may be damaged or not a valid .xlsx file (${detail})`);
}

// ---------------------------------------------------------------------------------------------
// Commit

/** Region rule refusals at commit time (the plugin windows may have closed since validation). */
export async function commitViolations(deps: ImportDeps, job: ImportJob, actor: Actor): Promise<Violation[]> {
  const regions = job.regions ? (JSON.parse(job.regions) as string[]) : [];
  const out: Violation[] = [];
  const now = new Date();
  for (const r of regions) out.push(...(await deps.plugins.check('teacher.update', { teacherId: null, now }, r, deps.ds.manager, actor)));
  const seen = new Set<string>();
  return out.filter((v) => !seen.has(v.rule + v.messageZh) && !!seen.add(v.rule + v.messageZh));
}

type Row = [number, string, string, string, string, string | null, number, string, string, string, string, string | null, 0 | 1, 0 | 1];

const TEACHER_COLUMNS = ['name', 'idNumber', 'gender', 'birthDate', 'phone', 'schoolId', 'regionId', 'stage', 'subject', 'title', 'hireDate', 'rural', 'isPrivate', 'backboneLevel', 'version'];
const CHANGE_COLUMNS = ['teacherId', 'version', 'actor', 'at', 'before', 'after'];

interface SqliteDb {
  prepare(sql: string): { run(params: unknown[]): { lastInsertRowid: number | bigint; changes: number }; all(params: unknown[]): unknown[] };
}

/**
 * Writes teachers and their first versions on the transaction's connection.
 *
 * SQLite: prepared multi-row statements on better-sqlite3's handle, synchronous like the
 * seed's BulkWriter; a statement's rows get consecutive rowids ending at lastInsertRowid.
 * MySQL/MariaDB: multi-row INSERTs of 2,000 rows through the transaction's query runner;
 * the TeacherChange insert of one batch is in flight while the next batch is built. Ids
 * come from insertId when InnoDB hands out consecutive ids to a multi-row insert
 * (innodb_autoinc_lock_mode 0 or 1 — MariaDB's default — and auto_increment_increment 1),
 * else they are read back by the unique ID number.
 *
 * No duplicate check here: the unique index on teacher.idNumber is the check, and a clash
 * (someone registered the number since validation) fails the whole transaction.
 */
class TeacherWriter {
  private readonly sqlite?: SqliteDb;
  private readonly statements = new Map<string, ReturnType<SqliteDb['prepare']>>();
  readonly ranges: [number, number][] = [];
  private readonly at: string;
  private consecutive: boolean | null = null;
  private inflight: Promise<unknown> = Promise.resolve();

  constructor(private readonly em: EntityManager, private readonly actor: Actor, now: Date) {
    const iso = now.toISOString();
    if (em.connection.options.type === 'better-sqlite3') {
      this.sqlite = (em.connection.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
      this.at = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
    } else this.at = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }

  private stmt(sql: string) {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.sqlite!.prepare(sql)));
    return s;
  }

  private q(name: string) {
    return this.sqlite ? `"${name}"` : `\`${name}\``;
  }

  private insertSql(table: string, columns: string[], n: number) {
    const one = `(${columns.map(() => '?').join(',')})`;
    return `INSERT INTO ${this.q(table)} (${columns.map((c) => this.q(c)).join(',')}) VALUES ${new Array(n).fill(one).join(',')}`;
  }

  private async teacherIds(part: Row[], params: unknown[]): Promise<number[]> {
    const sql = this.insertSql('teacher', TEACHER_COLUMNS, part.length);
    if (this.sqlite) {
      const last = Number(this.stmt(sql).run(params).lastInsertRowid);
      return part.map((_, i) => last - part.length + 1 + i);
    }
    if (this.consecutive === null) {
      const [v] = (await this.em.query('SELECT @@innodb_autoinc_lock_mode AS m, @@auto_increment_increment AS i')) as { m: number | string; i: number | string }[];
      this.consecutive = Number(v?.m) <= 1 && Number(v?.i) === 1;
    }
    const result = (await this.em.query(sql, params)) as { insertId?: number; affectedRows?: number };
    if (this.consecutive && result.insertId && result.affectedRows === part.length) return part.map((_, i) => Number(result.insertId) + i);
    const got = (await this.em.query(`SELECT id, idNumber FROM teacher WHERE idNumber IN (${part.map(() => '?').join(',')})`, part.map((r) => r[2]))) as {
      id: number;
      idNumber: string;
    }[];
    const byNumber = new Map(got.map((g) => [g.idNumber, Number(g.id)]));
    return part.map((r) => byNumber.get(r[2])!);
  }

  async write(rows: Row[]): Promise<void> {
    const per = this.sqlite ? 500 : 2000;
    for (let start = 0; start < rows.length; start += per) {
      const part = rows.slice(start, start + per);
      const params: unknown[] = [];
      for (const r of part) params.push(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], 'none', 1);
      const ids = await this.teacherIds(part, params);
      const changes: unknown[] = [];
      for (let i = 0; i < part.length; i++) {
        const r = part[i]!;
        const after = JSON.stringify({
          name: r[1], idNumber: r[2], gender: r[3], birthDate: r[4], phone: r[5], schoolId: r[6], regionId: r[7], stage: r[8],
          subject: r[9], title: r[10], hireDate: r[11], rural: r[12] === 1, isPrivate: r[13] === 1, backboneLevel: 'none',
        });
        changes.push(ids[i], 1, this.actor.id, this.at, null, after);
      }
      const sql = this.insertSql('teacher_change', CHANGE_COLUMNS, part.length);
      if (this.sqlite) this.stmt(sql).run(changes);
      else {
        await this.inflight;
        const p = this.em.query(sql, changes);
        p.catch(() => undefined); // surfaces at the next await of inflight
        this.inflight = p;
      }
      for (const id of ids) {
        const last = this.ranges[this.ranges.length - 1];
        if (last && last[1] + 1 === id) last[1] = id;
        else this.ranges.push([id, id]);
      }
    }
  }

  /** Waits for the last statement sent (MySQL). */
  async flush(): Promise<void> {
    await this.inflight;
  }
}

/** ID numbers of the file registered by now (row numbers of the first few): explains a unique-index failure. */
async function registeredSince(ds: DataSource, rowsFile: string): Promise<{ count: number; rows: number[] }> {
  let count = 0;
  const rows: number[] = [];
  for await (const batch of batches(rowsFile, 1000)) {
    const ids = batch.map((r) => r[2]);
    const found = (await ds.query(`SELECT idNumber FROM teacher WHERE idNumber IN (${ids.map(() => '?').join(',')})`, ids)) as { idNumber: string }[];
    const taken = new Set(found.map((f) => f.idNumber));
    for (const r of batch) if (taken.has(r[2])) (count++, rows.length < 5 && rows.push(r[0]));
  }
  return { count, rows };
}

const isUniqueViolation = (err: unknown) => /UNIQUE constraint failed|ER_DUP_ENTRY|Duplicate entry/i.test(`${(err as { code?: string })?.code ?? ''} ${(err as Error)?.message ?? ''}`);

async function* batches(path: string, size: number): AsyncGenerator<Row[]> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let batch: Row[] = [];
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line) as Row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Writes a claimed job's valid rows (status 'importing'), all in one transaction; the job
 * ends 'done' (with the audit event, in the same transaction) or 'failed' with nothing
 * written. Resolves when finished; never rejects.
 */
export async function commitTeacherImport(deps: ImportDeps, job: ImportJob, actor: Actor, requestId: string): Promise<void> {
  const { ds } = deps;
  const files = jobFiles(deps.dir, job.id);
  const t0 = performance.now();
  const sqlite = ds.options.type === 'better-sqlite3';
  const expected = Math.max(1, job.valid);
  let written = 0;
  try {
    await inTransaction(ds, async (em) => {
      const writer = new TeacherWriter(em, actor, new Date());
      let lastSave = Date.now();
      for await (const rows of batches(files.rows, 2000)) {
        await writer.write(rows);
        written += rows.length;
        if (Date.now() - lastSave >= 300) {
          lastSave = Date.now();
          // SQLite: the same connection (this process sees it; others at commit). MySQL: its own
          // autocommit connection, so every process sees the progress while the import runs.
          const progress = { imported: written, processed: written, progress: Math.min(0.99, written / expected) };
          if (sqlite) await updateJob(ds, job.id, progress, em);
          else await ds.getRepository(ImportJob).update({ id: job.id }, { ...progress, updatedAt: new Date() });
        }
      }
      await writer.flush();
      const single = JSON.parse(job.regions ?? '[]') as string[];
      await em.getRepository(AuditEvent).insert({
        at: new Date(),
        actor: actor.id,
        role: actor.role,
        bindingId: actor.bindingId ?? null,
        regionId: actor.regionId ?? (single.length === 1 ? single[0]! : null),
        institutionId: actor.institutionId ?? null,
        operation: 'importTeachers',
        entity: 'ImportJob',
        entityId: job.id,
        changes: JSON.stringify([
          { entity: 'Teacher', id: null, op: 'insert', after: { importJob: job.id, fileName: job.fileName, mode: job.mode, rows: written, ids: writer.ranges } },
          { entity: 'TeacherChange', id: null, op: 'insert', after: { rows: written, version: 1 } },
        ]),
        requestId,
      });
      await updateJob(ds, job.id, { status: 'done', imported: written, processed: written, progress: 1, importMs: Math.round(performance.now() - t0) }, em);
    });
    removeFile(files.rows);
  } catch (err) {
    let clash: { count: number; rows: number[] } | null = null;
    if (isUniqueViolation(err)) clash = await registeredSince(ds, files.rows).catch(() => null);
    const problem = clash?.count
      ? new FileProblem(
          `第 ${clash.rows.join('、')} 行等 ${clash.count} 个身份证号在校验后已被登记，未导入任何数据，请重新上传文件`,
          `${clash.count} ID numbers (rows ${clash.rows.join(', ')}…) were registered after validation; nothing was imported: upload the file again`,
        )
      : err instanceof FileProblem
        ? err
        : new FileProblem(
            `导入失败，未导入任何数据（${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)}）`,
            `The import failed and nothing was imported (${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)})`,
          );
    if (!clash?.count && !(err instanceof FileProblem)) console.error(`[import ${job.id}]`, err);
    try {
      await updateJob(ds, job.id, { status: 'failed', imported: 0, progress: 0, messageZh: problem.messageZh, messageEn: problem.messageEn, importMs: Math.round(performance.now() - t0) });
    } catch (e) {
      console.error(`[import ${job.id}] could not record the failure`, e);
    }
  }
}

/** Lines of `<id>.errors.jsonl`: the row as uploaded and its problems. */
export async function* errorRows(path: string): AsyncGenerator<{ r: number; c: CellValue[]; e: [string, string, string, string][] }> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line);
}

/**
 * P4 roster import: a 100,000-row .xlsx (about 1 % of the rows with mistakes) uploaded as the
 * province's bureau through the import API (POST /import/teachers, GET /import/jobs/:id,
 * POST /import/jobs/:id/commit?mode=valid), against raw batched INSERTs of the same valid rows
 * (teacher and its version-1 teacher_change, 2,000 rows a statement, one transaction).
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { makeIdNumber } from '../core/domain/id-number.js';
import { devLogins, type ApiProcess } from './lib/api.js';

export interface P4Setup {
  file: string;
  bytes: number;
  rows: number;
  invalid: number;
  /** The valid rows as the import writes them (for the raw insert). */
  valid: { name: string; idNumber: string; gender: string; birthDate: string; phone: string; schoolId: number; regionId: string; subject: string; hireDate: string }[];
  token: string;
}

export interface P4Result {
  api: {
    seconds: number;
    uploadSeconds: number;
    validateSeconds: number;
    commitSeconds: number;
    validateMs: number | null;
    importMs: number | null;
    total: number;
    valid: number;
    invalid: number;
    imported: number;
    errorSample: { row: number; field: string; messageZh: string; messageEn: string }[];
    rssStart: number;
    rssMax: number;
    rssEnd: number;
  };
  raw: { seconds: number; rows: number };
  check: { importedInDb: number; changesInDb: number; ok: boolean };
}

/** Where the API processes keep import files (core/import/jobs.ts importDir, MySQL): the run's own are removed. */
const IMPORT_DIR = new URL('../data/imports', import.meta.url).pathname;
const BIRTHPLACE = '110101'; // outside the generated provinces: no clash with generated ID numbers
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];

const dayFrom = (base: string, n: number) => new Date(Date.parse(`${base}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Writes the workbook (streaming) with `rows` data rows; every 100th row has a mistake. */
export async function setupP4(db: Connection, api: ApiProcess, file: string, rows: number): Promise<P4Setup> {
  const [schools] = await db.query<RowDataPacket[]>(
    `SELECT MIN(id) AS id, code, MIN(regionId) AS regionId FROM institution WHERE kind = 'school' AND code IS NOT NULL
     GROUP BY code HAVING COUNT(*) = 1 AND MIN(regionId) LIKE '33%' ORDER BY MIN(id) LIMIT 400`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('教师名单');
  ws.addRow(['姓名', '身份证号', '学校代码', '学校名称', '学段', '学科', '职称', '入职日期', '手机号', '乡村教师', '民办']).commit();
  const valid: P4Setup['valid'] = [];
  let invalid = 0;
  for (let k = 0; k < rows; k++) {
    const male = k % 2 === 1;
    const birthDate = dayFrom('1970-01-01', k % 10_000);
    let idNumber = makeIdNumber(BIRTHPLACE, birthDate, 2 * Math.floor(k / 10_000), male ? 'male' : 'female');
    const school = schools[k % schools.length]!;
    let code = String(school.code);
    let subject = ['语文', '数学', '英语', '科学', '体育'][k % 5]!;
    const name = `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}`;
    const phone = `139${String(10_000_000 + k).padStart(8, '0')}`;
    const hireDate = `${Number(birthDate.slice(0, 4)) + 22 + (k % 5)}-09-01`;
    if (k % 100 === 57) {
      invalid++;
      const mistake = Math.floor(k / 100) % 3;
      if (mistake === 0) idNumber = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'); // wrong check digit
      else if (mistake === 1) subject = '';
      else code = '9999999999';
    } else {
      valid.push({ name, idNumber, gender: male ? 'male' : 'female', birthDate, phone, schoolId: Number(school.id), regionId: String(school.regionId), subject, hireDate });
    }
    ws.addRow([name, idNumber, code, null, '小学', subject, '二级教师', hireDate, phone, '否', '否']).commit();
  }
  ws.commit();
  await wb.commit();
  const [token] = await devLogins(api.url, [{ role: 'bureau', regionId: '330000' }]);
  return { file, bytes: statSync(file).size, rows, invalid, valid, token: token! };
}

/** Removes what a run imported (by the benchmark's birthplace code). */
export async function resetP4(db: Connection): Promise<void> {
  await db.query(`DELETE FROM teacher_change WHERE teacherId IN (SELECT id FROM teacher WHERE idNumber LIKE '${BIRTHPLACE}%')`);
  await db.query(`DELETE FROM teacher WHERE idNumber LIKE '${BIRTHPLACE}%'`);
}

/** The physical limit: the same rows with multi-row INSERTs (2,000 a statement) in one transaction. */
export async function runP4Raw(db: Connection, s: P4Setup): Promise<{ seconds: number; rows: number }> {
  await resetP4(db);
  const t0 = performance.now();
  await db.query('START TRANSACTION');
  const at = new Date().toISOString().slice(0, 19).replace('T', ' ');
  for (let k = 0; k < s.valid.length; k += 2000) {
    const part = s.valid.slice(k, k + 2000);
    const [r] = await db.query<import('mysql2').ResultSetHeader>(
      `INSERT INTO teacher (name, idNumber, gender, birthDate, phone, schoolId, regionId, stage, subject, title, hireDate, rural, isPrivate, backboneLevel, version) VALUES ?`,
      [part.map((t) => [t.name, t.idNumber, t.gender, t.birthDate, t.phone, t.schoolId, t.regionId, 'primary', t.subject, 'second', t.hireDate, 0, 0, 'none', 1])]);
    await db.query(`INSERT INTO teacher_change (teacherId, version, actor, at, \`before\`, \`after\`) VALUES ?`,
      [part.map((t, i) => [r.insertId + i, 1, 'bench', at, null, JSON.stringify({ ...t, stage: 'primary', title: 'second', rural: false, isPrivate: false, backboneLevel: 'none' })])]);
  }
  await db.query('COMMIT');
  const seconds = (performance.now() - t0) / 1000;
  await resetP4(db);
  return { seconds, rows: s.valid.length };
}

interface JobView { id: string; status: string; total: number; valid: number; invalid: number; imported: number; validateMs: number | null; importMs: number | null; errors: P4Result['api']['errorSample']; message: string | null }

async function job(base: string, token: string, id: string): Promise<JobView> {
  const r = await fetch(`${base}/import/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return (await r.json()) as JobView;
}

/** Upload, wait for validation, commit the valid rows, wait until done; the API process's memory sampled meanwhile. */
export async function runP4Api(db: Connection, s: P4Setup, api: ApiProcess): Promise<P4Result['api'] & { check: P4Result['check'] }> {
  await resetP4(db);
  const base = api.url.replace(/\/graphql$/, '');
  const rss: number[] = [api.rssMb()];
  const sampler = setInterval(() => rss.push(api.rssMb()), 200);
  try {
    const t0 = performance.now();
    const up = await fetch(`${base}/import/teachers?name=bench-roster.xlsx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: readFileSync(s.file),
    });
    const created = (await up.json()) as JobView;
    if (up.status !== 202) throw new Error(`upload refused: ${up.status} ${JSON.stringify(created)}`);
    const t1 = performance.now();
    let v = created;
    while (v.status === 'validating') {
      await new Promise((r) => setTimeout(r, 100));
      v = await job(base, s.token, created.id);
    }
    if (v.status !== 'validated') throw new Error(`validation ended ${v.status}: ${v.message}`);
    const t2 = performance.now();
    const c = await fetch(`${base}/import/jobs/${created.id}/commit?mode=valid`, { method: 'POST', headers: { authorization: `Bearer ${s.token}` } });
    if (c.status !== 202) throw new Error(`commit refused: ${c.status} ${await c.text()}`);
    let d = await job(base, s.token, created.id);
    while (d.status === 'importing') {
      await new Promise((r) => setTimeout(r, 100));
      d = await job(base, s.token, created.id);
    }
    const t3 = performance.now();
    if (d.status !== 'done') throw new Error(`import ended ${d.status}: ${d.message}`);
    for (const f of readdirSync(IMPORT_DIR)) if (f.startsWith(created.id)) rmSync(join(IMPORT_DIR, f), { force: true });
    const [[t]] = await db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM teacher WHERE idNumber LIKE '${BIRTHPLACE}%'`) as unknown as [RowDataPacket[]];
    const [[ch]] = await db.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM teacher_change WHERE teacherId IN (SELECT id FROM teacher WHERE idNumber LIKE '${BIRTHPLACE}%')`) as unknown as [RowDataPacket[]];
    const importedInDb = Number(t!.n), changesInDb = Number(ch!.n);
    return {
      seconds: (t3 - t0) / 1000, uploadSeconds: (t1 - t0) / 1000, validateSeconds: (t2 - t1) / 1000, commitSeconds: (t3 - t2) / 1000,
      validateMs: v.validateMs, importMs: d.importMs, total: v.total, valid: v.valid, invalid: v.invalid, imported: d.imported,
      errorSample: v.errors.slice(0, 3), rssStart: rss[0]!, rssMax: Math.max(...rss), rssEnd: rss[rss.length - 1]!,
      check: { importedInDb, changesInDb, ok: importedInDb === s.valid.length && changesInDb === s.valid.length && v.invalid === s.invalid && d.imported === s.valid.length },
    };
  } finally {
    clearInterval(sampler);
  }
}

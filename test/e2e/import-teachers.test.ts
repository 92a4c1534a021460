import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../core/domain/id-number.js';
import { readSheetRows, type CellValue } from '../../core/import/xlsx-rows.js';
import { AuditEvent, Institution, Teacher, TeacherChange } from '../../core/entities/index.js';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testDialect } from '../helpers/test-db.js';

/**
 * Teacher roster import (core/import/): template, upload and validation with per-row
 * errors, the refusal to import a file with errors unless asked for the valid rows, the
 * commit (teachers, their version-1 TeacherChange rows, one audit event), the error
 * workbook, scope, and a 5,000-row file (rows/s printed for SQLite and MariaDB).
 */
const importDir = mkdtempSync(join(tmpdir(), 'shixun-imports-'));
process.env.SHIXUN_IMPORT_DIR = importDir;

let s: TestServer;
let w: World;
let base: string;
let bureau: string;
let schoolAdmin: string;

const HEADERS = ['姓名', '身份证号', '学校代码', '学校名称', '学段', '学科', '职称', '入职日期', '手机号', '乡村教师', '民办'];

/** A roster workbook as a user would save it. */
async function roster(rows: unknown[][], headers: string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教师名单');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let seq = 0;
/** A valid, unused ID number (born 1996–1997 in Yuhang: buildWorld's teachers are older). */
function idNumber(): string {
  const n = seq++;
  const day = new Date(Date.UTC(1996, 0, 1) + Math.floor(n / 400) * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber('330110', day, (n % 400) * 2 + 1, 'male');
}

function withBadCheckDigit(id: string): string {
  const c = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + c;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function upload(file: Buffer, token: string, opts: { multipart?: boolean; name?: string } = {}) {
  const name = opts.name ?? '教师名单.xlsx';
  let res: Response;
  if (opts.multipart) {
    const form = new FormData();
    form.append('note', 'roster');
    form.append('file', new Blob([new Uint8Array(file)]), name);
    res = await fetch(`${base}/import/teachers`, { method: 'POST', headers: auth(token), body: form });
  } else {
    res = await fetch(`${base}/import/teachers`, {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x-file-name': encodeURIComponent(name) },
      body: new Uint8Array(file),
    });
  }
  return { status: res.status, body: (await res.json()) as any };
}

async function job(id: string, token: string) {
  const res = await fetch(`${base}/import/jobs/${id}`, { headers: auth(token) });
  return { status: res.status, body: (await res.json()) as any };
}

/** Polls until the job is no longer validating or importing. */
async function settle(id: string, token: string, timeoutMs = 60_000): Promise<any> {
  const t0 = Date.now();
  for (;;) {
    const { body } = await job(id, token);
    if (body.status !== 'validating' && body.status !== 'importing') return body;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function commit(id: string, token: string, mode?: string) {
  const res = await fetch(`${base}/import/jobs/${id}/commit${mode ? `?mode=${mode}` : ''}`, { method: 'POST', headers: auth(token) });
  return { status: res.status, body: (await res.json()) as any };
}

async function readWorkbook(res: Response): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  base = s.url.replace(/\/graphql$/, '');
  await s.ds.getRepository(Institution).update({ id: w.schools.yh1 }, { code: '3301100001' });
  await s.ds.getRepository(Institution).update({ id: w.schools.yh2 }, { code: '3301100002' });
  bureau = await s.tokenFor('bureau', { regionId: '330110' });
  schoolAdmin = await s.tokenFor('school', { institutionId: w.schools.yh1 });
});

afterAll(async () => {
  await s?.close();
  rmSync(importDir, { recursive: true, force: true });
});

describe('roster template', () => {
  it('is an .xlsx with the Chinese headers, instructions and the schools in the caller’s scope', async () => {
    const res = await fetch(`${base}/import/teachers/template`, { headers: auth(schoolAdmin) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const wb = await readWorkbook(res);
    const sheet = wb.getWorksheet('教师名单')!;
    expect(rowValues(sheet, 1)).toEqual(HEADERS);
    const help = wb.getWorksheet('填写说明')!;
    expect(help.getColumn(1).values).toEqual(expect.arrayContaining(['身份证号', '学段']));
    const schools = wb.getWorksheet('学校列表')!;
    expect(schools.rowCount).toBe(2);
    expect(rowValues(schools, 2).slice(0, 2)).toEqual(['3301100001', '余杭区第一小学']);

    const forBureau = await readWorkbook(await fetch(`${base}/import/teachers/template`, { headers: auth(bureau) }));
    expect(forBureau.getWorksheet('学校列表')!.rowCount).toBe(3);
  });

  it('needs a login (token or cookie) and a role that may write teachers', async () => {
    expect((await fetch(`${base}/import/teachers/template`)).status).toBe(401);
    const cookie = await fetch(`${base}/import/teachers/template`, { headers: { cookie: `shixun_token=${encodeURIComponent(schoolAdmin)}` } });
    expect(cookie.status).toBe(200);
    await cookie.arrayBuffer();
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.yh1[0] });
    const refused = await fetch(`${base}/import/teachers/template`, { headers: auth(teacher) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).messageZh).toContain('无权');
  });
});

describe('roster import', () => {
  const good = [idNumber(), idNumber(), idNumber()];
  const bad = withBadCheckDigit(idNumber());
  let jobId: string;

  it('validates every row: one bad check digit → validated with 1 invalid row, its row number and zh/en messages', async () => {
    const file = await roster([
      ['王小明', good[0], '3301100001', '', '小学', '语文', '二级教师', '2018-09-01', '13812345678', '否', '否'],
      ['李小红', bad, '', '余杭区第一小学', '小学', '数学', '一级教师', '2019-09-01', '', '', ''],
      ['张小刚', good[1], '', '余杭区乡村中学', '初中', '英语', '', new Date(Date.UTC(2020, 8, 1)), '', '是', '否'],
      ['赵小丽', good[2], '3301100002', '余杭区乡村中学', '初中', '物理', '未评', '20210901', '0571-88886666', '是', ''],
    ]);
    const up = await upload(file, bureau);
    expect(up.status).toBe(202);
    expect(up.body).toMatchObject({ status: expect.stringMatching(/validating|validated/), fileName: '教师名单.xlsx' });
    jobId = up.body.id;
    const done = await settle(jobId, bureau);
    expect(done).toMatchObject({ status: 'validated', total: 4, processed: 4, valid: 3, invalid: 1, progress: 1, errorCount: 1 });
    expect(done.errors).toEqual([
      { row: 3, field: 'idNumber', column: '身份证号', messageZh: `身份证号校验位错误（${bad}）`, messageEn: `The ID number check digit is wrong (${bad})` },
    ]);
  });

  it('refuses to import a file with errors unless asked for the valid rows (409, zh/en)', async () => {
    for (const mode of [undefined, 'all']) {
      const r = await commit(jobId, bureau, mode);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'HAS_ERRORS', invalid: 1, valid: 3 });
      expect(r.body.messageZh).toContain('文件中有 1 行错误，未导入任何数据');
      expect(r.body.messageEn).toContain('mode=valid');
    }
    const en = await fetch(`${base}/import/jobs/${jobId}/commit`, { method: 'POST', headers: { ...auth(bureau), 'accept-language': 'en' } });
    expect(((await en.json()) as any).message).toContain('nothing was imported');
    expect(await s.ds.getRepository(Teacher).countBy({ idNumber: In(good) })).toBe(0);
  });

  it('lists every invalid row as uploaded, with its problems, in errors.xlsx', async () => {
    const res = await fetch(`${base}/import/jobs/${jobId}/errors.xlsx`, { headers: auth(bureau) });
    expect(res.status).toBe(200);
    const ws = (await readWorkbook(res)).worksheets[0]!;
    expect(rowValues(ws, 1)).toEqual(['原行号', ...HEADERS, '错误说明', 'Errors']);
    expect(ws.rowCount).toBe(2);
    const row = rowValues(ws, 2);
    expect(row.slice(0, 3)).toEqual([3, '李小红', bad]);
    expect(row[HEADERS.length + 1]).toBe(`身份证号：身份证号校验位错误（${bad}）`);
    expect(row[HEADERS.length + 2]).toBe(`idNumber: The ID number check digit is wrong (${bad})`);
  });

  it('with mode=valid imports the valid rows: teachers, a version-1 TeacherChange each, one audit event', async () => {
    const r = await commit(jobId, bureau, 'valid');
    expect(r.status).toBe(202);
    expect(r.body.status).toMatch(/importing|done/);
    const done = await settle(jobId, bureau);
    expect(done).toMatchObject({ status: 'done', imported: 3, progress: 1, mode: 'valid' });

    const teachers = await s.ds.getRepository(Teacher).find({ where: { idNumber: In(good) }, order: { id: 'ASC' } });
    expect(teachers.map((t) => [t.name, t.schoolId, t.regionId, t.stage, t.subject, t.title, t.hireDate, t.phone, t.rural, t.isPrivate, t.version])).toEqual([
      ['王小明', w.schools.yh1, '330110', 'primary', '语文', 'second', '2018-09-01', '13812345678', false, false, 1],
      ['张小刚', w.schools.yh2, '330110', 'junior', '英语', 'none', '2020-09-01', null, true, false, 1],
      ['赵小丽', w.schools.yh2, '330110', 'junior', '物理', 'none', '2021-09-01', '0571-88886666', true, false, 1],
    ]);
    expect(teachers[0]).toMatchObject({ gender: 'male', birthDate: '1996-01-01' });
    expect(await s.ds.getRepository(Teacher).countBy({ idNumber: bad })).toBe(0);

    const changes = await s.ds.getRepository(TeacherChange).find({ where: { teacherId: In(teachers.map((t) => t.id)) } });
    expect(changes).toHaveLength(3);
    for (const c of changes) {
      expect(c).toMatchObject({ version: 1, before: null, actor: 'dev:bureau:330110' });
      const t = teachers.find((x) => x.id === c.teacherId)!;
      expect(JSON.parse(c.after)).toMatchObject({ name: t.name, idNumber: t.idNumber, schoolId: t.schoolId, regionId: '330110', rural: t.rural });
    }
    const events = await s.ds.getRepository(AuditEvent).findBy({ operation: 'importTeachers', entityId: jobId });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'dev:bureau:330110', role: 'bureau', regionId: '330110', entity: 'ImportJob' });
    const summary = JSON.parse(events[0]!.changes);
    expect(summary[0]).toMatchObject({ entity: 'Teacher', op: 'insert', after: { rows: 3, mode: 'valid' } });
    expect(summary[0].after.ids.flatMap(([a, b]: [number, number]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))).toEqual(teachers.map((t) => t.id));

    // Imported teachers are ordinary teachers: the list shows them in scope.
    const list = await s.gql(`{ allTeachers(filter: { q: "${good[0]}" }) { name idNumber } }`, {}, { token: bureau });
    expect(list.data.allTeachers).toEqual([{ name: '王小明', idNumber: good[0] }]);
    expect((await commit(jobId, bureau, 'valid')).status).toBe(409);
  });

  it('a school admin may import only into their own school: another school’s row is a per-row scope error', async () => {
    const mine = idNumber();
    const theirs = idNumber();
    const far = idNumber();
    const file = await roster([
      ['钱一', mine, '', '余杭区第一小学', '小学', '语文', '', '', '', '', ''],
      ['孙二', theirs, '3301100002', '', '初中', '数学', '', '', '', '', ''],
      ['周三', far, '', '重庆市渝中区人和街小学', '小学', '数学', '', '', '', '', ''],
    ]);
    const up = await upload(file, schoolAdmin, { multipart: true });
    expect(up.status).toBe(202);
    const done = await settle(up.body.id, schoolAdmin);
    expect(done).toMatchObject({ status: 'validated', valid: 1, invalid: 2 });
    expect(done.errors).toEqual([
      { row: 3, field: 'school', column: '学校', messageZh: '学校代码 3301100002不在您的管辖范围内', messageEn: 'The school code 3301100002 is outside your scope' },
      { row: 4, field: 'school', column: '学校', messageZh: '学校“重庆市渝中区人和街小学”不在您的管辖范围内', messageEn: 'The school "重庆市渝中区人和街小学" is outside your scope' },
    ]);
    // Someone else's job is not found.
    expect((await job(up.body.id, bureau)).status).toBe(404);
    expect((await commit(up.body.id, bureau, 'valid')).status).toBe(404);
  });

  it('reports duplicates (in the file and already registered), unknown schools and bad fields, each in zh and en', async () => {
    const dup = idNumber();
    const registered = (await s.ds.getRepository(Teacher).findOneByOrFail({ id: w.teachers.yh1[0] })).idNumber;
    const file = await roster([
      ['甲', dup, '', '余杭区第一小学', '小学', '语文', '', '', '', '', ''],
      ['乙', dup, '', '余杭区第一小学', '小学', '语文', '', '', '', '', ''],
      ['丙', registered, '', '余杭区第一小学', '小学', '语文', '', '', '', '', ''],
      ['丁', idNumber(), '', '不存在的学校', '大学', '', '教授', '2999-01-01', '123', '也许', ''],
      ['戊', 330110199601010000, '', '余杭区第一小学', '小学', '语文', '', '', '', '', ''],
      ['', '', '', '', '', '', '', '', '', '', ''],
    ]);
    const up = await upload(file, bureau);
    const done = await settle(up.body.id, bureau);
    expect(done).toMatchObject({ status: 'validated', total: 5, valid: 1, invalid: 4 });
    const byRow = (row: number) => done.errors.filter((e: any) => e.row === row).map((e: any) => e.messageZh);
    expect(byRow(3)).toEqual(['身份证号与第 2 行重复']);
    expect(byRow(4)).toEqual([`身份证号 ${registered} 已登记`]);
    expect(byRow(5)).toEqual([
      '学段须为以下之一：幼儿园、小学、初中、高中、职业教育、特殊教育（实际“大学”）',
      '学科不能为空',
      '职称须为以下之一：未评、三级教师、二级教师、一级教师、副高级教师、正高级教师（实际“教授”）',
      '入职日期不能晚于今天（2999-01-01）',
      '手机号格式不正确（实际“123”）',
      '乡村教师须填“是”或“否”（实际“也许”）',
    ]);
    expect(byRow(6)[0]).toContain('身份证号被 Excel 存成了数字');
    expect(done.errors.every((e: any) => e.messageEn && e.messageZh)).toBe(true);
  });

  it('a file that is not an .xlsx, or lacks the required columns, is a 400 with a clear message', async () => {
    const text = await upload(Buffer.from('姓名,身份证号\n张三,330110199601010011\n'), bureau, { name: 'roster.csv' });
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ code: 'BAD_FILE', messageZh: expect.stringContaining('不是 Excel 工作簿') });
    const xls = await upload(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), bureau, { name: 'old.xls' });
    expect(xls.status).toBe(400);
    expect(xls.body.messageZh).toContain('.xls');
    const noStage = await upload(await roster([['张三', idNumber(), '', '余杭区第一小学', '语文']], ['姓名', '身份证号', '学校代码', '学校名称', '学科']), bureau);
    expect(noStage.status).toBe(400);
    expect(noStage.body).toMatchObject({ code: 'BAD_FILE', messageZh: '缺少必填列：学段（请使用导入模板）', messageEn: 'Missing required columns: stage (use the import template)' });
    const noHeader = await upload(await roster([['a', 'b']], ['x', 'y']), bureau);
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.messageZh).toContain('未找到表头行');
    const truncated = await upload((await roster([['张三', idNumber(), '', '余杭区第一小学', '小学', '语文']])).subarray(0, 300), bureau);
    expect(truncated.status).toBe(400);
    expect((await upload(await roster([]), bureau)).body.messageZh).toBe('表头下没有数据行');
    const anonymous = await fetch(`${base}/import/teachers`, { method: 'POST', body: new Uint8Array(await roster([])) });
    expect(anonymous.status).toBe(401);
  });

  it('writes nothing when the commit fails: an ID number registered after validation stops the whole file', async () => {
    const ids = [idNumber(), idNumber(), idNumber()];
    const up = await upload(await roster(ids.map((id, i) => [`后${i}`, id, '', '余杭区第一小学', '小学', '语文'])), bureau);
    expect((await settle(up.body.id, bureau)).valid).toBe(3);
    // Someone registers the third teacher meanwhile.
    await s.ds.getRepository(Teacher).insert({
      name: '抢先', idNumber: ids[2]!, gender: 'male' as never, birthDate: '1996-01-01', schoolId: w.schools.yh1, regionId: '330110',
      stage: 'primary' as never, subject: '语文',
    });
    expect((await commit(up.body.id, bureau)).status).toBe(202);
    const failed = await settle(up.body.id, bureau);
    expect(failed).toMatchObject({ status: 'failed', imported: 0 });
    expect(failed.messageZh).toBe('第 4 行等 1 个身份证号在校验后已被登记，未导入任何数据，请重新上传文件');
    expect(await s.ds.getRepository(Teacher).countBy({ idNumber: In(ids.slice(0, 2)) })).toBe(0);
    expect(await s.ds.getRepository(AuditEvent).countBy({ entityId: up.body.id })).toBe(0);
  });

  it('imports 5,000 rows with Chinese names intact (rows/s reported)', async () => {
    const n = 5000;
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
    const given = '伟芳娜敏静磊洋艳勇军杰娟涛明超秀霞平刚桂';
    const rows: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const name = `${surnames[i % 20]}${given[(i * 7) % 20]}${given[(i * 13) % 20]}${i}`;
      rows.push([name, idNumber(), '', i % 2 ? '余杭区第一小学' : '余杭区乡村中学', i % 2 ? '小学' : '初中', '语文', '二级教师', '2019-09-01', `138${String(i).padStart(8, '0')}`, '否', '否']);
    }
    const file = await roster(rows);
    const t0 = performance.now();
    const up = await upload(file, bureau);
    expect(up.status).toBe(202);
    const validated = await settle(up.body.id, bureau);
    const t1 = performance.now();
    expect(validated).toMatchObject({ status: 'validated', total: n, valid: n, invalid: 0 });
    expect((await commit(up.body.id, bureau)).status).toBe(202);
    const done = await settle(up.body.id, bureau);
    const t2 = performance.now();
    expect(done).toMatchObject({ status: 'done', imported: n });
    const names = await s.ds.getRepository(Teacher).find({ where: { idNumber: In(rows.map((r) => r[1] as string)) }, select: { name: true } });
    expect(names.map((t) => t.name).sort()).toEqual(rows.map((r) => r[0] as string).sort());
    expect(await s.ds.getRepository(TeacherChange).count()).toBeGreaterThanOrEqual(n);
    const rate = (rowsN: number, ms: number) => Math.round(rowsN / (ms / 1000)).toLocaleString('en-US');
    console.log(
      `[import ${testDialect}] ${n} rows (${(file.length / 1024).toFixed(0)} KB): upload+validate ${(t1 - t0).toFixed(0)} ms (${rate(n, t1 - t0)} rows/s; server ${done.validateMs} ms), ` +
        `commit ${(t2 - t1).toFixed(0)} ms (${rate(n, t2 - t1)} rows/s; server ${done.importMs} ms), total ${rate(n, t2 - t0)} rows/s`,
    );
  });
});

describe('xlsx reading', () => {
  it('reads the same rows with the zip reader and with exceljs, Chinese text intact across chunk boundaries', async () => {
    const file = join(importDir, 'read-test.xlsx');
    // Excel's layout: the sheet stored before the shared strings (exceljs's streaming writer does the same).
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    wb.addWorksheet('填写说明').addRow(['说明']).commit();
    const ws = wb.addWorksheet('教师名单');
    const expected: CellValue[][] = [];
    const add = (cells: unknown[], values: CellValue[]) => {
      ws.addRow(cells).commit();
      expected.push(values);
    };
    add(HEADERS, HEADERS);
    add([{ richText: [{ text: '欧阳' }, { font: { bold: true }, text: '修' }] }, 'a&b <c> "d"', 12.5, true, null, '行一\n行二'], ['欧阳修', 'a&b <c> "d"', 12.5, true, null, '行一\n行二']);
    for (let i = 0; i < 6000; i++) {
      const name = `${'王李张刘陈杨黄赵吴周'[i % 10]}${'伟芳娜敏静磊洋艳勇军'[(i * 3) % 10]}${'一二三四五六七八九十'[(i * 7) % 10]}${i}`;
      add([name, `学校${i % 37}`, i], [name, `学校${i % 37}`, i]);
    }
    await ws.commit();
    await wb.commit();
    for (const engine of ['zip', 'exceljs'] as const) {
      const rows: CellValue[][] = [];
      const sheet = await readSheetRows(file, { engine, pick: (n) => n !== '填写说明', onRow: (_r, cells) => void rows.push(cells) });
      expect(sheet).toBe('教师名单');
      expect(rows.length).toBe(expected.length);
      expect(rows).toEqual(expected);
    }
  });
});

describe('list export', () => {
  it('exports a list to .xlsx with the console’s labels, scoped and filtered like allTeachers', async () => {
    const filter = encodeURIComponent(JSON.stringify({ schoolId: w.schools.yh1, q: '王' }));
    const res = await fetch(`${base}/export/Teachers.xlsx?filter=${filter}&sort=name&order=ASC`, { headers: auth(schoolAdmin) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const ws = (await readWorkbook(res)).worksheets[0]!;
    const header = rowValues(ws, 1) as string[];
    expect(header).toEqual(expect.arrayContaining(['姓名', '身份证号', '学段', '所在学校']));
    const expected = await s.gql(`{ allTeachers(perPage: 200, filter: { schoolId: ${w.schools.yh1}, q: "王" }, sortField: "name") { name idNumber stage } }`, {}, { token: schoolAdmin });
    const list = expected.data.allTeachers as { name: string; idNumber: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(ws.rowCount - 1).toBe(list.length);
    const col = (h: string) => header.indexOf(h);
    for (let i = 0; i < list.length; i++) {
      const row = rowValues(ws, i + 2);
      expect(row[col('姓名')]).toBe(list[i]!.name);
      expect(row[col('身份证号')]).toBe(list[i]!.idNumber);
      expect(row[col('所在学校')]).toBe('余杭区第一小学');
    }
    expect(new Set((ws.getColumn(col('学段') + 1).values as unknown[]).slice(2))).toEqual(new Set(['小学']));
  });

  it('keeps scope and masking: a bureau elsewhere gets no Yuhang teachers; an institution sees ID numbers masked', async () => {
    const cq = await s.tokenFor('bureau', { regionId: '500000' });
    const res = await fetch(`${base}/export/Teacher.xlsx?filter=${encodeURIComponent(JSON.stringify({ regionId: '330110' }))}`, { headers: auth(cq) });
    expect(res.status).toBe(200);
    expect((await readWorkbook(res)).worksheets[0]!.rowCount).toBe(1);

    const platform = await s.tokenFor('platform');
    const all = await fetch(`${base}/export/Teachers.xlsx`, { headers: { ...auth(platform), 'accept-language': 'en' } });
    const ws = (await readWorkbook(all)).worksheets[0]!;
    expect(ws.rowCount - 1).toBe(await s.ds.getRepository(Teacher).count());
    expect(rowValues(ws, 1)).toEqual(expect.arrayContaining(['ID number', 'Stage']));

    // An institution admin reads teachers of its classes with ID numbers masked (maskUnlessManager).
    const { makeProject, makeClass } = await import('../helpers/fixtures.js');
    const { approveEnrollments } = await import('../helpers/delivery.js');
    const project = await makeProject(w);
    const cls = await makeClass(w, project);
    await approveEnrollments(w, cls, [w.teachers.yh1[0]!]);
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    const masked = (await readWorkbook(await fetch(`${base}/export/Teachers.xlsx`, { headers: auth(inst) }))).worksheets[0]!;
    expect(masked.rowCount).toBe(2);
    const h = rowValues(masked, 1) as string[];
    const id = String(rowValues(masked, 2)[h.indexOf('身份证号')]);
    expect(id).toMatch(/^\d{3}\*+\w{4}$/);
  });

  it('refuses unknown lists, bad filters and anonymous callers with zh/en messages', async () => {
    const platform = await s.tokenFor('platform');
    const unknown = await fetch(`${base}/export/Nothing.xlsx`, { headers: auth(platform) });
    expect(unknown.status).toBe(404);
    const badFilter = await fetch(`${base}/export/Teachers.xlsx?filter=${encodeURIComponent('{"nope":1}')}`, { headers: auth(platform) });
    expect(badFilter.status).toBe(400);
    expect(((await badFilter.json()) as any).messageZh).toContain('未知的筛选条件');
    const badSort = await fetch(`${base}/export/Teachers.xlsx?sort=school`, { headers: auth(platform) });
    expect(badSort.status).toBe(400);
    expect((await fetch(`${base}/export/Teachers.xlsx`)).status).toBe(401);
    const projects = await fetch(`${base}/export/Projects.xlsx`, { headers: auth(platform) });
    expect(projects.status).toBe(200);
    expect((await readWorkbook(projects)).worksheets[0]!.rowCount).toBeGreaterThanOrEqual(2);
  });
});

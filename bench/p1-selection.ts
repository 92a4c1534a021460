/**
 * P1 selection rush (and P1b across nodes): N teachers select a class at once, `concurrency`
 * clients, Zhejiang round rules on. The same requests run as the minimal raw-SQL transaction
 * (bench/load/sql.ts) and through Shixun (selectClass over HTTP, bench/load/http.ts), each from
 * the same starting state; after every run the invariants are checked in the database.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { chinaDay } from '../plugins/zhejiang/util.js';
import { devLogins, gql, type ApiProcess } from './lib/api.js';
import { runLoadProcess, type LoadResult } from './lib/load.js';
import { rng, summarize, type LatencySummary } from './lib/stats.js';

export interface P1Setup {
  classIds: number[];
  warmClassIds: number[];
  capacity: number;
  /** [teacherId, classId, schoolId, regionId] per request, in the order clients take them. */
  requests: [number, number, number, string][];
  warmup: [number, number, number, string][];
  tokens: string[];
  warmTokens: string[];
  periodId: number;
}

export interface Invariants {
  classes: number;
  overCapacity: number;
  /** Classes whose `enrolled` differs from the selections holding a seat. */
  seatMismatch: number;
  acknowledged: number;
  /** Acknowledged selections missing from the database (or another teacher/class). */
  lost: number;
  /** Selections in the database nobody was told about. */
  unacknowledged: number;
  rows: number;
  fullClasses: number;
  ok: boolean;
}

export interface P1Run {
  label: string;
  nodes: number;
  result: LoadResult;
  latency: LatencySummary;
  throughput: number;
  invariants: Invariants;
  /** CPU milliseconds per request: the API processes (app), the database server (db), the load generator (load). */
  cpu?: { app: number; db: number; load?: number };
  /** Selection groups the API processes decided in the measured run (their /health). */
  groups?: { groups: number; requests: number; fallbacks: number };
  /** Every run of this configuration (the best one is the one reported). */
  repeats?: { throughput: number; p99: number; ok: boolean }[];
  /** The same clients and tokens sending `{ __typename }`: what HTTP, the token and GraphQL cost alone. */
  floor?: { throughput: number; appCpu: number; p99: number };
}

const day = (n: number, from = chinaDay()) => new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const SELECT = 'mutation($c: ID!) { selectClass(classId: $c) { id status } }';

/**
 * The rush: a Zhejiang period whose round 1 is open today (saved through the period form), 100
 * published provincial projects with 5 classes each (schedules published), `teachers` Zhejiang
 * teachers each choosing one class — some classes much more popular than others, so about a
 * quarter of the selections find their class full — and every teacher's devLogin token.
 */
export async function setupP1(db: Connection, api: ApiProcess, opts: { teachers: number; classes: number; log: (l: string) => void }): Promise<P1Setup> {
  const today = chinaDay();
  const [[platform]] = await Promise.all([devLogins(api.url, [{ role: 'platform' }])]);
  const code = '2090H1';
  const data = {
    code, name: '基准测试周期', regionId: '330000',
    declareFrom: day(-60), declareTo: day(-50), reviewFrom: day(-49), reviewTo: day(-45), publishOn: day(-44),
    teacherDataFrom: day(-60), teacherDataTo: day(-46), round1From: day(-1), round1To: day(2), round2From: day(3), round2To: day(5),
    runFrom: day(10), runTo: day(40),
  };
  const saved = await gql<{ submitForm: { id: string } }>(api.url,
    'mutation($id: ID!, $data: String!) { submitForm(id: $id, data: $data) { ok id } }', { id: 'zhejiang.period', data: JSON.stringify(data) }, platform);
  const periodId = Number(saved.submitForm.id);

  const [inst] = await db.query<RowDataPacket[]>(
    `SELECT i.id FROM institution i JOIN qualification q ON q.institutionId = i.id
     WHERE i.regionId LIKE '33%' AND q.level = 'provincial' AND q.status = 'active' ORDER BY i.id LIMIT 1`);
  const institutionId = Number(inst[0]!.id);
  const nProjects = Math.ceil((opts.classes + 20) / 5);
  const rand = rng(20261122);
  const classIds: number[] = [];
  for (let p = 0; p < nProjects; p++) {
    const credits = [24, 30, 40, 48, 60][p % 5]!;
    const [r] = await db.query<import('mysql2').ResultSetHeader>(
      `INSERT INTO project (name, institutionId, regionId, level, category, subject, stage, hours, credits, mode, onlineCredits, hybridApproved,
         finalAssessment, leadExpertId, totalFee, startDate, endDate, description, status, revision)
       VALUES (?, ?, '330000', 'provincial', '学科', '语文', 'primary', ?, ?, 'offline', 0, 0, 0, NULL, 0, ?, ?, 'benchmark', 'published', 1)`,
      [`基准测试项目 ${p + 1}`, institutionId, credits, credits, day(20), day(24)]);
    const values = Array.from({ length: 5 }, (_, k) => [
      r.insertId, '330000', institutionId, `基准测试项目 ${p + 1} 第${k + 1}期`, day(20), day(24), 30, 0, '杭州', new Date(Date.now() - 86_400_000), 'published',
    ]);
    const [c] = await db.query<import('mysql2').ResultSetHeader>(
      `INSERT INTO training_class (projectId, regionId, institutionId, name, startDate, endDate, capacity, enrolled, venue, schedulePublishedAt, status) VALUES ?`, [values]);
    for (let k = 0; k < 5; k++) classIds.push(c.insertId + k);
  }
  const warmClassIds = classIds.splice(opts.classes);
  // Capacities 20–50 (about 35 × classes seats); popularity falls with the class's rank.
  await db.query(`UPDATE training_class SET capacity = 20 + (id * 7919) % 31 WHERE id IN (?)`, [classIds]);
  // The warm-up takes the paths of the measured run, refusals included: its classes fill up after
  // about two thirds of it (a server that has never said CLASS_FULL compiles that path in the
  // first measured run, which then ran 10–20 % slower than the next).
  const warmN = Math.min(5000, Math.round(opts.teachers / 4));
  await db.query(`UPDATE training_class SET capacity = ? WHERE id IN (?)`, [Math.max(1, Math.round((warmN * 2) / 3 / warmClassIds.length)), warmClassIds]);
  const [caps] = await db.query<RowDataPacket[]>('SELECT SUM(capacity) AS s FROM training_class WHERE id IN (?)', [classIds]);

  const [teachers] = await db.query<RowDataPacket[]>(
    `SELECT id, schoolId, regionId FROM teacher WHERE regionId LIKE '33%' ORDER BY id LIMIT ${opts.teachers + warmN}`);
  if (teachers.length < opts.teachers + warmN) throw new Error(`P1 needs ${opts.teachers + warmN} Zhejiang teachers, the database has ${teachers.length}`);
  const weights = classIds.map((_, k) => 1 / (1 + k / 40));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = rand() * total;
    for (let k = 0; k < weights.length; k++) if ((x -= weights[k]!) <= 0) return classIds[k]!;
    return classIds[classIds.length - 1]!;
  };
  const row = (t: RowDataPacket, classId: number): [number, number, number, string] => [Number(t.id), classId, Number(t.schoolId), String(t.regionId)];
  const requests = teachers.slice(0, opts.teachers).map((t) => row(t, pick()));
  const warmup = teachers.slice(opts.teachers).map((t, i) => row(t, warmClassIds[i % warmClassIds.length]!));
  opts.log(`  P1 setup: period ${periodId} (round 1 ${data.round1From}..${data.round1To}, today ${today}), ${nProjects} projects, ${classIds.length} classes with ${caps[0]!.s} seats, ${requests.length} selections (+${warmup.length} warm-up)`);

  const t0 = performance.now();
  const tokens = await devLogins(api.url, [...requests, ...warmup].map(([teacherId]) => ({ role: 'teacher', teacherId })));
  opts.log(`  ${tokens.length} teacher tokens by devLogin in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { classIds, warmClassIds, capacity: Number(caps[0]!.s), requests, warmup, tokens: tokens.slice(0, requests.length), warmTokens: tokens.slice(requests.length), periodId };
}

/** Back to the starting state: no selections in the rush's classes, no seats taken. */
export async function resetP1(db: Connection, s: P1Setup): Promise<void> {
  const all = [...s.classIds, ...s.warmClassIds];
  await db.query('DELETE FROM enrollment WHERE classId IN (?)', [all]);
  await db.query('UPDATE training_class SET enrolled = 0 WHERE id IN (?)', [all]);
}

/** Capacity and "no acknowledged selection lost", checked in the database after a run. */
export async function checkP1(db: Connection, s: P1Setup, result: LoadResult): Promise<Invariants> {
  const [classes] = await db.query<RowDataPacket[]>(
    `SELECT c.id, c.capacity, c.enrolled,
       (SELECT COUNT(*) FROM enrollment e WHERE e.classId = c.id AND e.status IN ('pending', 'approved')) AS holding
     FROM training_class c WHERE c.id IN (?)`, [s.classIds]);
  const overCapacity = classes.filter((c) => Number(c.enrolled) > Number(c.capacity) || Number(c.holding) > Number(c.capacity)).length;
  const seatMismatch = classes.filter((c) => Number(c.enrolled) !== Number(c.holding)).length;
  const fullClasses = classes.filter((c) => Number(c.enrolled) === Number(c.capacity)).length;
  const [rows] = await db.query<RowDataPacket[]>('SELECT id, teacherId, classId FROM enrollment WHERE classId IN (?)', [s.classIds]);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  let acknowledged = 0;
  let lost = 0;
  result.acks?.forEach((id, i) => {
    if (!id) return;
    acknowledged++;
    const r = byId.get(id);
    const [teacherId, classId] = s.requests[i]!;
    if (!r || Number(r.teacherId) !== teacherId || Number(r.classId) !== classId) lost++;
  });
  const unacknowledged = rows.length - (acknowledged - lost);
  return {
    classes: classes.length, overCapacity, seatMismatch, acknowledged, lost, unacknowledged, rows: rows.length, fullClasses,
    ok: overCapacity === 0 && seatMismatch === 0 && lost === 0 && unacknowledged === 0,
  };
}

function httpJob(s: P1Setup, targets: string[], concurrency: number, warm: boolean) {
  const reqs = warm ? s.warmup : s.requests;
  const toks = warm ? s.warmTokens : s.tokens;
  return { targets, concurrency, queries: [SELECT], requests: reqs.map(([, c], i) => ({ q: 0, v: { c: String(c) }, t: toks[i]! })), ackPath: 'selectClass.id' };
}

/**
 * The raw-SQL transaction, `concurrency` clients over `pool` connections (warm-up first, then
 * reset, then `settle`: the database catching up with the reset before the measured run).
 */
export async function runP1Raw(db: Connection, s: P1Setup, url: string, concurrency: number, pool: number, settle?: () => Promise<unknown>): Promise<P1Run> {
  await runLoadProcess('sql', { kind: 'selection', url, concurrency, pool, requests: s.warmup });
  await resetP1(db, s);
  await settle?.();
  const result = await runLoadProcess('sql', { kind: 'selection', url, concurrency, pool, requests: s.requests });
  const invariants = await checkP1(db, s, result);
  await resetP1(db, s);
  return { label: 'raw SQL (mysql2)', nodes: 0, result, latency: summarize(result.latencyMs), throughput: result.count / result.seconds, invariants };
}

type GroupStats = NonNullable<P1Run['groups']>;

async function groupStats(apis: ApiProcess[]): Promise<GroupStats> {
  const all = await Promise.all(apis.map(async (a) => ((await (await fetch(a.url.replace(/\/graphql$/, '/health'))).json()) as { selectionGroups: GroupStats }).selectionGroups));
  return all.reduce((t, g) => ({ groups: t.groups + g.groups, requests: t.requests + g.requests, fallbacks: t.fallbacks + g.fallbacks }), { groups: 0, requests: 0, fallbacks: 0 });
}

/** selectClass over HTTP through the given API processes, round robin (warm-up first, then reset and `settle`, as runP1Raw). */
export async function runP1Api(db: Connection, s: P1Setup, apis: ApiProcess[], concurrency: number, settle?: () => Promise<unknown>): Promise<P1Run> {
  const targets = apis.map((a) => a.url);
  await runLoadProcess('http', httpJob(s, targets, concurrency, true));
  await resetP1(db, s);
  await settle?.();
  const before = await groupStats(apis);
  const result = await runLoadProcess('http', httpJob(s, targets, concurrency, false));
  const after = await groupStats(apis);
  const invariants = await checkP1(db, s, result);
  await resetP1(db, s);
  return {
    label: apis.length === 1 ? 'Shixun, 1 API process' : `Shixun, ${apis.length} API processes (round robin)`, nodes: apis.length,
    result, latency: summarize(result.latencyMs), throughput: result.count / result.seconds, invariants,
    groups: { groups: after.groups - before.groups, requests: after.requests - before.requests, fallbacks: after.fallbacks - before.fallbacks },
  };
}

/** The floor: the measured run's clients and tokens sending a query that does nothing, through the same API processes. */
export async function runP1Floor(s: P1Setup, apis: ApiProcess[], concurrency: number, cpu: () => number): Promise<P1Run['floor']> {
  const job = { targets: apis.map((a) => a.url), concurrency, queries: ['{ __typename }'], requests: s.tokens.map((t) => ({ q: 0, v: {}, t })) };
  await runLoadProcess('http', job);
  const c0 = cpu();
  const r = await runLoadProcess('http', job);
  return { throughput: r.count / r.seconds, appCpu: ((cpu() - c0) / r.count) * 1000, p99: summarize(r.latencyMs).p99 };
}

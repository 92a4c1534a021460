/**
 * The SQLite pass of `npm run bench` (where it makes sense: the read and batch benchmarks on the
 * embedded single-file database a small deployment uses): P3 console list and P2 cycle audit on
 * a freshly generated SQLite file, through Shixun and as raw SQL through better-sqlite3.
 * The selection rush is not repeated here: SQLite takes one writer at a time by design (its
 * capacity invariant is in npm test on both databases: test/e2e/scale-selection-rush.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { devLogins, gql, startApi, type ApiProcess } from './lib/api.js';
import { P2_RAW_SQL } from './p2-cycle-audit.js';
import { checkP3, runP3Api, runP3RawSqlite, setupP3, statementsPerRequest, type P3Run } from './p3-console-list.js';

const ROOT = new URL('..', import.meta.url).pathname;

export interface SqliteReport {
  teachers: number;
  creditRecords: number;
  fileMb: number;
  seedSeconds: number;
  p3?: { raw: P3Run; api: P3Run; statements: Record<number, number>; check: { ok: boolean; compared: number } };
  p2?: { teachers: number; api: { seconds: number; rssStart: number; rssMax: number }; raw: { seconds: number; rows: number; credits: number }; auditCredits: number; totalsMatch: boolean };
}

interface Stmt { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown }
type SqliteDb = { prepare(sql: string): Stmt; close(): void };

async function openSqlite(file: string): Promise<SqliteDb> {
  const moduleName = 'better-sqlite3';
  const Database = ((await import(moduleName)) as { default: new (f: string, o: object) => SqliteDb }).default;
  return new Database(file, { readonly: true });
}

export async function runSqlitePass(opts: { teachers: number; p3Requests: number; p3Concurrency: number; port: number; log: (l: string) => void }): Promise<SqliteReport> {
  const dir = join(ROOT, 'test-output', 'bench-sqlite');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'shixun.sqlite');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'core/cli/seed.ts', '--teachers', String(opts.teachers)], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: file }, stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`SQLite seed exited with ${code}`))));
  });
  const seedSeconds = (performance.now() - t0) / 1000;
  const sq = await openSqlite(file);
  const db = { query: async <T>(sql: string, params: unknown[] = []) => [sq.prepare(sql).all(...params) as T, undefined] as [T, undefined] };
  const count = (sql: string) => Number((sq.prepare(sql).get() as { n: number }).n);
  const report: SqliteReport = {
    teachers: count('SELECT COUNT(*) AS n FROM teacher'), creditRecords: count('SELECT COUNT(*) AS n FROM credit_record'),
    fileMb: Math.round(statSync(file).size / 1024 ** 2), seedSeconds,
  };
  opts.log(`  SQLite: ${report.teachers} teachers, ${report.creditRecords} credit records, ${report.fileMb} MB, seeded in ${seedSeconds.toFixed(0)} s`);
  let api: ApiProcess | null = null;
  try {
    api = await startApi({ databaseUrl: file, port: opts.port, log: opts.log });
    const s = await setupP3(db as never, api, opts.p3Requests);
    const statements = await statementsPerRequest(file, s);
    const check = await checkP3(db as never, s, api);
    const raw = await runP3RawSqlite(s, file);
    const apiRun = await runP3Api(s, api, opts.p3Concurrency);
    report.p3 = { raw, api: apiRun, statements, check };
    opts.log(`  SQLite P3: raw p95 ${raw.latency.p95.toFixed(1)} ms; Shixun p95 ${apiRun.latency.p95.toFixed(1)} ms; statements ${JSON.stringify(statements)}`);

    const cycle = Number((sq.prepare('SELECT id FROM cycle WHERE startYear = 2021').get() as { id: number }).id);
    const r0 = performance.now();
    let rows = 0, credits = 0;
    for (const r of sq.prepare(P2_RAW_SQL).all('33%', cycle) as { credits: number }[]) (rows++, (credits += Number(r.credits)));
    const rawP2 = { seconds: (performance.now() - r0) / 1000, rows, credits: Math.round(credits * 10) / 10 };
    const [token] = await devLogins(api.url, [{ role: 'platform' }]);
    const rss: number[] = [api.rssMb()];
    const sampler = setInterval(() => rss.push(api!.rssMb()), 250);
    const a0 = performance.now();
    const out = await gql<{ runRegionCycleAudit: { teachers: number } }>(api.url,
      `mutation($r: ID!, $c: ID!) { runRegionCycleAudit(regionId: $r, cycleId: $c) { teachers } }`, { r: '330000', c: String(cycle) }, token)
      .finally(() => clearInterval(sampler));
    const seconds = (performance.now() - a0) / 1000;
    const auditCredits = Math.round(Number((sq.prepare('SELECT COALESCE(SUM(totalCredits), 0) AS n FROM cycle_audit WHERE cycleId = ?').get(cycle) as { n: number }).n) * 10) / 10;
    report.p2 = {
      teachers: out.runRegionCycleAudit.teachers, api: { seconds, rssStart: rss[0]!, rssMax: Math.max(...rss) }, raw: rawP2, auditCredits,
      totalsMatch: Math.abs(auditCredits - rawP2.credits) < 0.05,
    };
    opts.log(`  SQLite P2: raw ${rawP2.seconds.toFixed(1)} s; Shixun ${seconds.toFixed(1)} s for ${out.runRegionCycleAudit.teachers} teachers; totals match ${report.p2.totalsMatch}`);
  } finally {
    await api?.stop();
    sq.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

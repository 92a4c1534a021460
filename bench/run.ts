/**
 * `npm run bench` — generates the data and runs every benchmark of BENCHMARKS.md, each
 * through Shixun and as the minimal raw SQL, then rewrites BENCHMARKS.md with the figures.
 *
 *   npm run bench -- [--teachers 600000] [--p1-teachers 20000] [--p1-repeats 3] [--classes 500] [--concurrency 200]
 *                    [--p3-requests 3000] [--p3-concurrency 4] [--p4-rows 100000] [--sqlite-teachers 100000]
 *                    [--only P1,P1b,P2,P3,P4,SQLite]
 *                    [--db shixun_bench] [--server mysql://root@127.0.0.1:3306] [--buffer-pool 4G]
 *                    [--reuse] [--keep] [--out BENCHMARKS.md]
 *   npm run bench -- --render [test-output/bench-results.json]   (rewrite the report from saved results)
 *
 * It works on a scratch database (`--db`, dropped at the end unless --keep; --reuse skips the
 * seed and keeps what is there), never on another. The load generators are separate processes
 * (bench/load/*.ts); the API processes are `core/main.ts` with the real plugins.config.ts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { cpuSeconds, databasePid, startApi, type ApiProcess } from './lib/api.js';
import { writeReport, type BenchReport } from './lib/report.js';
import { runP2Api, runP2Raw, type P2Run } from './p2-cycle-audit.js';
import { checkP1, resetP1, runP1Api, runP1Floor, runP1Raw, setupP1, type P1Run } from './p1-selection.js';
import { checkP3, runP3Api, runP3Raw, setupP3, statementsPerRequest } from './p3-console-list.js';
import { runP4Api, runP4Raw, setupP4 } from './p4-import.js';
import { runSqlitePass } from './sqlite.js';

const ROOT = new URL('..', import.meta.url).pathname;

interface Args {
  teachers: number;
  p1Teachers: number;
  p1Repeats: number;
  classes: number;
  concurrency: number;
  p3Requests: number;
  p3Concurrency: number;
  p4Rows: number;
  sqliteTeachers: number;
  only: Set<string>;
  db: string;
  server: string;
  bufferPool: string | null;
  reuse: boolean;
  keep: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    teachers: 600_000, p1Teachers: 20_000, p1Repeats: 3, classes: 500, concurrency: 200, p3Requests: 3000, p3Concurrency: 4, p4Rows: 100_000,
    sqliteTeachers: 100_000, only: new Set(['P1', 'P1b', 'P2', 'P3', 'P4', 'SQLite']), db: 'shixun_bench', server: process.env.BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306',
    bufferPool: '4G', reuse: false, keep: false, out: join(ROOT, 'BENCHMARKS.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s) as [string, string] : [argv[i]!, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    const num = () => Number(value().replaceAll('_', ''));
    switch (flag) {
      case '--teachers': a.teachers = num(); break;
      case '--p1-teachers': a.p1Teachers = num(); break;
      case '--p1-repeats': a.p1Repeats = Math.max(1, num()); break;
      case '--classes': a.classes = num(); break;
      case '--concurrency': a.concurrency = num(); break;
      case '--p3-requests': a.p3Requests = num(); break;
      case '--p3-concurrency': a.p3Concurrency = num(); break;
      case '--p4-rows': a.p4Rows = num(); break;
      case '--sqlite-teachers': a.sqliteTeachers = num(); break;
      case '--only': a.only = new Set(value().split(',').map((s) => s.trim())); break;
      case '--db': a.db = value(); break;
      case '--server': a.server = value().replace(/\/$/, ''); break;
      case '--buffer-pool': a.bufferPool = value() === 'none' ? null : value(); break;
      case '--reuse': a.reuse = true; break;
      case '--keep': a.keep = true; break;
      case '--out': a.out = value(); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  if (!/^shixun_bench\w*$/.test(a.db)) throw new Error('--db must start with shixun_bench (a scratch database this command may drop)');
  return a;
}

const t0 = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function bytes(spec: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(spec.trim());
  if (!m) throw new Error(`not a size: ${spec}`);
  return Math.round(Number(m[1]) * { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G']!);
}

/** `npm run seed` on the scratch database, its output passed through; the phase lines kept for the report. */
async function seed(dbUrl: string, teachers: number): Promise<{ seconds: number; lines: string[] }> {
  const started = performance.now();
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'core/cli/seed.ts', '--teachers', String(teachers)], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: dbUrl }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let k;
      while ((k = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, k);
        buf = buf.slice(k + 1);
        if (/^✓|generated|Demo seeded|Seed finished/.test(line)) lines.push(line.trim());
        log(`  seed | ${line}`);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`))));
  });
  return { seconds: (performance.now() - started) / 1000, lines };
}

async function one<T = RowDataPacket>(db: Connection, sql: string, params: unknown[] = []): Promise<T> {
  const [rows] = await db.query<RowDataPacket[]>(sql, params);
  return rows[0] as T;
}

/** InnoDB's background work outstanding: pages to write, and undo history to purge. */
async function innodbBacklog(admin: Connection): Promise<{ dirty: number; history: number }> {
  const [rows] = await admin.query<RowDataPacket[]>(
    "SELECT VARIABLE_NAME AS k, VARIABLE_VALUE AS v FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('INNODB_BUFFER_POOL_PAGES_DIRTY', 'INNODB_HISTORY_LIST_LENGTH')");
  const get = (k: string) => Number(rows.find((r) => String(r.k).toUpperCase() === k)?.v ?? 0);
  return { dirty: get('INNODB_BUFFER_POOL_PAGES_DIRTY'), history: get('INNODB_HISTORY_LIST_LENGTH') };
}

/**
 * Waits until InnoDB has caught up with what the seed or the previous benchmark left it — dirty
 * pages written (at its full I/O capacity meanwhile; settings restored) and the undo history of
 * P1's resets purged — so that each benchmark is measured in the steady state, not while
 * background threads take a share of the two cores from both of its sides. At most `maxSeconds`.
 */
async function settleInnodb(admin: Connection, maxSeconds = 300): Promise<{ before: string; after: string; seconds: number }> {
  const started = performance.now();
  const show = (b: { dirty: number; history: number }) => `${b.dirty} dirty pages, history ${b.history}`;
  let backlog = await innodbBacklog(admin);
  const before = show(backlog);
  const saved = await one<{ pct: number; cap: number; max: number }>(admin, 'SELECT @@innodb_max_dirty_pages_pct AS pct, @@innodb_io_capacity AS cap, @@innodb_io_capacity_max AS max');
  try {
    await admin.query(`SET GLOBAL innodb_io_capacity = ${Number(saved.max)}`);
    await admin.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
    while ((backlog.dirty > 1000 || backlog.history > 1000) && performance.now() - started < maxSeconds * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      backlog = await innodbBacklog(admin);
    }
  } finally {
    await admin.query(`SET GLOBAL innodb_max_dirty_pages_pct = ${Number(saved.pct)}`);
    await admin.query(`SET GLOBAL innodb_io_capacity = ${Number(saved.cap)}`);
  }
  return { before, after: show(backlog), seconds: (performance.now() - started) / 1000 };
}

async function main() {
  // --render <results.json>: rewrite the report from a run's saved results (no measuring).
  const render = process.argv.indexOf('--render');
  if (render >= 0) {
    const file = process.argv[render + 1] ?? join(ROOT, 'test-output', 'bench-results.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    writeReport(String(saved.args.out ?? join(ROOT, 'BENCHMARKS.md')), saved);
    log(`wrote ${saved.args.out} from ${file}`);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const dbUrl = `${args.server}/${args.db}`;
  const admin = await createConnection({ uri: args.server });
  const report: BenchReport = {
    command, date: new Date().toISOString(), args: { ...args, only: [...args.only] },
    machine: {
      cpu: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version,
      database: String((await one(admin, 'SELECT VERSION() AS v')).v), os: `${process.platform} ${(await import('node:os')).release()}`,
      loadBefore: loadavg().map((x) => x.toFixed(2)).join(' '), loadAfter: '',
    },
    settings: [], sizes: {}, seed: null, p1: [], p2: [], notes: [],
  };
  const apis: ApiProcess[] = [];
  let originalPool: number | null = null;
  const dbPid = databasePid();
  try {
    // --- the database server
    originalPool = Number((await one(admin, 'SELECT @@innodb_buffer_pool_size AS b')).b);
    if (args.bufferPool && bytes(args.bufferPool) > originalPool) {
      await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${bytes(args.bufferPool)}`);
      for (let i = 0; i < 120; i++) {
        if (Number((await one(admin, 'SELECT @@innodb_buffer_pool_size AS b')).b) >= bytes(args.bufferPool)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      report.settings.push(`SET GLOBAL innodb_buffer_pool_size = ${args.bufferPool} for the run (was ${Math.round(originalPool / 1024 ** 2)} MB; restored afterwards)`);
    } else originalPool = null;
    for (const v of ['innodb_flush_log_at_trx_commit', 'innodb_log_file_size', 'max_connections', 'innodb_buffer_pool_size'])
      report.settings.push(`${v} = ${(await one(admin, `SELECT @@${v} AS v`)).v}`);

    // --- data
    if (!args.reuse) {
      log(`Dropping and creating the scratch database ${args.db}`);
      await admin.query(`DROP DATABASE IF EXISTS \`${args.db}\``);
      await admin.query(`CREATE DATABASE \`${args.db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      log(`Seeding: npm run seed -- --teachers ${args.teachers}`);
      report.seed = await seed(dbUrl, args.teachers);
    }
    const settle = async (before: string) => {
      const r = await settleInnodb(admin);
      log(`InnoDB settled before ${before}: ${r.before} → ${r.after} in ${r.seconds.toFixed(0)} s`);
    };
    await settle('the benchmarks');
    // Between P1's runs too: each run's reset deletes the selections of the one before it.
    const quiet = () => settleInnodb(admin, 60);
    report.settings.push('before each benchmark, InnoDB is left to catch up (dirty pages written at innodb_io_capacity_max, undo history purged): every figure is taken in the steady state, not while background threads work through the seed or the previous benchmark');
    const db = await createConnection({ uri: dbUrl, timezone: 'Z', supportBigNumbers: true });
    for (const [k, sql] of [
      ['teachers', 'SELECT COUNT(*) AS n FROM teacher'], ['Zhejiang teachers', "SELECT COUNT(*) AS n FROM teacher WHERE regionId LIKE '33%'"],
      ['Chongqing teachers', "SELECT COUNT(*) AS n FROM teacher WHERE regionId LIKE '50%'"], ['credit records', 'SELECT COUNT(*) AS n FROM credit_record'],
      ['schools', "SELECT COUNT(*) AS n FROM institution WHERE kind = 'school'"], ['training classes', 'SELECT COUNT(*) AS n FROM training_class'],
      ['enrollments', 'SELECT COUNT(*) AS n FROM enrollment'],
    ] as const) report.sizes[k] = Number((await one(db, sql)).n);
    const [tables] = await db.query<RowDataPacket[]>(
      'SELECT SUM(data_length + index_length) AS b FROM information_schema.tables WHERE table_schema = ?', [args.db]);
    report.sizes['database size (MB)'] = Math.round(Number(tables[0]!.b) / 1024 ** 2);
    const cycle = await one<{ id: number }>(db, 'SELECT id FROM cycle WHERE startYear = 2021');
    log(`Data: ${JSON.stringify(report.sizes)}`);

    apis.push(await startApi({ databaseUrl: dbUrl, port: 4101, log }));
    const cpu = (pids: number[]) => pids.reduce((a, p) => a + cpuSeconds(p), 0);

    // --- P1 / P1b
    if (args.only.has('P1') || args.only.has('P1b')) {
      log(`P1 selection rush: ${args.p1Teachers} teachers, ${args.classes} classes, ${args.concurrency} clients`);
      const s = await setupP1(db, apis[0]!, { teachers: args.p1Teachers, classes: args.classes, log });
      await resetP1(db, s);
      report.p1Setup = { teachers: s.requests.length, classes: s.classIds.length, seats: s.capacity, concurrency: args.concurrency, warmup: s.warmup.length };
      // Each side is measured `--p1-repeats` times (interleaved) and its best run reported: the
      // raw side's commit latency swings with the disk's fsync time from one run to the next.
      const once = async (label: string, fn: () => Promise<P1Run>, pids: number[]) => {
        const c0 = cpu(pids), d0 = dbPid ? cpuSeconds(dbPid) : NaN;
        const run = await fn();
        run.cpu = {
          app: (cpu(pids) - c0) / (run.result.count + s.warmup.length) * 1000,
          db: dbPid ? ((cpuSeconds(dbPid) - d0) / (run.result.count + s.warmup.length)) * 1000 : NaN,
          load: run.result.cpuMs !== undefined ? run.result.cpuMs / run.result.count : undefined,
        };
        log(`  ${label}: CPU ms/request API ${run.cpu.app.toFixed(3)}, MariaDB ${run.cpu.db.toFixed(3)}, load generator ${(run.cpu.load ?? NaN).toFixed(3)}; groups ${JSON.stringify(run.groups ?? null)}; ${run.throughput.toFixed(0)} selections/s, p50 ${run.latency.p50.toFixed(0)} ms, p99 ${run.latency.p99.toFixed(0)} ms, ${JSON.stringify(run.result.outcomes)}, invariants ${run.invariants.ok ? 'held' : 'BROKEN'}`);
        return run;
      };
      const best = (runs: P1Run[]) => {
        const top = runs.reduce((a, b) => (b.throughput > a.throughput ? b : a));
        top.repeats = runs.map((r) => ({ throughput: r.throughput, p99: r.latency.p99, ok: r.invariants.ok }));
        // Every run's invariants count, not only the best one's.
        if (runs.some((r) => !r.invariants.ok)) top.invariants = { ...top.invariants, ok: false };
        return top;
      };
      const measure = async (sides: { label: string; fn: () => Promise<P1Run>; pids: number[] }[]) => {
        const runs = sides.map(() => [] as P1Run[]);
        for (let k = 0; k < args.p1Repeats; k++) for (const [i, side] of sides.entries()) runs[i]!.push(await once(side.label, side.fn, side.pids));
        for (const [i, side] of sides.entries()) {
          const run = best(runs[i]!);
          if (side.pids.length) {
            run.floor = await runP1Floor(s, apis.slice(0, side.pids.length), args.concurrency, () => cpu(side.pids));
            log(`  ${side.label} floor ({ __typename }): ${JSON.stringify(run.floor)}`);
          }
          report.p1.push(run);
        }
      };
      await measure([
        { label: 'raw SQL', fn: () => runP1Raw(db, s, dbUrl, args.concurrency, 20, quiet), pids: [] },
        ...(args.only.has('P1') ? [{ label: 'Shixun ×1', fn: () => runP1Api(db, s, apis.slice(0, 1), args.concurrency, quiet), pids: [apis[0]!.pid] }] : []),
      ]);
      if (args.only.has('P1b')) {
        apis.push(await startApi({ databaseUrl: dbUrl, port: 4102, log }), await startApi({ databaseUrl: dbUrl, port: 4103, log }));
        await measure([{ label: 'Shixun ×3', fn: () => runP1Api(db, s, apis.slice(0, 3), args.concurrency, quiet), pids: apis.map((a) => a.pid) }]);
        for (const a of apis.splice(1)) await a.stop();
      }
      void checkP1;
    }

    // --- P3
    if (args.only.has('P3')) {
      await settle('P3');
      log(`P3 console list: ${args.p3Requests} requests, ${args.p3Concurrency} clients`);
      const s = await setupP3(db, apis[0]!, args.p3Requests);
      const statements = await statementsPerRequest(dbUrl, s);
      const check = await checkP3(db, s, apis[0]!);
      const raw = await runP3Raw(s, dbUrl, args.p3Concurrency);
      const c0 = cpuSeconds(apis[0]!.pid), d0 = dbPid ? cpuSeconds(dbPid) : NaN;
      const api = await runP3Api(s, apis[0]!, args.p3Concurrency);
      const n = s.pages.length + s.warm.length;
      report.p3 = { raw, api, statements, check, concurrency: args.p3Concurrency, cpu: { app: ((cpuSeconds(apis[0]!.pid) - c0) / n) * 1000, db: dbPid ? ((cpuSeconds(dbPid) - d0) / n) * 1000 : NaN } };
      log(`  raw p95 ${raw.latency.p95.toFixed(1)} ms; Shixun p95 ${api.latency.p95.toFixed(1)} ms; statements ${JSON.stringify(statements)}; same page: ${check.ok}`);
    }

    // --- P2
    if (args.only.has('P2')) {
      await settle('P2');
      for (const regionId of ['330000', '500000']) {
        const prefix = regionId.slice(0, 2);
        log(`P2 cycle audit of ${regionId}`);
        const raw = await runP2Raw(dbUrl, prefix, cycle.id);
        log(`  raw aggregation ${raw.seconds.toFixed(1)} s (${raw.rows} rows)`);
        const run = await runP2Api(db, apis[0]!, regionId, cycle.id, regionId === '330000' ? 200 : 50);
        const records = Number((await one(db, 'SELECT COUNT(*) AS n FROM credit_record c JOIN teacher t ON t.id = c.teacherId WHERE t.regionId LIKE ? AND c.cycleId = ?', [`${prefix}%`, cycle.id])).n);
        const full: P2Run = { ...run, raw, records, check: { ...run.check, totalsMatch: Math.abs(run.check.auditCredits - raw.credits) < 0.05 } };
        report.p2.push(full);
        log(`  Shixun ${run.api.seconds.toFixed(1)} s for ${run.teachers} teachers; RSS ${run.api.rssStart.toFixed(0)} → max ${run.api.rssMax.toFixed(0)} MB; totals match ${full.check.totalsMatch}; sample ${run.check.sampled} mismatches ${run.check.sampleMismatches}`);
      }
    }

    // --- P4
    if (args.only.has('P4')) {
      await settle('P4');
      log(`P4 roster import: ${args.p4Rows} rows`);
      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      const s = await setupP4(db, apis[0]!, join(ROOT, 'test-output', 'bench-roster.xlsx'), args.p4Rows);
      const raw = await runP4Raw(db, s);
      const api = await runP4Api(db, s, apis[0]!);
      const { check, ...rest } = api;
      report.p4 = { rows: s.rows, invalid: s.invalid, bytes: s.bytes, raw, api: rest, check };
      rmSync(s.file, { force: true });
      log(`  raw ${raw.seconds.toFixed(1)} s; Shixun ${api.seconds.toFixed(1)} s (validate ${api.validateSeconds.toFixed(1)} s, commit ${api.commitSeconds.toFixed(1)} s); RSS max ${api.rssMax.toFixed(0)} MB; ok ${check.ok}`);
    }
    await db.end();
    for (const a of apis.splice(0)) await a.stop();

    // --- SQLite (P3 and P2 on a smaller generated file)
    if (args.only.has('SQLite') && args.sqliteTeachers > 0) {
      log(`SQLite pass: ${args.sqliteTeachers} teachers`);
      report.sqlite = await runSqlitePass({ teachers: args.sqliteTeachers, p3Requests: Math.min(args.p3Requests, 2000), p3Concurrency: args.p3Concurrency, port: 4111, log });
    }
  } finally {
    for (const a of apis) await a.stop().catch(() => undefined);
    if (!args.keep && !args.reuse) {
      log(`Dropping ${args.db}`);
      await admin.query(`DROP DATABASE IF EXISTS \`${args.db}\``).catch((e) => log(`could not drop: ${e}`));
    }
    if (originalPool) await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${originalPool}`).catch(() => undefined);
    await admin.end();
  }
  report.machine.loadAfter = loadavg().map((x) => x.toFixed(2)).join(' ');
  report.totalSeconds = (performance.now() - t0) / 1000;
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(ROOT, 'test-output', 'bench-results.json'), JSON.stringify(report, (k, v) => (k === 'latencyMs' || k === 'acks' ? undefined : v), 2));
  writeReport(args.out, report);
  log(`Done in ${(report.totalSeconds / 60).toFixed(1)} min; wrote ${args.out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

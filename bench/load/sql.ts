/**
 * The raw-SQL side of a benchmark, run as its own process like the HTTP load generator:
 * `node --import tsx bench/load/sql.ts job.json result.json`. mysql2 with prepared
 * statements, `pool` connections shared by `concurrency` clients.
 *
 * - selection: the minimal C-4 transaction — START TRANSACTION; UPDATE training_class SET
 *   enrolled = enrolled + 1 WHERE id = ? AND enrolled < capacity; INSERT INTO enrollment … when a
 *   seat was taken; COMMIT (ROLLBACK when the class was full).
 * - list: each request is one statement (sql, params), executed and read in full.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createPool, type PoolConnection, type ResultSetHeader } from 'mysql2/promise';
import type { LoadResult, SqlJob } from '../lib/load.js';

const [jobFile, outFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile!, 'utf8')) as SqlJob;

if (job.sqlite) {
  // SQLite: one connection, statements one after another (better-sqlite3 is synchronous).
  interface Stmt { all(...params: unknown[]): unknown[] }
  const moduleName = 'better-sqlite3'; // untyped: the few calls below are typed here
  const Database = ((await import(moduleName)) as { default: new (file: string, opts: object) => { prepare(sql: string): Stmt; close(): void } }).default;
  const db = new Database(job.url, { readonly: true });
  const lat: number[] = [];
  const cache = new Map<string, Stmt>();
  const t0 = performance.now();
  for (const [sql, params] of job.requests as [string, unknown[]][]) {
    const t = performance.now();
    let st = cache.get(sql);
    if (!st) cache.set(sql, (st = db.prepare(sql)));
    st.all(...params);
    lat.push(performance.now() - t);
  }
  const out: LoadResult = { count: lat.length, seconds: (performance.now() - t0) / 1000, latencyMs: lat, outcomes: { ok: lat.length }, statements: lat.length };
  writeFileSync(outFile!, JSON.stringify(out));
  db.close();
  process.exit(0);
}
const pool = createPool({ uri: job.url, connectionLimit: job.pool, timezone: 'Z', supportBigNumbers: true });
if (job.sessionSql?.length) pool.on('connection', (c) => { for (const s of job.sessionSql!) c.query(s); });

const n = job.requests.length;
const latency = new Float64Array(n);
const outcome: string[] = new Array(n);
const ack: (string | null)[] = new Array(n).fill(null);
const samples: Record<string, string> = {};
let statements = 0;
let next = 0;

async function selection(conn: PoolConnection, [teacherId, classId, schoolId, regionId]: [number, number, number, string]): Promise<[string, string | null]> {
  await conn.query('START TRANSACTION');
  statements += 2;
  const [upd] = await conn.execute<ResultSetHeader>('UPDATE training_class SET enrolled = enrolled + 1 WHERE id = ? AND enrolled < capacity', [classId]);
  if (upd.affectedRows !== 1) {
    statements++;
    await conn.query('ROLLBACK');
    return ['CLASS_FULL', null];
  }
  statements += 2;
  const [ins] = await conn.execute<ResultSetHeader>(
    `INSERT INTO enrollment (teacherId, classId, schoolId, regionId, round, projectRevision, nominated, status, pendingStep, steps, selectedAt)
     VALUES (?, ?, ?, ?, 1, 1, 0, 'pending', 'school', 'school,institution', UTC_TIMESTAMP())`,
    [teacherId, classId, schoolId, regionId],
  );
  await conn.query('COMMIT');
  return ['ok', String(ins.insertId)];
}

async function client(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= n) return;
    const t0 = performance.now();
    const conn = await pool.getConnection();
    try {
      if (job.kind === 'selection') {
        const [kind, id] = await selection(conn, job.requests[i] as [number, number, number, string]);
        outcome[i] = kind;
        ack[i] = id;
      } else {
        const [sql, params] = job.requests[i] as [string, unknown[]];
        statements++;
        await conn.execute(sql, params as never);
        outcome[i] = 'ok';
      }
    } catch (e) {
      outcome[i] = (e as { code?: string }).code ?? 'ERROR';
      if (!samples[outcome[i]!]) samples[outcome[i]!] = String(e);
      await conn.query('ROLLBACK').catch(() => undefined);
    } finally {
      conn.release();
    }
    latency[i] = performance.now() - t0;
  }
}

// Open the pool's connections before the clock starts (the API processes have theirs open too).
await Promise.all(Array.from({ length: job.pool }, async () => (await pool.getConnection())).map(async (p) => (await p).release()));
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await Promise.all(Array.from({ length: Math.min(job.concurrency, n) }, () => client()));
const seconds = (performance.now() - t0) / 1000;
await pool.end();
const outcomes: Record<string, number> = {};
for (const o of outcome) outcomes[o] = (outcomes[o] ?? 0) + 1;
const cpu = process.cpuUsage(cpu0);
const result: LoadResult = { count: n, seconds, cpuMs: (cpu.user + cpu.system) / 1000, latencyMs: Array.from(latency), outcomes, acks: job.kind === 'selection' ? ack : undefined, samples, statements };
writeFileSync(outFile!, JSON.stringify(result));

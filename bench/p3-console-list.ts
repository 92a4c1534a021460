/**
 * P3 console list: the console's teacher list — allTeachers, a page of 25 with school, region
 * and the current cycle's credits, filtered by district and subject, sorted by name — as the
 * province's bureau, against the minimal raw SQL statement giving the same page. Plus the
 * statement count per request at several page sizes (in-process server, its SqlCounter).
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { boot } from '../core/boot.js';
import { loadConfig } from '../core/config.js';
import { startApp } from '../core/server/app.js';
import { devLogins, gql, type ApiProcess } from './lib/api.js';
import { runLoadProcess, type LoadResult } from './lib/load.js';
import { rng, summarize, type LatencySummary } from './lib/stats.js';

export const P3_QUERY = `query($f: TeacherFilter, $page: Int, $perPage: Int, $cycle: ID) {
  allTeachers(page: $page, perPage: $perPage, sortField: "name", sortOrder: "ASC", filter: $f) {
    id name subject school { id name } region { id name } cycleCredits(cycleId: $cycle)
  }
}`;

export const P3_RAW_SQL = `SELECT t.id, t.name, t.subject, s.id AS schoolId, s.name AS school, g.id AS regionId, g.name AS region,
  (SELECT COALESCE(SUM(c.credits), 0) FROM credit_record c WHERE c.teacherId = t.id AND c.cycleId = ?) AS credits
FROM teacher t JOIN institution s ON s.id = t.schoolId JOIN region g ON g.id = t.regionId
WHERE t.regionId = ? AND t.subject = ? ORDER BY t.name, t.id LIMIT 25 OFFSET ?`;

export interface P3Page { district: string; subject: string; page: number }

export interface P3Setup {
  pages: P3Page[];
  warm: P3Page[];
  cycleId: number;
  token: string;
}

export interface P3Run {
  label: string;
  result: LoadResult;
  latency: LatencySummary;
  throughput: number;
}

/** Requests: districts of Zhejiang and subjects weighted by their teachers, pages within each list (deterministic). */
export async function setupP3(db: Pick<Connection, 'query'>, api: ApiProcess, n: number): Promise<P3Setup> {
  const [groups] = await db.query<RowDataPacket[]>(
    `SELECT regionId, subject, COUNT(*) AS n FROM teacher WHERE regionId LIKE '33%' GROUP BY regionId, subject HAVING COUNT(*) >= 100 ORDER BY regionId, subject`);
  const year = new Date().getUTCFullYear();
  const [cycle] = await db.query<RowDataPacket[]>('SELECT id FROM cycle WHERE startYear <= ? AND endYear >= ?', [year, year]);
  const total = groups.reduce((a, g) => a + Number(g.n), 0);
  const rand = rng(3);
  const make = (): P3Page => {
    let x = rand() * total;
    let g = groups[0]!;
    for (const c of groups) if ((x -= Number(c.n)) <= 0) { g = c; break; }
    const pages = Math.ceil(Number(g.n) / 25);
    // Most requests look at the first pages; some page deep.
    const page = rand() < 0.7 ? Math.floor(rand() * Math.min(4, pages)) : Math.floor(rand() * pages);
    return { district: String(g.regionId), subject: String(g.subject), page };
  };
  const [token] = await devLogins(api.url, [{ role: 'bureau', regionId: '330000' }]);
  return { pages: Array.from({ length: n }, make), warm: Array.from({ length: Math.min(500, n) }, make), cycleId: Number(cycle[0]!.id), token: token! };
}

function httpJob(s: P3Setup, url: string, concurrency: number, pages: P3Page[]) {
  return {
    targets: [url], concurrency, queries: [P3_QUERY],
    requests: pages.map((p) => ({ q: 0, v: { f: { regionId: p.district, subject: p.subject }, page: p.page, perPage: 25, cycle: String(s.cycleId) }, t: s.token })),
  };
}

function sqlJob(s: P3Setup, url: string, concurrency: number, pages: P3Page[]) {
  return { kind: 'list' as const, url, concurrency, pool: concurrency, requests: pages.map((p) => [P3_RAW_SQL, [s.cycleId, p.district, p.subject, p.page * 25]]) };
}

/** SQLite: the same statements through better-sqlite3 in its own process (one connection; SQLite reads are synchronous). */
export async function runP3RawSqlite(s: P3Setup, file: string): Promise<P3Run> {
  await runLoadProcess('sql', { ...sqlJob(s, file, 1, s.warm), sqlite: true });
  const result = await runLoadProcess('sql', { ...sqlJob(s, file, 1, s.pages), sqlite: true });
  return { label: 'raw SQL (better-sqlite3, one statement)', result, latency: summarize(result.latencyMs), throughput: result.count / result.seconds };
}

export async function runP3Api(s: P3Setup, api: ApiProcess, concurrency: number): Promise<P3Run> {
  await runLoadProcess('http', httpJob(s, api.url, concurrency, s.warm));
  const result = await runLoadProcess('http', httpJob(s, api.url, concurrency, s.pages));
  return { label: 'Shixun (GraphQL, bureau 330000)', result, latency: summarize(result.latencyMs), throughput: result.count / result.seconds };
}

export async function runP3Raw(s: P3Setup, url: string, concurrency: number): Promise<P3Run> {
  await runLoadProcess('sql', sqlJob(s, url, concurrency, s.warm));
  const result = await runLoadProcess('sql', sqlJob(s, url, concurrency, s.pages));
  return { label: 'raw SQL (mysql2, one statement)', result, latency: summarize(result.latencyMs), throughput: result.count / result.seconds };
}

/** The first page of the busiest list over the API equals the raw statement's page (ids, schools, regions, credits). */
export async function checkP3(db: Pick<Connection, 'query'>, s: P3Setup, api: ApiProcess): Promise<{ ok: boolean; compared: number; detail?: string }> {
  const p = s.pages[0]!;
  const data = await gql<{ allTeachers: { id: string; name: string; school: { id: string }; region: { id: string }; cycleCredits: number }[] }>(
    api.url, P3_QUERY, { f: { regionId: p.district, subject: p.subject }, page: p.page, perPage: 25, cycle: String(s.cycleId) }, s.token);
  const [rows] = await db.query<RowDataPacket[]>(P3_RAW_SQL, [s.cycleId, p.district, p.subject, p.page * 25]);
  const a = data.allTeachers.map((t) => `${t.id}|${t.school.id}|${t.region.id}|${Number(t.cycleCredits).toFixed(1)}`);
  const b = rows.map((r) => `${r.id}|${r.schoolId}|${r.regionId}|${Number(r.credits).toFixed(1)}`);
  const ok = a.length === b.length && a.every((x, i) => x === b[i]);
  return { ok, compared: a.length, ...(ok ? {} : { detail: `api ${a.slice(0, 3).join(',')} … raw ${b.slice(0, 3).join(',')}` }) };
}

/**
 * SQL statements per request at page sizes 5, 25 and 100, counted by an in-process server on
 * the same database (the API processes' counters are not reachable from outside).
 */
export async function statementsPerRequest(databaseUrl: string, s: P3Setup): Promise<Record<number, number>> {
  const config = { ...loadConfig({ DATABASE_URL: databaseUrl }), port: 0 };
  const booted = await boot({ config, migrate: false });
  const app = await startApp({ ...booted, port: 0 });
  const url = app.url.replace('localhost', '127.0.0.1');
  const out: Record<number, number> = {};
  try {
    const p = s.pages[0]!;
    for (const perPage of [5, 25, 100]) {
      const before = booted.counter.total;
      await gql(url, P3_QUERY, { f: { regionId: p.district, subject: p.subject }, page: 0, perPage, cycle: String(s.cycleId) }, s.token);
      out[perPage] = booted.counter.total - before;
    }
  } finally {
    await app.close();
    await booted.ds.destroy();
  }
  return out;
}

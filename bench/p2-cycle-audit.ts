/**
 * P2 cycle audit: a whole province's C-13 audit of the 2021–2025 cycle through Shixun
 * (runRegionCycleAudit over HTTP as the platform, the Zhejiang ZJ-13..16 rules on), against one
 * raw SQL aggregation of the same teachers' ledger streamed through mysql2. Memory of the API
 * process is sampled during the run; the totals are compared with the raw aggregation and a
 * sample of teachers is audited again one by one (runCycleAudit) and compared.
 */
import { createConnection as createCallbackConnection } from 'mysql2';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { devLogins, gql, type ApiProcess } from './lib/api.js';

export const P2_RAW_SQL = `SELECT c.teacherId, c.year, SUM(c.credits) AS credits
FROM credit_record c JOIN teacher t ON t.id = c.teacherId
WHERE t.regionId LIKE ? AND c.cycleId = ?
GROUP BY c.teacherId, c.year`;

/** Session settings of the raw run: the GROUP BY's temporary table stays in memory. */
export const P2_RAW_SESSION = 'SET SESSION tmp_table_size = 1073741824, max_heap_table_size = 1073741824';

export interface P2Run {
  regionId: string;
  teachers: number;
  records: number;
  api: { seconds: number; serverMs: number; passed: number; failed: number; rows: number; rssStart: number; rssMax: number; rssEnd: number; rssSamples: number[] };
  raw: { seconds: number; rows: number; credits: number };
  check: { totalsMatch: boolean; auditCredits: number; sampled: number; sampleMismatches: number; rowsMatch: boolean; detail?: string };
}

/** The raw aggregation, streamed (rows counted and summed as they arrive), on its own connection. */
export async function runP2Raw(url: string, regionPrefix: string, cycleId: number): Promise<P2Run['raw']> {
  const conn = createCallbackConnection({ uri: url, timezone: 'Z', supportBigNumbers: true });
  const q = (sql: string) => new Promise<void>((resolve, reject) => conn.query(sql, (e) => (e ? reject(e) : resolve())));
  try {
    await q(P2_RAW_SESSION);
    const t0 = performance.now();
    let rows = 0;
    let credits = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = conn.query(P2_RAW_SQL, [`${regionPrefix}%`, cycleId]).stream();
      stream.on('data', (r: { credits: string }) => {
        rows++;
        credits += Number(r.credits);
      });
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    return { seconds: (performance.now() - t0) / 1000, rows, credits: Math.round(credits * 10) / 10 };
  } finally {
    conn.end();
  }
}

const AUDIT = `mutation($r: ID!, $c: ID!) { runRegionCycleAudit(regionId: $r, cycleId: $c) { teachers passed failed milliseconds } }`;
const ONE = `mutation($t: ID!, $c: ID!) { runCycleAudit(teacherId: $t, cycleId: $c) { totalCredits passed findings } }`;
const READ = `query($id: ID!) { CycleAudit(id: $id) { totalCredits passed findings } }`;
type Audit = { totalCredits: number; passed: boolean; findings: string };

export async function runP2Api(db: Connection, api: ApiProcess, regionId: string, cycleId: number, sample: number): Promise<Omit<P2Run, 'raw' | 'records'> & { raw?: undefined }> {
  const [token] = await devLogins(api.url, [{ role: 'platform' }]);
  const prefix = regionId.slice(0, 2);
  const [[before]] = (await db.query<RowDataPacket[]>('SELECT COALESCE(MAX(id), 0) AS m FROM cycle_audit')) as unknown as [RowDataPacket[]];
  const since = Number(before!.m);
  const rss: number[] = [api.rssMb()];
  const sampler = setInterval(() => rss.push(api.rssMb()), 250);
  const t0 = performance.now();
  let data: { runRegionCycleAudit: { teachers: number; passed: number; failed: number; milliseconds: number } };
  try {
    data = await gql(api.url, AUDIT, { r: regionId, c: String(cycleId) }, token);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  rss.push(api.rssMb());
  const run = data.runRegionCycleAudit;

  const [[count]] = (await db.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT teacherId) AS d, COALESCE(SUM(totalCredits), 0) AS s FROM cycle_audit WHERE id > ? AND cycleId = ?', [since, cycleId])) as unknown as [RowDataPacket[]];
  const [[teachers]] = (await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM teacher WHERE regionId LIKE ?', [`${prefix}%`])) as unknown as [RowDataPacket[]];
  const rowsMatch = Number(count!.n) === Number(teachers!.n) && Number(count!.d) === Number(teachers!.n) && run.teachers === Number(teachers!.n);

  // The sample: teachers with class credits, with corrections, hired during the cycle, and some at random.
  const picks = new Set<number>();
  const add = async (sql: string) => {
    const [rows] = await db.query<RowDataPacket[]>(sql, [`${prefix}%`, cycleId]);
    for (const r of rows) picks.add(Number(r.id));
  };
  const quarter = Math.max(1, Math.floor(sample / 4));
  await add(`SELECT DISTINCT c.teacherId AS id FROM credit_record c JOIN teacher t ON t.id = c.teacherId WHERE t.regionId LIKE ? AND c.cycleId = ? AND c.classId IS NOT NULL LIMIT ${quarter}`);
  await add(`SELECT DISTINCT c.teacherId AS id FROM credit_record c JOIN teacher t ON t.id = c.teacherId WHERE t.regionId LIKE ? AND c.cycleId = ? AND c.correctsId IS NOT NULL LIMIT ${quarter}`);
  await add(`SELECT t.id FROM teacher t, cycle cy WHERE t.regionId LIKE ? AND cy.id = ? AND YEAR(t.hireDate) BETWEEN cy.startYear AND cy.endYear ORDER BY t.id LIMIT ${quarter}`);
  await add(`SELECT t.id FROM teacher t WHERE t.regionId LIKE ? AND ? > 0 ORDER BY (t.id * 2654435761) % 1000003 LIMIT ${sample - picks.size}`);
  let mismatches = 0;
  let detail: string | undefined;
  for (const teacherId of picks) {
    const [[found]] = (await db.query<RowDataPacket[]>(
      'SELECT id FROM cycle_audit WHERE id > ? AND teacherId = ? AND cycleId = ? ORDER BY id LIMIT 1', [since, teacherId, cycleId])) as unknown as [RowDataPacket[]];
    // The region run's row as the API reads it (findings from their dictionary), then the same teacher audited alone.
    const row = found ? (await gql<{ CycleAudit: Audit | null }>(api.url, READ, { id: String(found.id) }, token)).CycleAudit : null;
    const one = await gql<{ runCycleAudit: Audit }>(api.url, ONE, { t: String(teacherId), c: String(cycleId) }, token);
    const same = row && row.totalCredits === one.runCycleAudit.totalCredits && row.passed === one.runCycleAudit.passed && row.findings === one.runCycleAudit.findings;
    if (!same) {
      mismatches++;
      detail ??= `teacher ${teacherId}: region run ${row ? `${row.totalCredits} ${row.findings}` : 'missing'} vs one by one ${one.runCycleAudit.totalCredits} ${one.runCycleAudit.findings}`.slice(0, 600);
    }
  }
  return {
    regionId, teachers: run.teachers,
    api: {
      seconds, serverMs: run.milliseconds, passed: run.passed, failed: run.failed, rows: Number(count!.n),
      rssStart: rss[0]!, rssMax: Math.max(...rss), rssEnd: rss[rss.length - 1]!, rssSamples: rss,
    },
    check: { totalsMatch: false, auditCredits: Number(count!.s), sampled: picks.size, sampleMismatches: mismatches, rowsMatch, ...(detail ? { detail } : {}) },
  };
}

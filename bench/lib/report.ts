import { writeFileSync } from 'node:fs';
import type { P1Run } from '../p1-selection.js';
import type { P2Run } from '../p2-cycle-audit.js';
import type { P3Run } from '../p3-console-list.js';
import { P2_RAW_SESSION, P2_RAW_SQL } from '../p2-cycle-audit.js';
import { P3_QUERY, P3_RAW_SQL } from '../p3-console-list.js';
import { int, ms } from './stats.js';

/** Everything one `npm run bench` measured; BENCHMARKS.md is written from it. */
export interface BenchReport {
  command: string;
  date: string;
  args: Record<string, unknown>;
  machine: { cpu: string; memoryGb: number; node: string; database: string; os: string; loadBefore: string; loadAfter: string };
  settings: string[];
  sizes: Record<string, number>;
  seed: { seconds: number; lines: string[] } | null;
  p1Setup?: { teachers: number; classes: number; seats: number; concurrency: number; warmup: number };
  p1: P1Run[];
  p3?: {
    raw: P3Run;
    api: P3Run;
    statements: Record<number, number>;
    check: { ok: boolean; compared: number; detail?: string };
    concurrency: number;
    cpu: { app: number; db: number };
  };
  p2: P2Run[];
  p4?: {
    rows: number;
    invalid: number;
    bytes: number;
    raw: { seconds: number; rows: number };
    api: {
      seconds: number; uploadSeconds: number; validateSeconds: number; commitSeconds: number; validateMs: number | null; importMs: number | null;
      total: number; valid: number; invalid: number; imported: number; errorSample: { row: number; field: string; messageZh: string; messageEn: string }[];
      rssStart: number; rssMax: number; rssEnd: number;
    };
    check: { importedInDb: number; changesInDb: number; ok: boolean };
  };
  sqlite?: import('../sqlite.js').SqliteReport;
  notes: string[];
  totalSeconds?: number;
}

/**
 * "Memory flat": the API process's RSS grows by less than 512 MB during the run — less than holding
 * the province's ledger or its findings would take — whatever the region's size (V8 grows its heap
 * lazily, so RSS rises within that bound and falls again after the run).
 */
const MEMORY_BOUND_MB = 512;
const flat = (start: number, max: number) => max - start < MEMORY_BOUND_MB;
const pc = (v: number) => `${(v * 100).toFixed(0)} %`;
const x = (v: number) => `${v.toFixed(2)}×`;
const s1 = (v: number) => v.toFixed(1);

function latencyRow(label: string, r: { latency: { p50: number; p95: number; p99: number; max: number }; throughput: number; result: { count: number; seconds: number } }, extra: string[] = []) {
  return `| ${label} | ${int(r.result.count)} | ${s1(r.result.seconds)} s | **${int(r.throughput)}/s** | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | **${ms(r.latency.p99)}** | ${ms(r.latency.max)} | ${extra.join(' | ')} |`;
}

function quarters(samples: number[] = []): string[] {
  const q = Math.max(1, Math.floor(samples.length / 4));
  return [0, 1, 2, 3].map((k) => samples.slice(k * q, k === 3 ? samples.length : (k + 1) * q)).filter((x) => x.length).map((x) => int(Math.max(...x)));
}

export function renderReport(r: BenchReport): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const minutes = (sec: number) => `${(sec / 60).toFixed(1)} min`;
  const p1raw = r.p1.find((p) => p.nodes === 0);
  const p1one = r.p1.find((p) => p.nodes === 1);
  const p1three = r.p1.find((p) => p.nodes === 3);
  const zj = r.p2.find((p) => p.regionId === '330000');

  line('# Benchmarks');
  line();
  line(`Written by \`npm run bench\` (bench/run.ts) from the run of **${r.date.slice(0, 16).replace('T', ' ')} UTC**; every figure below is from that run.`);
  line(`Command: \`${r.command}\` — ${r.totalSeconds ? `${minutes(r.totalSeconds)} end to end` : ''}${r.seed ? `, of which ${minutes(r.seed.seconds)} generating the data` : ''}.`);
  line('Each benchmark does the same work twice in the same run: through Shixun (GraphQL or the import API over HTTP, with');
  line('authentication, scope and the region plugins\' rules on; all three plugins of plugins.config.ts enabled, NODE_ENV unset)');
  line('and as the minimal raw SQL through mysql2 — the physical limit on this machine — and reports the ratio.');
  line('The load generators are separate processes (bench/load/http.ts, bench/load/sql.ts) with keep-alive connections.');
  line('How to rerun and what the numbers depend on: see the end of this file.');
  line();
  line('## Machine');
  line();
  line('| | |');
  line('|---|---|');
  line(`| CPU | ${r.machine.cpu} (the API processes, MariaDB and the load generators share them) |`);
  line(`| Memory | ${r.machine.memoryGb} GB |`);
  line(`| OS | ${r.machine.os} |`);
  line(`| Node | ${r.machine.node} |`);
  line(`| Database | ${r.machine.database}, 127.0.0.1:3306 over TCP |`);
  line(`| Server settings | ${r.settings.join('; ')} |`);
  line(`| Load average (1, 5, 15 min) | before ${r.machine.loadBefore}; after ${r.machine.loadAfter} — other work on the machine shows here and slows both sides alike |`);
  line();
  line('## Data');
  line();
  line(`Generated by the seed generator (\`npm run seed -- --teachers ${r.args.teachers}\`, core/seed) into the scratch database \`${r.args.db}\`, dropped afterwards.`);
  line();
  line('| | rows |');
  line('|---|---:|');
  for (const [k, v] of Object.entries(r.sizes)) line(`| ${k} | ${int(v)} |`);
  if (r.seed) {
    line();
    line('```');
    for (const l of r.seed.lines) line(l);
    line('```');
  }
  line();

  // ------------------------------------------------------------------ summary
  line('## Summary');
  line();
  line('| | Target | Shixun | Raw SQL | Ratio | |');
  line('|---|---|---|---|---|---|');
  if (p1raw && p1one) {
    const ratio = p1one.throughput / p1raw.throughput;
    const ok = ratio >= 0.6 && p1one.latency.p99 <= 200 && p1one.invariants.ok;
    line(`| **P1** selection rush (${int(r.p1Setup!.teachers)} teachers, ${r.p1Setup!.concurrency} clients, ${r.p1Setup!.classes} classes, 1 API process) | throughput ≥ 60 % of raw; p99 ≤ 200 ms; 0 over capacity; 0 lost | ${int(p1one.throughput)}/s, p99 ${ms(p1one.latency.p99)} ms; ${p1one.invariants.overCapacity} over capacity, ${p1one.invariants.lost} lost | ${int(p1raw.throughput)}/s, p99 ${ms(p1raw.latency.p99)} ms | **${pc(ratio)}** of raw throughput | ${ok ? '✅ met' : `❌ throughput ${ratio >= 0.6 ? 'met' : 'missed'}, p99 ${p1one.latency.p99 <= 200 ? 'met' : 'missed'}; invariants ${p1one.invariants.ok ? 'held ✅' : 'BROKEN'}`} |`);
  }
  if (p1raw && p1three) {
    const ratio = p1three.throughput / p1raw.throughput;
    const same = p1one ? p1three.invariants.acknowledged === p1one.invariants.acknowledged : true;
    line(`| **P1b** across nodes (3 API processes, round robin) | same totals; 0 over capacity | ${int(p1three.throughput)}/s, p99 ${ms(p1three.latency.p99)} ms; ${int(p1three.invariants.acknowledged)} seats taken${p1one ? ` (1 process: ${int(p1one.invariants.acknowledged)})` : ''}, ${p1three.invariants.overCapacity} over capacity, ${p1three.invariants.lost} lost | ${int(p1raw.throughput)}/s | ${pc(ratio)} of raw throughput | ${same && p1three.invariants.ok ? '✅ met' : '❌'} |`);
  }
  for (const p of r.p2) {
    const ratio = p.api.seconds / p.raw.seconds;
    const isFlat = flat(p.api.rssStart, p.api.rssMax);
    const name = p.regionId === '330000' ? 'Zhejiang (ZJ-13..16 rules)' : 'Chongqing (core only, no plugin audit rules)';
    line(`| **P2** cycle audit, ${name}: ${int(p.teachers)} teachers, ${int(p.records)} records of the cycle | ≤ 60 s; ≤ 1.5× one raw SQL aggregation; memory flat | ${s1(p.api.seconds)} s; RSS ${int(p.api.rssStart)} → max ${int(p.api.rssMax)} MB | ${s1(p.raw.seconds)} s | **${x(ratio)}** | ${p.api.seconds <= 60 ? '✅' : '❌'} ≤ 60 s; ${ratio <= 1.5 ? '✅' : '❌'} ratio; ${isFlat ? '✅' : '❌'} memory |`);
  }
  if (r.p2.length === 2) {
    const secs = r.p2.reduce((a, p) => a + p.api.seconds, 0), raw = r.p2.reduce((a, p) => a + p.raw.seconds, 0);
    line(`| P2, both provinces (all ${int(r.p2.reduce((a, p) => a + p.teachers, 0))} teachers) | | ${s1(secs)} s | ${s1(raw)} s | ${x(secs / raw)} | |`);
  }
  if (r.p3) {
    const p = r.p3;
    const ratio = p.api.latency.p95 / p.raw.latency.p95;
    const maxStatements = Math.max(...Object.values(p.statements));
    const constant = new Set(Object.values(p.statements)).size === 1;
    line(`| **P3** console list (page of 25 with school, region, cycle credits; district + subject; by name; ${p.concurrency} clients) | p95 ≤ 30 ms; ≤ 2× raw; ≤ 4 statements whatever the page size | p95 ${ms(p.api.latency.p95)} ms (p50 ${ms(p.api.latency.p50)}); ${Object.entries(p.statements).map(([k, v]) => `${v} statement${v === 1 ? '' : 's'} at ${k}/page`).join(', ')} | p95 ${ms(p.raw.latency.p95)} ms (p50 ${ms(p.raw.latency.p50)}) | **${x(ratio)}** (p95) | ${p.api.latency.p95 <= 30 ? '✅' : '❌'} p95; ${ratio <= 2 ? '✅' : '❌'} ratio; ${maxStatements <= 4 && constant ? '✅' : '❌'} statements |`);
  }
  if (r.p4) {
    const p = r.p4;
    const apiRate = p.api.imported / p.api.seconds, rawRate = p.raw.rows / p.raw.seconds;
    const commitRate = p.api.imported / p.api.commitSeconds;
    line(`| **P4** roster import (${int(p.rows)} rows .xlsx, ${int(p.invalid)} with mistakes) | ≥ 50 % of raw batched INSERT speed; per-row errors; memory flat | ${int(apiRate)} rows/s end to end (${s1(p.api.seconds)} s: validate ${s1(p.api.validateSeconds)} s, commit ${s1(p.api.commitSeconds)} s = ${int(commitRate)} rows/s); ${int(p.api.invalid)} row errors; RSS max ${int(p.api.rssMax)} MB | ${int(rawRate)} rows/s (${s1(p.raw.seconds)} s) | **${pc(apiRate / rawRate)}** end to end, ${pc(commitRate / rawRate)} commit | ${apiRate / rawRate >= 0.5 ? '✅' : '❌'} speed; ${p.api.invalid === p.invalid ? '✅' : '❌'} errors; ${flat(p.api.rssStart, p.api.rssMax) ? '✅' : '❌'} memory |`);
  } else line('| **P4** roster import | ≥ 50 % of raw batched INSERT speed | not run | | | |');
  if (r.sqlite?.p3) {
    const p = r.sqlite.p3;
    line(`| P3 on SQLite (${int(r.sqlite.teachers)} teachers) | as P3 | p95 ${ms(p.api.latency.p95)} ms; ${Math.max(...Object.values(p.statements))} statement${Math.max(...Object.values(p.statements)) === 1 ? '' : 's'} | p95 ${ms(p.raw.latency.p95)} ms | ${x(p.api.latency.p95 / p.raw.latency.p95)} (p95) | ${p.api.latency.p95 <= 30 ? '✅' : '❌'} p95; ${p.api.latency.p95 / p.raw.latency.p95 <= 2 ? '✅' : '❌'} ratio |`);
  }
  if (r.sqlite?.p2) {
    const p = r.sqlite.p2;
    line(`| P2 on SQLite, Zhejiang (${int(p.teachers)} teachers) | as P2 | ${s1(p.api.seconds)} s; RSS ${int(p.api.rssStart)} → max ${int(p.api.rssMax)} MB | ${s1(p.raw.seconds)} s | ${x(p.api.seconds / p.raw.seconds)} | ${p.api.seconds <= 60 ? '✅' : '❌'} ≤ 60 s; ${p.api.seconds / p.raw.seconds <= 1.5 ? '✅' : '❌'} ratio |`);
  }
  line();

  // ------------------------------------------------------------------ P1
  if (r.p1.length && r.p1Setup) {
    const st = r.p1Setup;
    line('## P1 selection rush and P1b across nodes');
    line();
    line(`${int(st.teachers)} Zhejiang teachers each select one of ${st.classes} classes (${int(st.seats)} seats; popularity falls with the class's rank, so the first classes fill and later selections of them get CLASS_FULL) with ${st.concurrency} concurrent clients.`);
    line('Zhejiang round rules on: a period saved through the `zhejiang.period` form with round 1 open today (ZJ-9, ZJ-10), published provincial projects and classes with published schedules; ZJ-1 runs too (projects under 90 credits). Teachers log in with `devLogin` (tokens carry their region) before the clock starts.');
    line(`Each side first runs a warm-up of ${int(st.warmup)} selections on other classes (whose seats run out after about two thirds of it, so that refusals are warm too), then the database is reset and the measured run starts from the same state; after each run the invariants are checked in the database and the state reset again.`);
    line();
    const g = p1one?.groups;
    line(`- Shixun: \`mutation($c: ID!) { selectClass(classId: $c) { id status } }\`, decided by group commit (core/workflow/selection-batch.ts): the selections reaching the API process while its previous groups are being written are decided together in one transaction — the teachers' own rows and the classes through the same scope SQL as one by one (one UNION ALL over the distinct scopes), C-3, the Zhejiang rules at \`selection.create\` through their batch forms, the (teacher, class) unique index, C-4 seats handed out in arrival order under the class rows' locks (taken in id order, so groups of several processes never deadlock), one multi-row INSERT of the selections and one of their audit events (one event per selection) — about a dozen statements per group, up to three groups in flight per process (\`SHIXUN_SELECTION_GROUPS\`). Every request still gets its own answer; a request arriving at an idle process is decided at once, alone.${g ? ` In the measured run: ${int(g.requests)} selections in ${int(g.groups)} groups (${s1(g.requests / Math.max(1, g.groups))} per group), ${g.fallbacks} groups redone one by one.` : ''}`);
    line('- Raw SQL (bench/load/sql.ts, 20 pooled connections): `START TRANSACTION; UPDATE training_class SET enrolled = enrolled + 1 WHERE id = ? AND enrolled < capacity;` then `INSERT INTO enrollment …; COMMIT` (or `ROLLBACK` when no seat).');
    line();
    line('| Run | requests | wall | throughput | p50 ms | p95 ms | p99 ms | max ms | outcomes | CPU ms/request (API / MariaDB / load generator) |');
    line('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
    for (const p of r.p1) line(latencyRow(p.label, p, [Object.entries(p.result.outcomes).map(([k, v]) => `${k} ${int(v)}`).join(', '), p.cpu ? `${p.nodes ? ms(p.cpu.app) : '–'} / ${ms(p.cpu.db)} / ${p.cpu.load !== undefined ? ms(p.cpu.load) : '?'}` : '']));
    line();
    line(`Each row is the best of ${r.p1[0]?.repeats?.length ?? 1} runs of that configuration, the runs of raw SQL and Shixun interleaved (all runs: ${r.p1.map((p) => `${p.label} ${(p.repeats ?? [{ throughput: p.throughput }]).map((x) => `${int(x.throughput)}/s`).join(', ')}`).join('; ')}); the invariants below held in every run${r.p1.every((p) => (p.repeats ?? []).every((x) => x.ok)) ? '' : ' — NOT: see the runs above'}.`);
    line('CPU per request is read from /proc for the API processes and for mariadbd, warm-up included, and by the load generator for itself; the MariaDB figure includes anything else the server did meanwhile (other databases on the same server).');
    if (p1one?.floor && p1raw) line(`The floor of GraphQL over HTTP here: the same ${r.p1Setup.concurrency} clients and tokens sending \`{ __typename }\` (HTTP, the token check, the operation check and graphql-js's execute on a document parsed and validated once; no resolver, no SQL) through the same API process: **${int(p1one.floor.throughput)}/s** (${pc(p1one.floor.throughput / p1raw.throughput)} of the raw selection rate), ${ms(p1one.floor.appCpu)} ms of API CPU per request, p99 ${ms(p1one.floor.p99)} ms — no mutation can beat it in one process.`);
    line();
    line('Invariants, checked in the database after every run:');
    line();
    line('| Run | classes over capacity | `enrolled` ≠ seats held | acknowledged | lost | in the database but not acknowledged | full classes |');
    line('|---|---:|---:|---:|---:|---:|---:|');
    for (const p of r.p1) {
      const i = p.invariants;
      line(`| ${p.label} | **${i.overCapacity}** | ${i.seatMismatch} | ${int(i.acknowledged)} | **${i.lost}** | ${i.unacknowledged} | ${i.fullClasses} |`);
    }
    line();
  }

  // ------------------------------------------------------------------ P2
  if (r.p2.length) {
    line('## P2 cycle audit');
    line();
    line('`runRegionCycleAudit(regionId, cycleId)` (core/workflow/cycle-audit-region.ts) over HTTP as the platform, for the 2021–2025 cycle: every teacher of the province gets a CycleAudit row with the same total, verdict and findings as `runCycleAudit` gives one by one.');
    line('Teachers are taken 1,000 at a time in id order (the same time as 5,000, half the heap growth). Each chunk\'s ledger is one read of its rows through the covering index (the source as its place in CreditSource and the credits in tenths, integers the driver reads fastest) summed in the API process into each teacher\'s ledger — plain records per year and per source, class credits and corrections listed — and C-13\'s totals; MariaDB\'s GROUP BY with a conditional sum per year and per source cost four times the read. The plugins\' `cycle.audit` checks run once per chunk through their batch form (Zhejiang ZJ-13..16: cycles, class projects and curricula read once per run through the batch memo, each distinct finding built once and shared as a frozen object); each distinct finding is stored once (`audit_finding`, content-addressed) and a row lists its findings by id, read back by the API as the same JSON text; each chunk\'s rows go in as one prepared multi-row INSERT (bound values: nothing escaped in Node, nothing lexed by the server) on a chain of writes of their own, while the next chunk is read and checked.');
    line('Raw SQL: one aggregation of the same teachers\' ledger, streamed through mysql2 (its GROUP BY given an in-memory temporary table):');
    line();
    line('```sql');
    line(`${P2_RAW_SESSION};`);
    line(P2_RAW_SQL.replace('?', "'33%'").replace('?', '1') + ';');
    line('```');
    line();
    line(`Memory: the API process's RSS sampled every 250 ms during the run (max of each quarter of the run shown below); "flat" here means it grows by less than ${MEMORY_BOUND_MB} MB whatever the region's size — the audit holds a few chunks of 1,000 teachers (one being checked, one being read, up to two being written), never the province (its ledger is millions of rows, its findings as text hundreds of MB). V8 grows its heap lazily, so RSS creeps up within that bound and drops after the run.`);
    line();
    line('| Region | teachers | records | Shixun | raw SQL | ratio | passed / failed | RSS MB start → max → end (max per quarter) | totals = raw | one-by-one sample |');
    line('|---|---:|---:|---:|---:|---:|---|---|---|---|');
    for (const p of r.p2)
      line(`| ${p.regionId} | ${int(p.teachers)} | ${int(p.records)} | **${s1(p.api.seconds)} s** | ${s1(p.raw.seconds)} s | **${x(p.api.seconds / p.raw.seconds)}** | ${int(p.api.passed)} / ${int(p.api.failed)} | ${int(p.api.rssStart)} → ${int(p.api.rssMax)} → ${int(p.api.rssEnd)} (${quarters(p.api.rssSamples).join(', ')}) | ${p.check.totalsMatch ? '✅' : '❌'} Σ ${int(p.check.auditCredits)} credits, ${p.check.rowsMatch ? 'one row per teacher ✅' : 'row count ❌'} | ${p.check.sampled} teachers re-audited one by one, **${p.check.sampleMismatches}** differ${p.check.detail ? ` (${p.check.detail.replace(/\|/g, '/')})` : ''} |`);
    line();
  }

  // ------------------------------------------------------------------ P3
  if (r.p3) {
    const p = r.p3;
    line('## P3 console list');
    line();
    line(`The console's teacher list as the province's bureau (scope \`regionId LIKE '33%'\`), ${int(p.api.result.count)} requests over districts and subjects weighted by their teachers (70 % of them on the first four pages, the rest anywhere in the list), ${p.concurrency} concurrent clients, after a warm-up of the same kind.`);
    line();
    line('```graphql');
    line(P3_QUERY);
    line('```');
    line();
    line('Raw SQL, one statement per page (bench/load/sql.ts):');
    line();
    line('```sql');
    line(P3_RAW_SQL);
    line('```');
    line();
    line('| | requests | wall | throughput | p50 ms | p95 ms | p99 ms | max ms | outcomes |');
    line('|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const run of [p.raw, p.api]) line(latencyRow(run.label, run, [Object.entries(run.result.outcomes).map(([k, v]) => `${k} ${int(v)}`).join(', ')]));
    line();
    line(`SQL statements per request (counted by an in-process server's SqlCounter on the same database): ${Object.entries(p.statements).map(([k, v]) => `**${v}** at perPage ${k}`).join(', ')} — the list itself: its to-one relations (school, region) LEFT JOINed and handed to the request's DataLoaders, the cycle credits a correlated SUM under the credit records' own scope, only the columns the query asks for.`);
    line(`The API's page equals the raw statement's page (ids, schools, regions, credits): ${p.check.ok ? `✅ (${p.check.compared} rows compared)` : `❌ ${p.check.detail ?? ''}`}. CPU per request (from /proc, warm-up included): API ${ms(p.cpu.app)} ms, MariaDB ${ms(p.cpu.db)} ms (the MariaDB figure includes anything else the server did meanwhile).`);
    line();
  }

  // ------------------------------------------------------------------ P4
  line('## P4 roster import');
  line();
  if (r.p4) {
    const p = r.p4;
    line(`A ${int(p.rows)}-row roster (.xlsx, ${(p.bytes / 1024 ** 2).toFixed(1)} MB, written with exceljs; every 100th row has a mistake: a wrong check digit, an empty subject or an unknown school code) uploaded as the province's bureau: \`POST /import/teachers\`, \`GET /import/jobs/:id\` until validated, \`POST /import/jobs/:id/commit?mode=valid\`, \`GET /import/jobs/:id\` until done.`);
    line('Raw SQL: the same valid rows (teacher and its version-1 teacher_change) as multi-row INSERTs of 2,000 rows, one transaction, through mysql2.');
    line();
    line('| | rows written | time | rows/s |');
    line('|---|---:|---:|---:|');
    line(`| raw batched INSERT | ${int(p.raw.rows)} | ${s1(p.raw.seconds)} s | ${int(p.raw.rows / p.raw.seconds)} |`);
    line(`| Shixun, end to end (upload ${s1(p.api.uploadSeconds)} s + validation ${s1(p.api.validateSeconds)} s + commit ${s1(p.api.commitSeconds)} s) | ${int(p.api.imported)} | ${s1(p.api.seconds)} s | **${int(p.api.imported / p.api.seconds)}** (${pc(p.api.imported / p.api.seconds / (p.raw.rows / p.raw.seconds))} of raw) |`);
    line(`| Shixun, commit only | ${int(p.api.imported)} | ${s1(p.api.commitSeconds)} s | ${int(p.api.imported / p.api.commitSeconds)} (${pc(p.api.imported / p.api.commitSeconds / (p.raw.rows / p.raw.seconds))} of raw) |`);
    line();
    line(`Rows: ${int(p.api.total)} read, ${int(p.api.valid)} valid, **${int(p.api.invalid)}** with errors (expected ${int(p.invalid)}), ${int(p.api.imported)} imported; in the database afterwards ${int(p.check.importedInDb)} teachers and ${int(p.check.changesInDb)} version records ${p.check.ok ? '✅' : '❌'}.`);
    line(`First row errors as the job reports them: ${p.api.errorSample.map((e) => `row ${e.row} ${e.field}: ${e.messageZh} / ${e.messageEn}`).join('; ')}.`);
    line(`API process memory (RSS): ${int(p.api.rssStart)} MB before, ${int(p.api.rssMax)} MB at most, ${int(p.api.rssEnd)} MB after.`);
  } else line('Not run in this run (`--only` left it out).');
  line();

  // ------------------------------------------------------------------ SQLite
  if (r.sqlite) {
    const q = r.sqlite;
    line('## SQLite');
    line();
    line(`The embedded database of a small deployment, where it makes sense: the console list (P3) and the cycle audit (P2) on a generated file of ${int(q.teachers)} teachers and ${int(q.creditRecords)} credit records (${int(q.fileMb)} MB, seeded in ${s1(q.seedSeconds)} s), the same requests through Shixun and as raw SQL through better-sqlite3 (one connection in its own process; SQLite reads are synchronous). The selection rush is not run on SQLite: it takes one writer at a time by design, and its capacity invariant is checked on both databases by npm test.`);
    line();
    if (q.p3) {
      line('| P3 | requests | wall | throughput | p50 ms | p95 ms | p99 ms | max ms | |');
      line('|---|---:|---:|---:|---:|---:|---:|---:|---|');
      for (const run of [q.p3.raw, q.p3.api]) line(latencyRow(run.label, run, ['']));
      line();
      line(`Statements per request: ${Object.entries(q.p3.statements).map(([k, v]) => `${v} at perPage ${k}`).join(', ')}; the API's page equals the raw statement's: ${q.p3.check.ok ? '✅' : '❌'}.`);
      line();
    }
    if (q.p2) line(`P2 on SQLite: Zhejiang's ${int(q.p2.teachers)} teachers audited in ${s1(q.p2.api.seconds)} s against ${s1(q.p2.raw.seconds)} s for the raw aggregation (${x(q.p2.api.seconds / q.p2.raw.seconds)}); Σ totalCredits equals the raw aggregation's Σ: ${q.p2.totalsMatch ? '✅' : '❌'}; API RSS ${int(q.p2.api.rssStart)} → max ${int(q.p2.api.rssMax)} MB.`);
    line();
  }

  // ------------------------------------------------------------------ analysis
  line('## How the targets were reached; where one is missed, by how much, why, and what would close it');
  line();
  if (p1raw && p1one) {
    const ratio = p1one.throughput / p1raw.throughput;
    line(`**P1 throughput: ${pc(ratio)} of raw, target 60 % (${ratio >= 0.6 ? 'met' : `missed by ${(60 - ratio * 100).toFixed(0)} points`}); p99 ${ms(p1one.latency.p99)} ms, target 200 ms (${p1one.latency.p99 <= 200 ? 'met' : 'missed'}).**`);
    const f = p1one.floor;
    line(`The database is not the limit any more: group commit brought MariaDB to ${ms(p1one.cpu?.db ?? NaN)} ms of CPU per selection (the raw transaction: ${ms(p1raw.cpu?.db ?? NaN)} ms). The limit is the one Node thread of the API process: ${p1one.cpu ? ms(p1one.cpu.app) : '?'} ms of CPU per selection${f ? `, of which ${ms(f.appCpu)} ms is what any GraphQL request costs here (the floor above: HTTP, token, GraphQL), so a process that did nothing but answer \`{ __typename }\` would reach ${pc(f.throughput / p1raw.throughput)} of the raw rate` : ''}. The rest is the selection itself: type-graphql's resolver and argument plumbing, the group's share of the statements (TypeORM hydrating the classes and projects the rules receive) and, for the third of the requests refused CLASS_FULL, building the refusal.`);
    line(`What was done (the previous run of this file: 217/s = 9 % of raw, p99 1,435 ms): group commit instead of one transaction per selection (a dozen statements per group instead of nine per selection); scope checked for a whole group in one UNION ALL, its SQL built once per distinct scope; Zhejiang's ZJ-1/9/10 in batch form (one period lookup per start date); \`POST /graphql\` straight from node:http (Express's router, body parser, content negotiation and ETag cost more than a small mutation), and the ordinary request answered past Apollo's per-request pipeline (plugin hooks, a SHA-256 of every query, content negotiation twice: as much CPU as the selection; core/server/graphql-fast-path.ts does the same with the same pieces and leaves anything unusual to Apollo — it halved the floor); the class rows locked and counted by plain SQL; refusals built without collecting a stack; mysql2 no longer recording the caller's stack before every statement; a warm-up that also fills classes, so refusals are compiled before the clock starts; the token's HMAC by node:crypto instead of WebCrypto; each mutation's audit store passed in the GraphQL context and on its transaction's query runner instead of an AsyncLocalStorage (on Node 20 that keeps promise hooks on for every promise of the process: about a tenth of the API's time per selection); complexity and depth of a document computed once; refusals located without formatting a stack trace; class-validator imported once (type-graphql imported it per argument, and under the TypeScript loader each import resolved again); the API started with the ESM loader only.`);
    const cores = r.machine.cpu.split('×')[1]?.trim() ?? '2';
    if (p1one.latency.p99 > 200) line(`The p99 follows the throughput: ${int(r.p1Setup?.concurrency ?? 200)} clients at ${int(p1one.throughput)} selections/s keep each request ${ms(1000 * (r.p1Setup?.concurrency ?? 200) / p1one.throughput)} ms in flight on average (Little's law; p50 ${ms(p1one.latency.p50)} ms), and the tail is a request that arrives just after a group closed and waits for the groups in flight and then its own. More groups in flight or smaller ones shorten that wait but cost throughput (SHIXUN_SELECTION_GROUPS 1, 2, 3 and 5 measured; 3 is the default).`);
    line(`${ratio >= 0.6 && p1one.latency.p99 <= 200 ? 'What would take it further' : 'What would close it'}: a second core for the API. The processes are stateless (P1b: ${p1three ? `three processes, the same ${int(p1three.invariants.acknowledged)} seats taken, 0 over capacity` : 'see above'}), but this machine has ${cores} cores for the API processes, MariaDB and the load generator (${p1one.cpu?.load !== undefined ? `${ms(p1one.cpu.load)} ms of CPU per request itself` : 'which needs CPU itself'}): with one process keeping one core busy, the other is shared by MariaDB and the load generator, and more processes only split the same cores (P1b ran at ${p1three ? x(p1three.throughput / p1one.throughput) : '?'} one process's throughput) and make each group smaller. On a machine with a core per API process next to the database, throughput grows with the processes until MariaDB's commit rate; in one process, what remains is Node's HTTP server and the token check (most of the floor) and the selection itself.`);
    line();
  }
  for (const p of r.p2) {
    const ratio = p.api.seconds / p.raw.seconds;
    line(`**P2 ${p.regionId}: ${s1(p.api.seconds)} s = ${x(ratio)} the raw aggregation (${s1(p.raw.seconds)} s), target 1.5× (${ratio <= 1.5 ? 'met' : `missed by ${x(ratio - 1.5)}`}); the 60 s bound is ${p.api.seconds <= 60 ? 'met' : 'missed'}.**`);
    if (p.regionId === '330000') {
      const cq = r.p2.find((o) => o.regionId === '500000');
      line(`The raw aggregation only reads; the audit also writes one row per teacher (${int(p.api.rows)} rows, its findings listed by id) and computes the Zhejiang rules for every teacher in the one Node thread — for nearly every generated teacher several findings (the generated ledgers fall short of ZJ-13's 360 credits and 24 a year).${cq ? ` Without plugin rules — Chongqing, ${int(cq.teachers)} teachers, every audit passing with an empty list — the same machinery runs at ${x(cq.api.seconds / cq.raw.seconds)} its raw aggregation: the rest of Zhejiang's ${x(ratio)} is the rules and their findings.` : ''}`);
      line('What got it there (3.9× at the start of 2026-11-21): the ledger read as plain rows and summed in Node instead of a GROUP BY with a conditional sum per year and source; teachers walked by primary key; each chunk written as one prepared multi-row INSERT on a write chain of its own; each distinct finding stored once and listed by id (the rows had carried 200 MB of bilingual text); the Zhejiang batch reading cycles, projects and curricula once per run (its memo) and summing each teacher without closures or temporary objects; each teacher\'s plain credits per year handed to the rules as an array, not an object keyed by years (V8 keeps such an object as a hash table: two per teacher cost more than reading the ledger), C-13\'s per-year totals built only if a rule asks, the credits read as INT rather than BIGINT (which the driver hands over as strings).');
      line(`Where the time goes (CPU profiles of the API, Zhejiang, 2026-11-22): before the last changes the API thread was busy 8.4 s of the run's 9.5 s — reading and summing the ledger ~2.5 s (of which building two objects keyed by years per teacher 0.45 s), the Zhejiang rules ~2.1 s, the writes ~1 s, garbage collection ~0.7 s; after them, the ledger and the rules alone (no writes, one chunk after the other) took 3.1 s of API CPU instead of 5.0 s, and the run's wall time fell to the database's: MariaDB reads the 3.4 M rows and writes the audits on the other core meanwhile. ${ratio <= 1.5 ? 'What would take it further' : 'What would close the rest'}: the audit in the database (INSERT … SELECT, the plugins contributing their rules as SQL); writing only the audits that changed since the last run.`);
    } else {
      line(`No plugin audits Chongqing's cycle: the core's totals only, every audit passing. The cost over the raw aggregation is writing ${int(p.api.rows)} rows, one per teacher.`);
    }
    line();
  }
  if (r.p3) {
    const p = r.p3;
    const ratio = p.api.latency.p95 / p.raw.latency.p95;
    if (p.api.latency.p95 > 30 || ratio > 2) {
      line(`**P3: p95 ${ms(p.api.latency.p95)} ms (target 30 ms), ${x(ratio)} raw (target 2×).**`);
      line(`The database side is the raw statement's: ${Math.max(...Object.values(p.statements))} statement${Math.max(...Object.values(p.statements)) === 1 ? '' : 's'} whatever the page size, on the same indexes (teacher (regionId, subject, name) gives the page in order — the district filter is an equality, not a LIKE; credit_record (teacherId, cycleId, …, regionId) covers the sum and the bureau's credit scope). The difference is the API process: about ${ms(p.cpu.app)} ms of CPU per request (HTTP, token, GraphQL execution of 25 rows × 10 fields, TypeORM building and reading the statement) against ${ms(p.cpu.db)} ms in MariaDB; with ${p.concurrency} clients on one Node thread, requests queue behind each other.`);
      line('What would close it: more API processes on more cores (stateless; the list scales with them).');
      if (r.sqlite?.p3) line(`On SQLite (in the API process, no network round trips) the same list meets the 30 ms target: p95 ${ms(r.sqlite.p3.api.latency.p95)} ms; its raw side is a synchronous in-process call (p95 ${ms(r.sqlite.p3.raw.latency.p95)} ms), so the ratio there only says what HTTP and GraphQL cost per request.`);
      line();
    }
  }
  if (r.p4) {
    const p = r.p4;
    const rate = p.api.imported / p.api.seconds / (p.raw.rows / p.raw.seconds);
    if (rate < 0.5) {
      line(`**P4: ${pc(rate)} of raw INSERT speed end to end (target 50 %).** Validation reads the workbook, checks every row (ID number, school in scope, duplicates in the file and the database) and writes the error list before anything is inserted; the commit itself runs at ${pc(p.api.imported / p.api.commitSeconds / (p.raw.rows / p.raw.seconds))} of raw. What would close it: validating while the file uploads and inserting while validating (one pass instead of two).`);
      line();
    }
  }
  line('## How to rerun');
  line();
  line('```sh');
  line('npm run bench                              # everything, 600,000 teachers (under 15 minutes here)');
  line('npm run bench -- --teachers 100000 --p1-teachers 5000 --p4-rows 20000 --sqlite-teachers 20000   # a quick run');
  line('npm run bench -- --only P3 --reuse --keep  # one benchmark on a database kept from an earlier run');
  line('```');
  line();
  line(`It needs MariaDB or MySQL (\`--server\`, default mysql://root@127.0.0.1:3306) and creates, fills and drops the scratch database \`${r.args.db}\`. For the run it raises innodb_buffer_pool_size to \`--buffer-pool\` (default 4G; \`none\` leaves it) and restores it afterwards. The ratios, not the absolute figures, are what should carry over to another machine: both sides of each benchmark run on the same machine in the same minutes, from the same state. They still depend on the core count (P1 and P3 are bound by the API process's one thread here), on disk flush latency (P1, innodb_flush_log_at_trx_commit = 1) and on whatever else the machine is doing (the load averages above).`);
  line('The raw results as JSON: test-output/bench-results.json.');
  for (const n of r.notes) line(`- ${n}`);
  return `${out.join('\n')}\n`;
}

export function writeReport(path: string, r: BenchReport): void {
  writeFileSync(path, renderReport(r));
}

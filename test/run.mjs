#!/usr/bin/env node
// npm test: typecheck, then the whole suite on SQLite, then again on MariaDB/MySQL when
// one answers (DATABASE_URL if it is mysql://, else mysql://root@127.0.0.1:3306).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';

const extra = process.argv.slice(2);
const results = [];
mkdirSync('test-output', { recursive: true });

function step(label, cmd, args, env = {}) {
  console.log(`\n━━ ${label} ━━`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  return { ok: r.status === 0, seconds };
}

function vitest(label, file, env, only = []) {
  const out = `test-output/vitest-${file}.json`;
  const r = step(label, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...only, ...extra], env);
  let passed = 0, failed = 0, skipped = 0;
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.numPassedTests; failed = j.numFailedTests; skipped = j.numPendingTests + j.numTodoTests;
  }
  results.push({ label, ...r, passed, failed, skipped });
}

async function mysqlServer() {
  const url = /^(mysql|mariadb):\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : 'mysql://root@127.0.0.1:3306/test';
  const server = url.replace(/^mariadb:/, 'mysql:').replace(/\/[^/]*$/, '');
  try {
    const c = await createConnection({ uri: server, connectTimeout: 3000 });
    const [rows] = await c.query('SELECT VERSION() AS v');
    await c.end();
    return { server, version: rows[0].v };
  } catch (e) {
    return { server, error: e.message };
  }
}

const tc = step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
results.push({ label: 'typecheck', ...tc, passed: tc.ok ? 1 : 0, failed: tc.ok ? 0 : 1, skipped: 0 });

// The console (admin/): its own typecheck, then the production build the server and the browser tests use.
const atc = step('admin typecheck', 'npx', ['tsc', '--noEmit', '-p', 'admin/tsconfig.json']);
results.push({ label: 'admin typecheck', ...atc, passed: atc.ok ? 1 : 0, failed: atc.ok ? 0 : 1, skipped: 0 });
const ab = step('admin build (vite)', 'npx', ['vite', 'build', '--config', 'admin/vite.config.ts', '--logLevel', 'warn']);
results.push({ label: 'admin build (vite)', ...ab, passed: ab.ok ? 1 : 0, failed: ab.ok ? 0 : 1, skipped: 0 });

vitest('tests on SQLite (embedded)', 'sqlite', { DATABASE_URL: '' , SHIXUN_TEST_MYSQL: '' });

// Each plugin's tests enable just that plugin; run them once more beside every plugin of plugins.config.ts.
if (!extra.length)
  vitest('plugin tests with every plugin enabled (SQLite)', 'all-plugins', { DATABASE_URL: '', SHIXUN_TEST_MYSQL: '', SHIXUN_TEST_ALL_PLUGINS: '1' }, [
    'plugins/', 'test/e2e/plugin-chongqing', 'test/e2e/plugin-zhejiang', 'test/e2e/plugin-yuhang', 'test/e2e/migration-drift',
    'test/e2e/permission-matrix',
  ]);

const my = await mysqlServer();
if (my.version) vitest(`tests on ${/mariadb/i.test(my.version) ? 'MariaDB' : 'MySQL'} ${my.version.split('-')[0]} (${my.server})`, 'mysql', { SHIXUN_TEST_MYSQL: my.server });
else console.log(`\nMariaDB/MySQL not reachable at ${my.server} (${my.error}): suite ran on SQLite only.`);

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.label}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds} s)`);
console.log(`databases: SQLite${my.version ? ` and ${my.version}` : ' only'}`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

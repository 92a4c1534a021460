import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig, type AppConfig } from '../../core/config.js';

/**
 * A fresh, empty database for one test file: a temporary SQLite file, or — when
 * SHIXUN_TEST_MYSQL is set (npm test's second pass) — a scratch database on that server.
 */
export const testDialect = process.env.SHIXUN_TEST_MYSQL ? 'mysql' : 'sqlite';

let seq = 0;
export async function freshDatabase(): Promise<{ config: AppConfig; drop: () => Promise<void> }> {
  const server = process.env.SHIXUN_TEST_MYSQL;
  if (server) {
    const name = `shixun_t${process.pid}_${seq++}`;
    const admin = await createConnection(server);
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    return {
      config: { ...loadConfig({ DATABASE_URL: `${server.replace(/\/$/, '')}/${name}` }), port: 0 },
      drop: async () => {
        const c = await createConnection(server);
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'shixun-test-'));
  return {
    config: { ...loadConfig({ DATABASE_URL: join(dir, 'test.sqlite') }), port: 0 },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

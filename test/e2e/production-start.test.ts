import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../core/auth/demo-users.js';
import { hashPassword } from '../../core/auth/password.js';
import { boot } from '../../core/boot.js';
import { loadConfig } from '../../core/config.js';
import { User } from '../../core/entities/index.js';

/** `npm start` with NODE_ENV=production on a fresh database, as an operator would run it. */
function start(env: Record<string, string>, file = join(mkdtempSync(join(tmpdir(), 'shixun-prod-')), 'prod.sqlite')) {
  return spawnSync('npx', ['tsx', 'core/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: file, PORT: '0', SHIXUN_TEST_MYSQL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('a production start refuses unsafe settings, saying what to set', () => {
  it('without TOKEN_SECRET and without any administrator', () => {
    const r = start({ TOKEN_SECRET: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOKEN_SECRET is not set');
    expect(r.stderr).toContain('npm run create-admin');
  });

  it('while a demo user with the documented password is active', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shixun-prod-')), 'prod.sqlite');
    const { ds } = await boot({ config: loadConfig({ DATABASE_URL: file }), entries: [] });
    await ds.getRepository(User).insert({ username: 'admin', displayName: 'demo', passwordHash: await hashPassword(DEMO_PASSWORD), demo: true, active: true, failedLogins: 0, lockedUntil: null, createdAt: new Date() });
    await ds.destroy();
    const r = start({ TOKEN_SECRET: 'a'.repeat(16) + 'b'.repeat(16) + 'c' }, file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('1 demo user(s) with documented passwords are active');
  });

  it('with the development secret', () => {
    const r = start({ TOKEN_SECRET: 'shixun-development-secret-not-for-production' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOKEN_SECRET is the development default');
  });
});

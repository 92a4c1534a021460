import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` (tsx core/main.ts) with a broken plugins config, pointed at by
 * SHIXUN_PLUGINS_CONFIG: the process stops before touching the database, exit code 1,
 * and stderr is exactly one line naming the plugin and the problem.
 */
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'shixun-plugins-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = `import { definePlugin } from ${JSON.stringify(join(root, 'core/plugin-host/define-plugin.ts'))};
import { example } from ${JSON.stringify(join(root, 'plugins/example/index.ts'))};
void definePlugin; void example;
`;

function start(name: string, body: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const file = join(dir, `${name}.config.ts`);
  writeFileSync(file, HEADER + body);
  // The tsx binary itself (what `npx tsx` runs), so npm's own warnings stay out of stderr.
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['core/main.ts'], {
    cwd: root,
    env: { ...process.env, SHIXUN_PLUGINS_CONFIG: file, DATABASE_URL: join(dir, `${name}.sqlite`), PORT: '0', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stderr, stdout })));
}

describe('start-up with a broken plugins config', () => {
  it('unknown option, duplicate plugin, missing dependency: exit 1 with one line each', async () => {
    const [unknown, duplicate, missing] = await Promise.all([
      start('unknown-option', `export default [example({ foo: 1 } as never)];\n`),
      start('duplicate', `export default [example(), example({ maxHours: 100 })];\n`),
      start(
        'missing-dependency',
        `const district = definePlugin<object>({ name: 'district', regions: ['330110'], dependsOn: ['province'], defaults: {}, optionsSchema: {}, setup: () => ({}) });
export default [district()];\n`,
      ),
    ]);
    for (const r of [unknown, duplicate, missing]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(unknown.stderr).toBe('Shixun cannot start: plugin "example": unknown option "foo"\n');
    expect(duplicate.stderr).toBe('Shixun cannot start: plugin "example": enabled twice in plugins.config.ts\n');
    expect(missing.stderr).toBe('Shixun cannot start: plugin "district": depends on "province", which is not enabled in plugins.config.ts\n');
  });
});

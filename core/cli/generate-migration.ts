/**
 * npm run migration:generate -- <name> [--plugin <plugin>] [--initial]
 *
 * --plugin works for a plugin enabled in plugins.config.ts or, when it is not, for the
 * factory exported by plugins/<plugin>/index.ts called with its defaults.
 *
 * Writes one migration per dialect holding the difference between what the existing
 * migrations build and what the entities describe. Each dialect is diffed on a fresh,
 * throwaway database: a temporary SQLite file, and a temporary MariaDB/MySQL database
 * on MIGRATION_MYSQL_URL (default mysql://root@127.0.0.1:3306).
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { loadConfig, type AppConfig, type Dialect } from '../config.js';
import { allMigrations, createDataSource } from '../db/data-source.js';
import { loadPlugins } from '../plugin-host/load-plugins.js';
import type { PluginEntry } from '../plugin-host/types.js';

const args = process.argv.slice(2);
const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--plugin');
const pluginName = args.includes('--plugin') ? args[args.indexOf('--plugin') + 1] : undefined;
// --initial rewrites the first migration in place (before any release, when entities still move).
const initial = args.includes('--initial');
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- <kebab-name> [--plugin <plugin>]');
  process.exit(2);
}
const mysqlServer = process.env.MIGRATION_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** An enabled plugin's entry, else the plugin folder's factory called with its defaults. */
async function pluginEntry(n: string, enabled: Map<string, PluginEntry>): Promise<PluginEntry> {
  const found = enabled.get(n);
  if (found) return found;
  const file = join(process.cwd(), 'plugins', n, 'index.ts');
  if (!existsSync(file)) throw new Error(`plugin ${n}: neither enabled in plugins.config.ts nor found at plugins/${n}/index.ts`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  for (const v of [mod.default, ...Object.values(mod)]) {
    if (typeof v !== 'function') continue;
    try {
      const entry = (v as () => PluginEntry)();
      if (entry?.definition?.name === n) return entry;
    } catch {
      /* not the factory */
    }
  }
  throw new Error(`plugin ${n}: plugins/${n}/index.ts exports no definePlugin factory named "${n}"`);
}

async function pluginEntries(): Promise<PluginEntry[]> {
  if (!pluginName) return [];
  const all = (await import('../../plugins.config.js')).default as PluginEntry[];
  const byName = new Map(all.map((e) => [e.definition.name, e]));
  const wanted: PluginEntry[] = [];
  const add = async (n: string) => {
    const e = await pluginEntry(n, byName);
    for (const dep of e.definition.dependsOn ?? []) await add(dep);
    if (!wanted.some((w) => w.definition.name === n)) wanted.push(e);
  };
  await add(pluginName);
  return wanted;
}

async function diff(dialect: Dialect, entries: PluginEntry[]): Promise<{ up: string[]; down: string[] }> {
  const scratch = `shixun_gen_${process.pid}`;
  let config: AppConfig;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'shixun-gen-'));
    config = loadConfig({ DATABASE_URL: join(dir, 'gen.sqlite') });
  } else {
    const admin = await createConnection(mysqlServer);
    await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
    await admin.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    config = loadConfig({ DATABASE_URL: `${mysqlServer}/${scratch}` });
  }
  const plugins = loadPlugins(entries);
  const migrations = initial
    ? pluginName
      ? allMigrations(config, { list: plugins.list.filter((p) => p.name !== pluginName) })
      : []
    : undefined;
  const ds = await createDataSource({ config, plugins, migrations });
  await ds.initialize();
  try {
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    const q = (s: string, p?: unknown[]) => (p?.length ? `${s} -- ${JSON.stringify(p)}` : s);
    let up = sql.upQueries.map((x) => q(x.query, x.parameters));
    let down = sql.downQueries.map((x) => q(x.query, x.parameters)).reverse();
    if (pluginName) {
      // A plugin's migration holds only its own tables, even when the core (or another plugin) drifted.
      const own = plugins.list.find((p) => p.name === pluginName)!;
      const names = (own.entities ?? []).flatMap((e) => {
        const m = ds.getMetadata(e);
        return [m.tableName, `temporary_${m.tableName}`, ...m.indices.map((i) => i.name), ...m.uniques.map((u) => u.name)];
      });
      const mine = (stmt: string) => names.some((n) => stmt.includes(`"${n}"`) || stmt.includes(`\`${n}\``));
      const others = up.filter((x) => !mine(x)).length;
      if (others) console.warn(`${dialect}: ${others} statements for tables outside plugin ${pluginName} left out (regenerate the core's or that plugin's migrations)`);
      up = up.filter(mine);
      down = down.filter(mine);
    }
    return { up, down };
  } finally {
    await ds.destroy();
    if (dialect === 'mysql') {
      const admin = await createConnection(mysqlServer);
      await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
      await admin.end();
    }
  }
}

function writeIndex(dir: string, exportName: string, dialects: Dialect[]) {
  const lines = ['/** Generated by `npm run migration:generate`: migrations per dialect, in order. */'];
  const lists: Record<string, string[]> = {};
  for (const d of dialects) {
    lists[d] = [];
    const files = existsSync(join(dir, d)) ? readdirSync(join(dir, d)) : [];
    for (const file of files.filter((f) => f.endsWith('.ts')).sort()) {
      const cls = `${d}_${file.replace(/\.ts$/, '').replace(/[^A-Za-z0-9]/g, '_')}`;
      lines.push(`import { Migration as ${cls} } from './${d}/${file.replace(/\.ts$/, '.js')}';`);
      lists[d]!.push(cls);
    }
  }
  lines.push('', `export const ${exportName}: { sqlite: Function[]; mysql: Function[] } = {`);
  for (const d of ['sqlite', 'mysql']) lines.push(`  ${d}: [${(lists[d] ?? []).join(', ')}],`);
  lines.push('};', '');
  writeFileSync(join(dir, 'index.ts'), lines.join('\n'));
}

async function main() {
  const entries = await pluginEntries();
  const dir = pluginName ? join('plugins', pluginName, 'migrations') : 'migrations';
  const stamp = initial ? 1700000000000 : Date.now();
  if (initial) {
    for (const d of ['sqlite', 'mysql']) rmSync(join(dir, d), { recursive: true, force: true });
    writeIndex(dir, pluginName ? 'migrations' : 'coreMigrations', []);
  }
  let wrote = 0;
  for (const dialect of ['sqlite', 'mysql'] as const) {
    const { up, down } = await diff(dialect, entries);
    if (!up.length) {
      console.log(`${dialect}: schema is up to date`);
      continue;
    }
    const esc = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const body = (list: string[]) => list.map((s) => `    await q.query(${esc(s.replace(/ -- \[.*\]$/, ''))});`).join('\n');
    const pascal = (x: string) => x.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
    // Plugin migrations carry the plugin's name: TypeORM records migrations by name, across all plugins.
    const className = `${pluginName ? pascal(pluginName) : ''}${pascal(name!)}`;
    const file = join(dir, dialect, `${stamp}-${name}.ts`);
    mkdirSync(join(dir, dialect), { recursive: true });
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ${name} (${dialect}), generated from the entities by npm run migration:generate. */
export class Migration implements MigrationInterface {
  name = '${className}${dialect === 'sqlite' ? 'Sqlite' : 'Mysql'}${stamp}';

  async up(q: QueryRunner): Promise<void> {
${body(up)}
  }

  async down(q: QueryRunner): Promise<void> {
${body(down)}
  }
}
`,
    );
    console.log(`${dialect}: ${up.length} statements → ${relative(process.cwd(), file)}`);
    wrote++;
  }
  if (wrote) writeIndex(dir, pluginName ? 'migrations' : 'coreMigrations', ['sqlite', 'mysql']);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

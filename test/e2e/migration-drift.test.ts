import { afterAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../core/db/data-source.js';
import { loadPlugins } from '../../core/plugin-host/load-plugins.js';
import type { PluginEntry } from '../../core/plugin-host/types.js';
import pluginsConfig from '../../plugins.config.js';
import { freshDatabase, testDialect } from '../helpers/test-db.js';

/**
 * The migrations must build exactly the schema the entities describe: after running them
 * on an empty database, TypeORM's schema builder finds nothing to change.
 */
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});

async function pendingSchemaChanges(entries: PluginEntry[]): Promise<string[]> {
  const db = await freshDatabase();
  drops.push(db.drop);
  const ds = await createDataSource({ config: db.config, plugins: loadPlugins(entries) });
  await ds.initialize();
  try {
    await ds.runMigrations();
    const log = await ds.driver.createSchemaBuilder().log();
    return log.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

describe(`migrations match the entities on ${testDialect}`, () => {
  it('core alone: no drift', async () => {
    expect(await pendingSchemaChanges([])).toEqual([]);
  });

  it('core with every plugin of plugins.config.ts: no drift', async () => {
    expect(await pendingSchemaChanges(pluginsConfig as PluginEntry[])).toEqual([]);
  });
});

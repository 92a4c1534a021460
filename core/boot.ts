import 'reflect-metadata';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from './config.js';
import { createDataSource } from './db/data-source.js';
import { SqlCounter } from './db/sql-counter.js';
import { loadPlugins } from './plugin-host/load-plugins.js';
import { PluginRuntime } from './plugin-host/runtime.js';
import type { PluginEntry } from './plugin-host/types.js';

export interface Booted {
  config: AppConfig;
  ds: DataSource;
  plugins: PluginRuntime;
  counter: SqlCounter;
}

/** plugins.config.ts, or the file SHIXUN_PLUGINS_CONFIG names (another deployment's list, a start-up test). */
async function readPluginsConfig(): Promise<PluginEntry[]> {
  const file = process.env.SHIXUN_PLUGINS_CONFIG;
  const mod = file ? await import(pathToFileURL(resolve(file)).href) : await import('../plugins.config.js');
  return mod.default as PluginEntry[];
}

/** Reads config and plugins, opens the database and brings its schema up to date. */
export async function boot(opts: { entries?: PluginEntry[]; config?: AppConfig; migrate?: boolean } = {}): Promise<Booted> {
  const config = opts.config ?? loadConfig();
  const entries = opts.entries ?? (await readPluginsConfig());
  const plugins = new PluginRuntime(loadPlugins(entries));
  const counter = new SqlCounter();
  const ds = await createDataSource({ config, plugins: plugins.loaded, counter });
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  return { config, ds, plugins, counter };
}

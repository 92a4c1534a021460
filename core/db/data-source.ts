import 'reflect-metadata';
import { format } from 'mysql2';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import type { AppConfig } from '../config.js';
import { coreEntities } from '../entities/index.js';
import { coreMigrations } from '../../migrations/index.js';
import type { LoadedPlugins } from '../plugin-host/load-plugins.js';
import { SqlCounter } from './sql-counter.js';
import { AuditSubscriber } from '../audit/subscriber.js';

export interface DataSourceBuild {
  config: AppConfig;
  plugins: LoadedPlugins;
  /** Throwaway schemas only (the drift test's reference); never on a real database. */
  synchronize?: boolean;
  counter?: SqlCounter;
  /** Replaces the migration list (the migration generator's --initial mode). */
  migrations?: Function[];
}

export function allEntities(plugins: LoadedPlugins): MixedList<Function> {
  return [...coreEntities, ...plugins.list.flatMap((p) => p.entities ?? [])];
}

export function allMigrations(config: AppConfig, plugins: LoadedPlugins): Function[] {
  const own = coreMigrations[config.dialect];
  const theirs = plugins.list.flatMap((p) => p.migrations?.[config.dialect] ?? []);
  return [...own, ...theirs];
}

/** TypeORM compares MariaDB's column metadata correctly only when told it is MariaDB. */
export async function serverFlavor(url: string): Promise<'mysql' | 'mariadb'> {
  if (url.startsWith('mariadb:')) return 'mariadb';
  const { createConnection } = await import('mysql2/promise');
  const conn = await createConnection(url.replace(/^mariadb:/, 'mysql:'));
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

export async function createDataSource({ config, plugins, synchronize = false, counter, migrations }: DataSourceBuild): Promise<DataSource> {
  const common = {
    entities: allEntities(plugins),
    migrations: migrations ?? allMigrations(config, plugins),
    migrationsTableName: 'migrations',
    subscribers: [AuditSubscriber],
    synchronize,
    logging: false as const,
    logger: counter,
  };
  let options: DataSourceOptions;
  if (config.dialect === 'mysql') {
    options = {
      ...common,
      type: await serverFlavor(config.databaseUrl),
      url: config.databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      // Enough connections for a selection rush without starving MariaDB's default max_connections.
      extra: {
        connectionLimit: Number(process.env.DB_POOL ?? 20),
        // mysql2 records the caller's stack before every statement, to show it if the statement
        // fails: a cost on every statement for the rare error, whose own message and SQL say enough.
        trace: false,
        // mysql2 scans every statement for '?' placeholders even when there are no values:
        // statements without values (transactions, schema reads, COMMIT) pass unscanned.
        queryFormat: (sql: string, values: unknown[] | undefined) => (values === undefined || (Array.isArray(values) && values.length === 0) ? sql : format(sql, values as never, false, 'Z')),
      },
      supportBigNumbers: true,
    };
  } else {
    if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: config.sqlitePath,
      // WAL lets readers proceed while a writer holds the lock; busy timeout covers other processes.
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  return new DataSource(options);
}

import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction. SQLite has a single connection in this process, so
 * transactions are queued here instead of interleaving on it; MySQL gets a pooled
 * connection per transaction and relies on row locks and conditional updates.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction(work);
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  queues.set(ds, run.catch(() => undefined));
  return run;
}

import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/append.js';
import { mutationStore } from '../audit/store.js';

/**
 * Runs `work` in one transaction. SQLite has a single connection in this process, so
 * transactions are queued here instead of interleaving on it; MySQL gets a pooled
 * connection per transaction and relies on row locks and conditional updates.
 * Inside a GraphQL mutation, the mutation's audit event is written in the same transaction.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

async function withAudit<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const store = mutationStore.getStore();
  const mark = store?.changes.length ?? 0;
  const hadEvent = store?.eventId;
  try {
    const result = await work(em);
    if (store && store.changes.length > mark) await appendAudit(em, store);
    return result;
  } catch (err) {
    // Rolled back: forget what this transaction wrote.
    if (store) {
      store.changes.length = mark;
      store.eventId = hadEvent;
    }
    throw err;
  }
}

export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction((em) => withAudit(em, work));
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction((em) => withAudit(em, work)));
  queues.set(ds, run.catch(() => undefined));
  return run;
}

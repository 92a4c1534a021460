import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../audit/append.js';
import { auditedSource, bindMutation, type Audited, type MutationStore } from '../audit/store.js';

/**
 * Runs `work` in one transaction. SQLite has a single connection in this process, so
 * transactions are queued here instead of interleaving on it; MySQL gets a pooled
 * connection per transaction and relies on row locks and conditional updates.
 * Given a resolver's context inside a GraphQL mutation, the rows the transaction writes are
 * collected into the mutation's audit event, written in the same transaction.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

async function withAudit<T>(em: EntityManager, store: MutationStore | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (!store) return work(em);
  const mark = store.changes.length;
  const hadEvent = store.eventId;
  const unbind = bindMutation(em.queryRunner!, store);
  try {
    const result = await work(em);
    if (store.changes.length > mark) await appendAudit(em, store);
    return result;
  } catch (err) {
    // Rolled back: forget what this transaction wrote.
    store.changes.length = mark;
    store.eventId = hadEvent;
    throw err;
  } finally {
    unbind();
  }
}

export async function inTransaction<T>(on: Audited, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const { ds, mutation } = auditedSource(on);
  if (ds.options.type !== 'better-sqlite3') return ds.transaction((em) => withAudit(em, mutation, work));
  const previous = queues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction((em) => withAudit(em, mutation, work)));
  queues.set(ds, run.catch(() => undefined));
  return run;
}

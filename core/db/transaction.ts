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

/** Runs `work` with the transaction's writes collected into `store`, and appends them to its event. */
async function withAudit<T>(em: EntityManager, store: MutationStore | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (!store) return work(em);
  const mark = store.changes.length;
  const unbind = bindMutation(em.queryRunner!, store);
  try {
    const result = await work(em);
    if (store.changes.length > mark) await appendAudit(em, store);
    return result;
  } finally {
    unbind();
  }
}

export async function inTransaction<T>(on: Audited, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const { ds, mutation } = auditedSource(on);
  const mark = mutation && { changes: mutation.changes.length, eventId: mutation.eventId };
  const run = () => ds.transaction((em) => withAudit(em, mutation, work));
  try {
    if (ds.options.type !== 'better-sqlite3') return await run();
    const previous = queues.get(ds) ?? Promise.resolve();
    const queued = previous.catch(() => undefined).then(run);
    queues.set(ds, queued.catch(() => undefined));
    return await queued;
  } catch (err) {
    // Rolled back, in the work or at COMMIT (a deadlock victim): forget what this transaction wrote.
    if (mutation && mark) {
      mutation.changes.length = mark.changes;
      mutation.eventId = mark.eventId;
    }
    throw err;
  }
}

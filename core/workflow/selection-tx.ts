import type { EntityManager } from 'typeorm';
import type { Audited } from '../audit/store.js';
import { inTransaction } from '../db/transaction.js';

/**
 * Selection transactions: `inTransaction` plus, on MySQL/MariaDB, a retry when InnoDB picks
 * this transaction as a deadlock victim (it was rolled back whole, so running it again is
 * safe). The statement order (class row before enrollment rows, see core/rules/selection-c4.ts)
 * avoids deadlocks among selection mutations; the retry covers anything else touching the same rows.
 */
const MAX_ATTEMPTS = 4;

/** Deadlock retries taken since start (the load test reports it). */
export const selectionTxStats = { deadlockRetries: 0 };

function driverError(e: unknown): { code?: string; errno?: number } {
  const err = e as { driverError?: { code?: string; errno?: number }; code?: string; errno?: number };
  return err?.driverError ?? err ?? {};
}

export function isDeadlock(e: unknown): boolean {
  const d = driverError(e);
  return d.errno === 1213 || d.code === 'ER_LOCK_DEADLOCK';
}

/** A unique index refused the row (MySQL ER_DUP_ENTRY, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isDuplicateKey(e: unknown): boolean {
  const d = driverError(e);
  return d.errno === 1062 || d.code === 'ER_DUP_ENTRY' || d.code === 'SQLITE_CONSTRAINT_UNIQUE' || d.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function selectionTx<T>(on: Audited, work: (em: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A rolled-back attempt leaves nothing in the mutation's audit store (inTransaction forgets it).
      return await inTransaction(on, work);
    } catch (e) {
      if (attempt >= MAX_ATTEMPTS || !isDeadlock(e)) throw e;
      selectionTxStats.deadlockRetries++;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../auth/actor.js';

export interface Change {
  entity: string;
  id: string | null;
  op: 'insert' | 'update' | 'delete';
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  /** Where the row lives (for reading the log within scope); not serialised. */
  regionId?: string;
  institutionId?: number;
}

/** What one root mutation has written so far; the audit event is built from it. */
export interface MutationStore {
  operation: string;
  actor: Actor | null;
  requestId: string;
  changes: Change[];
  /** Set once the event row exists; later transactions of the same mutation append to it. */
  eventId?: number;
}

export const mutationStore = new AsyncLocalStorage<MutationStore>();

import type { DataSource, QueryRunner } from 'typeorm';
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

/**
 * What one root mutation has written so far; the audit event is built from it. It travels
 * explicitly — in the GraphQL context (`Context.mutation`) and on the query runner of the
 * transaction writing for it — not in an AsyncLocalStorage: on Node 20 that turns on promise hooks
 * for every promise of the process, which cost a tenth of the API's time in a selection rush.
 */
export interface MutationStore {
  operation: string;
  actor: Actor | null;
  requestId: string;
  changes: Change[];
  /** Set once the event row exists; later transactions of the same mutation append to it. */
  eventId?: number;
}

/** A data source, or a resolver's context: the data source with the mutation its writes belong to. */
export type Audited = DataSource | { ds: DataSource; mutation?: MutationStore };

export function auditedSource(on: Audited): { ds: DataSource; mutation?: MutationStore } {
  return 'ds' in on ? on : { ds: on };
}

const MUTATION = Symbol('shixun.mutation');
type RunnerData = { [MUTATION]?: MutationStore };

/** The mutation whose transaction runs on `runner` (the audit subscriber's way to it). */
export function mutationOf(runner: QueryRunner | undefined): MutationStore | undefined {
  return (runner?.data as RunnerData | undefined)?.[MUTATION];
}

/** Marks `runner` as writing for `store` until the returned function is called. */
export function bindMutation(runner: QueryRunner, store: MutationStore | undefined): () => void {
  const data = runner.data as RunnerData;
  const before = data[MUTATION];
  data[MUTATION] = store;
  return () => void (data[MUTATION] = before);
}

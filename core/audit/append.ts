import type { EntityManager } from 'typeorm';
import { insertMany } from '../db/insert-many.js';
import { AuditEvent } from '../entities/audit-event.js';
import type { MutationStore } from './store.js';

/**
 * Writes (or extends) the mutation's one audit event with the changes collected so far,
 * on the given manager — inside the mutation's transaction when there is one.
 */
/** The event row of a mutation's store (its changes already serialised). */
function eventRow(store: MutationStore, changes: string): Partial<AuditEvent> {
  const first = store.changes[0];
  const actor = store.actor;
  const regionId = store.changes.find((c) => c.regionId)?.regionId ?? actor?.regionId ?? null;
  const institutionId = Number(store.changes.find((c) => c.institutionId !== undefined)?.institutionId ?? actor?.institutionId ?? NaN);
  return {
    at: new Date(),
    actor: actor?.id ?? 'anonymous',
    role: actor?.role ?? 'anonymous',
    bindingId: actor?.bindingId ?? null,
    regionId,
    institutionId: Number.isFinite(institutionId) ? institutionId : null,
    operation: store.operation,
    entity: first?.entity ?? null,
    entityId: first?.id ?? null,
    changes,
    requestId: store.requestId,
  };
}

const serialise = (store: MutationStore) => JSON.stringify(store.changes.map(({ regionId: _r, institutionId: _i, ...c }) => c));

/**
 * The events of many mutations decided together (a batch of selections), one row each, in one
 * INSERT on the given manager. Returns the event ids, for the stores once the transaction commits.
 */
export async function insertAuditEvents(em: EntityManager, stores: MutationStore[]): Promise<number[]> {
  if (!stores.length) return [];
  return insertMany(em, AuditEvent, stores.map((s) => eventRow(s, serialise(s))));
}

export async function appendAudit(em: EntityManager, store: MutationStore): Promise<void> {
  const changes = serialise(store);
  if (store.eventId) {
    await em.getRepository(AuditEvent).update(store.eventId, { changes });
    return;
  }
  const result = await em.getRepository(AuditEvent).insert(eventRow(store, changes));
  store.eventId = Number(result.identifiers[0]?.id);
}

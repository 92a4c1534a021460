import type { EntityManager } from 'typeorm';
import { AuditEvent } from '../entities/audit-event.js';
import type { MutationStore } from './store.js';

/**
 * Writes (or extends) the mutation's one audit event with the changes collected so far,
 * on the given manager — inside the mutation's transaction when there is one.
 */
export async function appendAudit(em: EntityManager, store: MutationStore): Promise<void> {
  const first = store.changes[0];
  const changes = JSON.stringify(store.changes.map(({ regionId: _r, institutionId: _i, ...c }) => c));
  if (store.eventId) {
    await em.getRepository(AuditEvent).update(store.eventId, { changes });
    return;
  }
  const actor = store.actor;
  const regionId = store.changes.find((c) => c.regionId)?.regionId ?? actor?.regionId ?? null;
  const institutionId = Number(store.changes.find((c) => c.institutionId !== undefined)?.institutionId ?? actor?.institutionId ?? NaN);
  const result = await em.getRepository(AuditEvent).insert({
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
  });
  store.eventId = Number(result.identifiers[0]?.id);
}

import { EventSubscriber, type EntitySubscriberInterface, type InsertEvent, type RemoveEvent, type UpdateEvent, type ObjectLiteral } from 'typeorm';
import { mutationOf, type Change } from './store.js';

const SKIP = new Set(['AuditEvent']);
const SECRET = new Set(['passwordHash']);

/** A row as the audit log keeps it: plain values, dates as ISO strings, no secrets. */
export function plain(row: ObjectLiteral | undefined, only?: string[]): Record<string, unknown> | undefined {
  if (!row) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (only && !only.includes(k)) continue;
    if (typeof v === 'function' || SECRET.has(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** The row's region and institution (or school), read from the whole row, not just the changed fields. */
function place(...rows: (ObjectLiteral | undefined)[]): Pick<Change, 'regionId' | 'institutionId'> {
  const out: Pick<Change, 'regionId' | 'institutionId'> = {};
  for (const row of rows) {
    if (!row) continue;
    if (!out.regionId && typeof row.regionId === 'string') out.regionId = row.regionId;
    const inst = row.institutionId ?? row.schoolId;
    if (out.institutionId === undefined && typeof inst === 'number') out.institutionId = inst;
  }
  return out;
}

/**
 * Collects every row a mutation's transactions write (inserts, updates with the changed fields
 * before and after, deletes) into the mutation's store, for its audit event.
 */
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<ObjectLiteral>) {
    const store = mutationOf(event.queryRunner);
    if (!store || SKIP.has(event.metadata.name)) return;
    const id = event.entity?.id ?? event.metadata.getEntityIdMixedMap(event.entity ?? {});
    store.changes.push({ entity: event.metadata.name, id: id == null ? null : String(id), op: 'insert', after: plain(event.entity), ...place(event.entity) });
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>) {
    const store = mutationOf(event.queryRunner);
    if (!store || SKIP.has(event.metadata.name)) return;
    const changed = event.updatedColumns.map((c) => c.propertyName);
    const fields = changed.length ? changed : Object.keys(event.entity ?? {});
    const id = event.databaseEntity?.id ?? (event.entity as ObjectLiteral | undefined)?.id;
    store.changes.push({
      entity: event.metadata.name,
      id: id == null ? null : String(id),
      op: 'update',
      before: plain(event.databaseEntity, fields),
      after: plain(event.entity as ObjectLiteral | undefined, fields),
      ...place(event.entity as ObjectLiteral | undefined, event.databaseEntity),
    });
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>) {
    const store = mutationOf(event.queryRunner);
    if (!store || SKIP.has(event.metadata.name)) return;
    const id = event.entityId ?? event.databaseEntity?.id;
    store.changes.push({ entity: event.metadata.name, id: id == null ? null : String(id), op: 'delete', before: plain(event.databaseEntity), ...place(event.databaseEntity) });
  }
}

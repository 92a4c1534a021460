import type { MiddlewareFn } from 'type-graphql';
import { appendAudit } from '../audit/append.js';
import type { MutationStore } from '../audit/store.js';
import type { Context } from '../graphql/context.js';
import { AppError, located } from '../graphql/errors.js';
import { allows, type Permission } from './permissions.js';

/**
 * The single guard every root operation passes: the permission table decides whether the
 * actor's role may call it at all (scope is then applied in SQL by the resolver), and
 * every mutation runs with a store that collects its writes into one audit event.
 */
export function rootGuard(table: Map<string, Permission>): MiddlewareFn<Context> {
  return async ({ info, context }, next) => {
    const parent = info.parentType.name;
    if (parent !== 'Query' && parent !== 'Mutation') return next();
    const op = info.fieldName;
    if (op.startsWith('__')) return next();
    const permission = table.get(op);
    if (!allows(permission, context.actor?.role)) {
      if (permission !== undefined && permission !== 'public' && !context.actor)
        throw new AppError('UNAUTHENTICATED', '请先登录', 'Please log in');
      throw new AppError('FORBIDDEN', `您的角色无权执行 ${op}`, `Your role may not perform ${op}`, { operation: op });
    }
    if (parent === 'Query') {
      try {
        return await next();
      } catch (err) {
        throw located(err, info);
      }
    }
    const store: MutationStore = { operation: op, actor: context.actor, requestId: context.requestId, changes: [] };
    // Root mutations run one after another (GraphQL's rule), so the context holds one at a time.
    context.mutation = store;
    let result: unknown;
    try {
      result = await next();
    } catch (err) {
      throw located(err, info);
    } finally {
      context.mutation = undefined;
    }
    // A mutation that wrote nothing through inTransaction still leaves its one event.
    if (!store.eventId) await appendAudit(context.ds.manager, store);
    return result;
  };
}

import { ID } from 'type-graphql';
import { scopeBy, scopeVia } from './scope.js';
import { AuditEvent, RoleBinding, User } from '../entities/index.js';
import type { ResourceConfig } from '../graphql/resource.js';
import { userScope } from './user-scope.js';

/** Users, their role bindings and the audit log: read through the same scoped resource factory. */
export const userResource: ResourceConfig<User> = {
  entity: User, name: 'User', plural: 'Users', labelZh: '用户',
  search: ['username', 'displayName'],
  filters: { active: { type: () => Boolean } },
  scope: userScope,
  children: { bindings: { type: () => RoleBinding, foreignKey: 'userId' } },
  defaultSort: { field: 'username', order: 'ASC' },
};

export const roleBindingResource: ResourceConfig<RoleBinding> = {
  entity: RoleBinding, name: 'RoleBinding', plural: 'RoleBindings', labelZh: '角色授权',
  filters: { userId: { type: () => ID }, role: { type: () => String } },
  scope: scopeVia('userId', () => userResource),
};

/** The audit log: read-only, scoped to the region or institution the event concerns. */
export const auditEventResource: ResourceConfig<AuditEvent> = {
  entity: AuditEvent, name: 'AuditEvent', plural: 'AuditEvents', labelZh: '审计日志',
  filters: {
    operation: { type: () => String }, entity: { type: () => String }, entityId: { type: () => String },
    actor: { type: () => String }, regionId: { type: () => ID, kind: 'region' }, at: { type: () => Date, kind: 'range' }, requestId: { type: () => String },
  },
  scope: (qb, actor, r = 'r') => {
    if (actor.role === 'teacher' || actor.role === 'expert') return void qb.andWhere(`${r}.actor = :scopeActor`, { scopeActor: actor.id });
    scopeBy({ region: 'regionId', school: 'institutionId', institution: 'institutionId' })(qb, actor, r);
  },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const identityResources = [userResource, roleBindingResource, auditEventResource];

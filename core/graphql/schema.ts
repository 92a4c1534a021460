import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { DevLoginResolver } from '../auth/dev-login.js';
import { rootGuard } from '../auth/guard.js';
import { identityResources } from '../auth/identity-resources.js';
import { LoginResolver } from '../auth/login.js';
import { buildPermissionTable, type Permission } from '../auth/permissions.js';
import { UserAdminResolver } from '../auth/users.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import { PluginHostResolver } from '../plugin-host/resolver.js';
import { coreResources } from '../resources/index.js';
import { coreWorkflowResolvers } from '../workflow/index.js';
import { resourceResolvers, type ResourceConfig } from './resource.js';
import { metadataPermissions, metadataResolver } from './metadata.js';
import type { ObjectLiteral } from 'typeorm';

/** Every resource the API serves (core + identity), for the permission table and the console. */
export const allResources = (plugins?: PluginRuntime): ResourceConfig<ObjectLiteral>[] => [
  ...coreResources,
  ...(identityResources as unknown as ResourceConfig<ObjectLiteral>[]),
  ...((plugins?.list.flatMap((p) => p.resources ?? []) ?? []) as ResourceConfig<ObjectLiteral>[]),
];

export function permissionTable(plugins: PluginRuntime): Map<string, Permission> {
  return buildPermissionTable(allResources(plugins), metadataPermissions, ...plugins.list.map((p) => p.permissions ?? {}));
}

/** Hand-written core resolver classes (the resources' resolvers are generated). */
export const coreResolverClasses = (): Function[] => [DevLoginResolver, LoginResolver, UserAdminResolver, PluginHostResolver, ...coreWorkflowResolvers];

/** The whole schema: core resources, workflow mutations, then each enabled plugin's resolvers. */
export async function buildAppSchema(plugins: PluginRuntime): Promise<GraphQLSchema> {
  const resolvers = [
    ...coreResolverClasses(),
    metadataResolver(allResources, permissionTable),
    ...allResources(plugins).flatMap((r) => resourceResolvers(r)),
    ...coreWorkflowResolvers,
    ...plugins.list.flatMap((p) => p.resolvers ?? []),
  ] as unknown as NonEmptyArray<Function>;
  return buildSchema({
    resolvers,
    globalMiddlewares: [rootGuard(permissionTable(plugins))],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}

import 'reflect-metadata';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { validateArgs } from './validate-args.js';
import { buildSchema, type MiddlewareFn, type NonEmptyArray } from 'type-graphql';
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
import { DashboardResolver } from './dashboard.js';
import type { ObjectLiteral } from 'typeorm';
import type { Context } from './context.js';

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
export const coreResolverClasses = (): Function[] => [DevLoginResolver, LoginResolver, UserAdminResolver, PluginHostResolver, ...coreWorkflowResolvers, DashboardResolver];

/** The whole schema: core resources, workflow mutations, then each enabled plugin's resolvers. */
export async function buildAppSchema(plugins: PluginRuntime): Promise<GraphQLSchema> {
  const resolvers = [
    ...coreResolverClasses(),
    metadataResolver(allResources, permissionTable),
    ...allResources(plugins).flatMap((r) => resourceResolvers(r)),
    ...coreWorkflowResolvers,
    ...plugins.list.flatMap((p) => p.resolvers ?? []),
  ] as unknown as NonEmptyArray<Function>;
  const schema = await buildSchema({
    resolvers,
    validateFn: validateArgs,
    emitSchemaFile: false,
  });
  guardRootFields(schema, rootGuard(permissionTable(plugins)));
  return schema;
}

/**
 * Puts the guard in front of every root field (Query, Mutation). The guard does nothing for
 * other fields, so it is not a type-graphql global middleware, which would wrap every field of
 * every row of a list in a middleware chain (a page of 25 teachers: hundreds of calls).
 */
function guardRootFields(schema: GraphQLSchema, guard: MiddlewareFn<Context>): void {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context: Context, info) =>
        guard({ root, args, context, info }, async () => resolve(root, args, context, info));
    }
  }
}

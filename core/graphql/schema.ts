import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { DevLoginResolver } from '../auth/dev-login.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import { coreResources } from '../resources/index.js';
import { coreWorkflowResolvers } from '../workflow/index.js';
import { PluginHostResolver } from '../plugin-host/resolver.js';
import { resourceResolvers } from './resource.js';

/** The whole schema: core resources, workflow mutations, then each enabled plugin's resolvers. */
export async function buildAppSchema(plugins: PluginRuntime): Promise<GraphQLSchema> {
  const resolvers = [
    DevLoginResolver,
    PluginHostResolver,
    ...coreResources.flatMap((r) => resourceResolvers(r)),
    ...coreWorkflowResolvers,
    ...plugins.list.flatMap((p) => p.resolvers ?? []),
  ] as unknown as NonEmptyArray<Function>;
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}

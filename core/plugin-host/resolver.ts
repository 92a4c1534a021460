import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';

@ObjectType()
export class PluginInfo {
  @Field(() => String) name!: string;
  @Field(() => [String]) regions!: string[];
  @Field(() => [String]) dependsOn!: string[];
}

/** Which plugins are enabled; forms and submitForm arrive with the plugin host's forms API. */
@Resolver()
export class PluginHostResolver {
  @Query(() => [PluginInfo], { description: '已启用的地区插件' })
  plugins(@Ctx() ctx: Context): PluginInfo[] {
    return ctx.plugins.list.map((p) => ({ name: p.name, regions: p.regions, dependsOn: p.dependsOn }));
  }
}

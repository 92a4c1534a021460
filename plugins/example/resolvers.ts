import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Teacher } from '../../core/entities/index.js';
import type { Context } from '../../core/graphql/context.js';
import { findScoped, requireActor } from '../../core/graphql/resource.js';
import { teacherResource } from '../../core/resources/teacher.js';
import { ExampleActivity } from './activity.js';
import { i18n } from './i18n.js';

/** Adds `Teacher.exampleBadge`: a label for teachers inside the plugin's regions, null elsewhere. */
@Resolver(() => Teacher)
export class ExampleTeacherFields {
  @FieldResolver(() => String, { nullable: true, description: '示例插件：本插件管辖区域内教师的标签，区域外为 null' })
  exampleBadge(@Root() teacher: Teacher, @Ctx() ctx: Context): string | null {
    if (!ctx.plugins.governs('example', teacher.regionId)) return null;
    return ctx.english ? i18n.en.badge : i18n['zh-CN'].badge;
  }
}

/** The plugin's own query: a teacher's recorded activities (the teacher must be in the caller's scope). */
@Resolver()
export class ExampleQueries {
  @Query(() => [ExampleActivity], { description: '示例插件：教师的教研活动' })
  async exampleActivities(@Ctx() ctx: Context, @Arg('teacherId', () => ID) teacherId: string): Promise<ExampleActivity[]> {
    const actor = requireActor(ctx);
    const teacher = await findScoped(ctx.ds.manager, teacherResource, actor, teacherId);
    return ctx.ds.getRepository(ExampleActivity).find({ where: { teacherId: teacher.id }, order: { date: 'ASC', id: 'ASC' } });
  }
}

import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { forbidden } from '../graphql/errors.js';
import type { Actor, Role } from './actor.js';
import { placeActor } from './actor-region.js';
import { signActor } from './token.js';

@ObjectType('Actor')
export class ActorType {
  @Field(() => String) id!: string;
  @Field(() => String) role!: Role;
  @Field(() => ID, { nullable: true }) regionId?: string;
  @Field(() => ID, { nullable: true }) institutionId?: number;
  @Field(() => ID, { nullable: true }) teacherId?: number;
  @Field(() => ID, { nullable: true }) expertId?: number;
}

const ROLES: Role[] = ['platform', 'bureau', 'school', 'institution', 'expert', 'teacher'];

/**
 * Development login: a token for any role and scope, refused in production. The real
 * login (users, passwords, lockout) replaces it for people; tests keep using it.
 */
@Resolver()
export class DevLoginResolver {
  @Query(() => ActorType, { nullable: true, description: '当前登录身份' })
  me(@Ctx() ctx: Context): Actor | null {
    return ctx.actor;
  }

  @Mutation(() => String, { description: '开发环境登录（生产环境禁用）' })
  async devLogin(
    @Ctx() ctx: Context,
    @Arg('role', () => String) role: Role,
    @Arg('regionId', () => ID, { nullable: true }) regionId?: string,
    @Arg('institutionId', () => ID, { nullable: true }) institutionId?: string,
    @Arg('teacherId', () => ID, { nullable: true }) teacherId?: string,
    @Arg('expertId', () => ID, { nullable: true }) expertId?: string,
  ): Promise<string> {
    if (ctx.config.production) throw forbidden('生产环境不允许开发登录', 'Development login is disabled in production');
    if (!ROLES.includes(role)) throw forbidden(`未知角色 ${role}`, `Unknown role ${role}`);
    const actor: Actor = await placeActor(ctx.ds, {
      id: `dev:${role}:${regionId ?? institutionId ?? teacherId ?? expertId ?? 'all'}`,
      role,
      ...(regionId ? { regionId } : {}),
      ...(institutionId ? { institutionId: Number(institutionId) } : {}),
      ...(teacherId ? { teacherId: Number(teacherId) } : {}),
      ...(expertId ? { expertId: Number(expertId) } : {}),
    });
    const token = await signActor(actor, ctx.config.tokenSecret);
    ctx.setCookie?.('shixun_token', token, { httpOnly: true, sameSite: 'lax', path: '/' });
    return token;
  }
}

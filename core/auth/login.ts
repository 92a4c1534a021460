import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { inTransaction } from '../db/transaction.js';
import { RoleBinding, User } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput } from '../graphql/errors.js';
import { requireActor } from '../graphql/resource.js';
import type { Actor, Role } from './actor.js';
import { ActorType } from './dev-login.js';
import { dummyHash, hashPassword, verifyPassword, weakPassword } from './password.js';
import { placeActor } from './actor-region.js';
import { signActor } from './token.js';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const TOKEN_TTL_SECONDS = 8 * 3600;
export const COOKIE = 'shixun_token';

@ObjectType()
export class LoginResult {
  @Field(() => String) token!: string;
  @Field(() => ActorType) actor!: Actor;
  @Field(() => [RoleBinding]) bindings!: RoleBinding[];
  @Field(() => String) displayName!: string;
}

export function actorOf(user: User, b: RoleBinding): Actor {
  return {
    id: `user:${user.id}`,
    userId: user.id,
    bindingId: b.id,
    role: b.role as Role,
    ...(b.regionId ? { regionId: b.regionId } : {}),
    ...(b.institutionId ? { institutionId: b.institutionId } : {}),
    ...(b.teacherId ? { teacherId: b.teacherId } : {}),
    ...(b.expertId ? { expertId: b.expertId } : {}),
  };
}

/** One message for every failure, so a caller cannot learn whether a username exists. */
const invalid = () =>
  new AppError('UNAUTHENTICATED', '用户名或密码错误，或账户已被暂时锁定，请稍后再试', 'Wrong username or password, or the account is temporarily locked; try again later');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function issue(ctx: Context, user: User, binding: RoleBinding, bindings: RoleBinding[]): Promise<LoginResult> {
  const actor = await placeActor(ctx.ds, actorOf(user, binding));
  const token = await signActor(actor, ctx.config.tokenSecret, TOKEN_TTL_SECONDS);
  ctx.setCookie?.(COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.production,
    path: '/',
    maxAge: TOKEN_TTL_SECONDS * 1000,
  });
  if (ctx.mutation) ctx.mutation.actor = actor;
  return { token, actor, bindings, displayName: user.displayName };
}

@Resolver()
export class LoginResolver {
  @Mutation(() => LoginResult, { description: '登录：返回访问令牌并设置 HttpOnly Cookie' })
  async login(
    @Ctx() ctx: Context,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Arg('bindingId', () => ID, { nullable: true }) bindingId?: string,
  ): Promise<LoginResult> {
    const users = ctx.ds.getRepository(User);
    const user = await users.findOneBy({ username: username.trim() });
    const now = new Date();
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      await sleep(200);
      throw invalid();
    }
    const locked = user.lockedUntil && user.lockedUntil > now;
    const ok = !locked && user.active && (await verifyPassword(user.passwordHash, password));
    if (!ok) {
      const failures = user.failedLogins + 1;
      await users.update(user.id, {
        failedLogins: failures,
        ...(failures >= LOCK_AFTER_FAILURES ? { lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) } : {}),
      });
      // Each further failure waits longer: guessing gets slow long before the lock.
      await sleep(Math.min(2000, 200 * failures));
      throw invalid();
    }
    const bindings = await ctx.ds.getRepository(RoleBinding).find({ where: { userId: user.id }, order: { id: 'ASC' } });
    const binding = bindingId ? bindings.find((b) => String(b.id) === String(bindingId)) : bindings[0];
    if (!binding) throw new AppError('FORBIDDEN', '该账户没有可用的角色', 'This account has no role to act under');
    if (user.failedLogins || user.lockedUntil) await users.update(user.id, { failedLogins: 0, lockedUntil: null });
    return issue(ctx, user, binding, bindings);
  }

  @Mutation(() => Boolean, { description: '退出登录' })
  logout(@Ctx() ctx: Context): boolean {
    ctx.setCookie?.(COOKIE, '', { httpOnly: true, sameSite: 'strict', secure: ctx.config.production, path: '/', maxAge: 0 });
    return true;
  }

  @Query(() => [RoleBinding], { description: '我的角色' })
  async myBindings(@Ctx() ctx: Context): Promise<RoleBinding[]> {
    const actor = requireActor(ctx);
    if (!actor.userId) return [];
    return ctx.ds.getRepository(RoleBinding).find({ where: { userId: actor.userId }, order: { id: 'ASC' } });
  }

  @Mutation(() => LoginResult, { description: '切换到本人的另一个角色' })
  async switchBinding(@Ctx() ctx: Context, @Arg('bindingId', () => ID) bindingId: string): Promise<LoginResult> {
    const actor = requireActor(ctx);
    const user = actor.userId ? await ctx.ds.getRepository(User).findOneBy({ id: actor.userId }) : null;
    const bindings = user ? await ctx.ds.getRepository(RoleBinding).find({ where: { userId: user.id }, order: { id: 'ASC' } }) : [];
    const binding = bindings.find((b) => String(b.id) === String(bindingId));
    if (!user || !binding) throw new AppError('NOT_FOUND', '未找到该角色', 'Role binding not found');
    return issue(ctx, user, binding, bindings);
  }

  @Mutation(() => Boolean, { description: '修改本人密码' })
  async changePassword(
    @Ctx() ctx: Context,
    @Arg('oldPassword', () => String) oldPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
  ): Promise<boolean> {
    const actor = requireActor(ctx);
    if (!actor.userId) throw badInput('开发登录没有密码', 'A development login has no password');
    const weak = weakPassword(newPassword);
    if (weak) throw badInput(weak.zh, weak.en, 'newPassword');
    const hash = await hashPassword(newPassword);
    return inTransaction(ctx, async (em) => {
      const user = await em.getRepository(User).findOneByOrFail({ id: actor.userId! });
      if (!(await verifyPassword(user.passwordHash, oldPassword))) throw badInput('原密码不正确', 'The current password is wrong', 'oldPassword');
      await em.getRepository(User).update(user.id, { passwordHash: hash, demo: false });
      return true;
    });
  }
}

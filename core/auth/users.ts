import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { Length, Matches } from 'class-validator';
import { In } from 'typeorm';
import { inTransaction } from '../db/transaction.js';
import { RoleBinding, User } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, forbidden } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { Role } from './actor.js';
import { hashPassword, weakPassword } from './password.js';
import { ROLES } from './permissions.js';
import { userResource } from './identity-resources.js';
import { mayGrant, type BindingScope } from './user-scope.js';

@InputType()
export class BindingInput {
  @Field(() => String) role!: Role;
  @Field(() => ID, { nullable: true }) regionId?: string;
  @Field(() => ID, { nullable: true }) institutionId?: number;
  @Field(() => ID, { nullable: true }) teacherId?: number;
  @Field(() => ID, { nullable: true }) expertId?: number;
}

@InputType()
export class NewUserInput {
  @Field(() => String) @Matches(/^[A-Za-z0-9_.@-]{3,64}$/) username!: string;
  @Field(() => String) @Length(1, 64) displayName!: string;
  @Field(() => String) password!: string;
  @Field(() => BindingInput) binding!: BindingInput;
}

function normalise(b: BindingInput): BindingScope {
  if (!ROLES.includes(b.role)) throw badInput(`未知角色 ${b.role}`, `Unknown role ${b.role}`, 'role');
  const need: Record<Role, keyof BindingInput | null> = {
    platform: null, bureau: 'regionId', school: 'institutionId', institution: 'institutionId', teacher: 'teacherId', expert: 'expertId',
  };
  const key = need[b.role];
  if (key && !b[key]) throw badInput(`角色 ${b.role} 需要 ${key}`, `Role ${b.role} needs ${key}`, key);
  return {
    role: b.role,
    regionId: b.role === 'bureau' ? b.regionId! : null,
    institutionId: key === 'institutionId' ? Number(b.institutionId) : null,
    teacherId: key === 'teacherId' ? Number(b.teacherId) : null,
    expertId: key === 'expertId' ? Number(b.expertId) : null,
  };
}

const outOfScope = () => forbidden('只能在本人管辖范围内授予角色，且不能高于本人角色', 'You can only grant roles inside your own scope and not above your own');

/** User administration, always within the administrator's own scope. */
@Resolver()
export class UserAdminResolver {
  @Mutation(() => User, { description: '创建用户（含一个角色）' })
  async createUser(@Ctx() ctx: Context, @Arg('data', () => NewUserInput) data: NewUserInput): Promise<User> {
    const actor = requireActor(ctx);
    const binding = normalise(data.binding);
    const weak = weakPassword(data.password);
    if (weak) throw badInput(weak.zh, weak.en, 'password');
    const passwordHash = await hashPassword(data.password);
    return inTransaction(ctx, async (em) => {
      if (!(await mayGrant(em, actor, binding))) throw outOfScope();
      if (await em.getRepository(User).findOneBy({ username: data.username }))
        throw new AppError('CONFLICT', '用户名已被使用', 'Username already taken', { field: 'username' });
      const user = await em.getRepository(User).save(
        em.getRepository(User).create({ username: data.username, displayName: data.displayName, passwordHash, demo: false, active: true, failedLogins: 0, lockedUntil: null, createdAt: new Date() }),
      );
      await em.getRepository(RoleBinding).save(em.getRepository(RoleBinding).create({ userId: user.id, ...binding }));
      return user;
    });
  }

  @Mutation(() => RoleBinding, { description: '为用户增加角色' })
  async grantRole(@Ctx() ctx: Context, @Arg('userId', () => ID) userId: string, @Arg('binding', () => BindingInput) input: BindingInput): Promise<RoleBinding> {
    const actor = requireActor(ctx);
    const binding = normalise(input);
    return inTransaction(ctx, async (em) => {
      if (!(await mayGrant(em, actor, binding))) throw outOfScope();
      const user = await em.getRepository(User).findOneBy({ id: Number(userId) });
      if (!user) throw new AppError('NOT_FOUND', '未找到用户', 'User not found');
      return em.getRepository(RoleBinding).save(em.getRepository(RoleBinding).create({ userId: user.id, ...binding }));
    });
  }

  @Mutation(() => Boolean, { description: '撤销角色' })
  async revokeRole(@Ctx() ctx: Context, @Arg('bindingId', () => ID) bindingId: string): Promise<boolean> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const b = await em.getRepository(RoleBinding).findOneBy({ id: Number(bindingId) });
      if (!b || !(await mayGrant(em, actor, b as BindingScope))) throw new AppError('NOT_FOUND', '未找到该角色', 'Role binding not found');
      if (b.id === actor.bindingId) throw badInput('不能撤销自己正在使用的角色', 'You cannot revoke the role you are acting under');
      await em.getRepository(RoleBinding).delete(b.id);
      return true;
    });
  }

  @Mutation(() => User, { description: '启用或停用用户' })
  async setUserActive(@Ctx() ctx: Context, @Arg('userId', () => ID) userId: string, @Arg('active', () => Boolean) active: boolean): Promise<User> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const user = await this.manageable(em, actor, userId);
      user.active = active;
      return em.getRepository(User).save(user);
    });
  }

  @Mutation(() => Boolean, { description: '重置用户密码（并解除锁定）' })
  async resetPassword(@Ctx() ctx: Context, @Arg('userId', () => ID) userId: string, @Arg('newPassword', () => String) newPassword: string): Promise<boolean> {
    const actor = requireActor(ctx);
    const weak = weakPassword(newPassword);
    if (weak) throw badInput(weak.zh, weak.en, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    return inTransaction(ctx, async (em) => {
      const user = await this.manageable(em, actor, userId);
      await em.getRepository(User).update(user.id, { passwordHash, failedLogins: 0, lockedUntil: null, demo: false });
      return true;
    });
  }

  /** A user the actor may manage: visible in its scope, and every binding of it grantable by the actor. */
  private async manageable(em: import('typeorm').EntityManager, actor: import('./actor.js').Actor, userId: string): Promise<User> {
    const user = await findScoped(em, userResource, actor, userId);
    const bindings = await em.getRepository(RoleBinding).findBy({ userId: In([user.id]) });
    for (const b of bindings) if (!(await mayGrant(em, actor, b as BindingScope))) throw outOfScope();
    return user;
  }
}

import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { inTransaction } from '../db/transaction.js';
import type { Context } from '../graphql/context.js';
import { badInput, forbidden, notFound, RuleViolations } from '../graphql/errors.js';
import { requireActor } from '../graphql/resource.js';
import { formValidator, formViolations, mayUseForm } from './forms.js';
import type { FormDefinition, LoadedPlugin } from './types.js';

@ObjectType('Form', { description: '地区插件提供的表单：JSON Schema + UI Schema（@rjsf 渲染），提交时服务器用同一 Schema 校验' })
export class FormInfo {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'plugin name' }) plugin!: string;
  @Field(() => String) titleZh!: string;
  @Field(() => String) titleEn!: string;
  @Field(() => String, { description: 'JSON Schema, as a JSON string' }) schema!: string;
  @Field(() => String, { description: 'UI schema for @rjsf, as a JSON string' }) uiSchema!: string;
  @Field(() => [String], { nullable: true, description: 'roles that may submit it; null: every logged-in role' }) roles!: string[] | null;
}

@ObjectType()
export class PluginInfo {
  @Field(() => String) name!: string;
  @Field(() => [String]) regions!: string[];
  @Field(() => [String]) dependsOn!: string[];
  @Field(() => String, { description: "i18n 'title' (zh-CN), else the name" }) titleZh!: string;
  @Field(() => String, { description: "i18n 'title' (en), else the name" }) titleEn!: string;
  @Field(() => String, { description: 'resolved options (defaults merged with plugins.config.ts), as a JSON string' }) options!: string;
  @Field(() => String, { description: "i18n strings { 'zh-CN': {...}, en: {...} }, as a JSON string" }) i18n!: string;
  /** The plugin itself, for the forms field. */
  loaded!: LoadedPlugin;
}

@ObjectType()
export class SubmitFormResult {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true, description: 'id of the record the handler wrote, if any' }) id!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
}

function formInfo(plugin: LoadedPlugin, form: FormDefinition): FormInfo {
  return {
    id: form.id,
    plugin: plugin.name,
    titleZh: form.titleZh,
    titleEn: form.titleEn,
    schema: JSON.stringify(form.schema),
    uiSchema: JSON.stringify(form.uiSchema ?? {}),
    roles: form.roles ?? null,
  };
}

/** Enabled plugins, their forms, and submitForm (JSON Schema validation on the server, then the handler in one transaction). */
@Resolver(() => PluginInfo)
export class PluginHostResolver {
  @Query(() => [PluginInfo], { description: '已启用的地区插件' })
  plugins(@Ctx() ctx: Context): PluginInfo[] {
    return ctx.plugins.list.map((p) => ({
      name: p.name,
      regions: p.regions,
      dependsOn: p.dependsOn,
      titleZh: p.i18n?.['zh-CN']?.title ?? p.name,
      titleEn: p.i18n?.en?.title ?? p.name,
      options: JSON.stringify(p.options ?? {}),
      i18n: JSON.stringify(p.i18n ?? { 'zh-CN': {}, en: {} }),
      loaded: p,
    }));
  }

  @Query(() => String, { description: "各插件的界面文字，JSON 字符串：{ 插件名: { 'zh-CN': {...}, en: {...} } }（无需登录）" })
  i18n(@Ctx() ctx: Context): string {
    return JSON.stringify(Object.fromEntries(ctx.plugins.list.map((p) => [p.name, p.i18n ?? { 'zh-CN': {}, en: {} }])));
  }

  @FieldResolver(() => [FormInfo], { name: 'forms', description: 'the forms of this plugin the caller may use' })
  pluginForms(@Root() info: PluginInfo, @Ctx() ctx: Context): FormInfo[] {
    if (!ctx.actor) return [];
    return (info.loaded.forms ?? []).filter((f) => mayUseForm(f, ctx.actor!.role)).map((f) => formInfo(info.loaded, f));
  }

  @Query(() => [FormInfo], { description: '地区插件表单（当前角色可提交的）' })
  forms(@Ctx() ctx: Context): FormInfo[] {
    const actor = requireActor(ctx);
    return ctx.plugins.forms(actor.role).map(({ plugin, form }) => formInfo(plugin, form));
  }

  @Query(() => FormInfo, { nullable: true, description: '一个表单；不存在或当前角色不可用时为 null' })
  form(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): FormInfo | null {
    const actor = requireActor(ctx);
    const found = ctx.plugins.form(id);
    return found && mayUseForm(found.form, actor.role) ? formInfo(found.plugin, found.form) : null;
  }

  @Mutation(() => SubmitFormResult, { description: '提交插件表单：先按 JSON Schema 校验，再在一个事务中运行处理函数' })
  async submitForm(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('data', () => String, { description: 'the form data as a JSON string' }) data: string,
  ): Promise<SubmitFormResult> {
    const actor = requireActor(ctx);
    const found = ctx.plugins.form(id);
    if (!found) throw notFound('表单', id);
    const { plugin, form } = found;
    if (!mayUseForm(form, actor.role)) throw forbidden('您的角色不能提交此表单', 'Your role may not submit this form');
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      throw badInput('表单数据不是有效的 JSON', 'Form data is not valid JSON', 'data');
    }
    const validate = formValidator(form.schema);
    if (!validate(value)) throw new RuleViolations(formViolations(form.id, validate.errors ?? []), 'BAD_USER_INPUT');
    const result = await inTransaction(ctx, (em) => form.submit(value, { em, actor, options: plugin.options, english: ctx.english }));
    const message = ctx.english ? (result?.messageEn ?? result?.message) : (result?.messageZh ?? result?.message);
    return {
      ok: true,
      id: result?.id === undefined || result?.id === null ? null : String(result.id),
      message: message ?? (ctx.english ? 'Submitted' : '已提交'),
    };
  }
}

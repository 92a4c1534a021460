import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Role } from '../auth/actor.js';
import type { FormDefinition, Violation } from './types.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * The server-side twin of @rjsf/validator-ajv8: the same JSON Schema the console renders
 * is checked here before a form's handler runs. Defaults in the schema are filled in.
 */
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, useDefaults: true, addUsedSchema: false });
addFormats(ajv);

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) a form's JSON Schema; throws on an invalid schema. */
export function formValidator(schema: Record<string, unknown>): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Whether an actor's role may see and submit a form. */
export function mayUseForm(form: FormDefinition, role: Role): boolean {
  return role === 'platform' || !form.roles || form.roles.includes(role);
}

const TYPE_ZH: Record<string, string> = {
  string: '文本', number: '数字', integer: '整数', boolean: '是/否', object: '对象', array: '列表', null: '空值',
};
const FORMAT_ZH: Record<string, string> = {
  date: '日期', 'date-time': '日期时间', time: '时间', email: '电子邮箱', uri: '网址', url: '网址', ipv4: 'IP 地址', uuid: 'UUID',
};

/** '/items/0/name' → 'items.0.name' */
function pathToField(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.join('.');
}

function titleOf(schema: unknown): string | undefined {
  const t = (schema as { title?: unknown } | undefined)?.title;
  return typeof t === 'string' && t ? t : undefined;
}

/** One violation per failing field, in Chinese and English, with limit/actual where they mean something. */
export function formViolations(formId: string, errors: ErrorObject[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const p = e.params as Record<string, any>;
    let field = pathToField(e.instancePath);
    let title: string | undefined = titleOf(e.parentSchema);
    let limit: number | string | null = null;
    let actual: number | string | null = null;
    let zh: string;
    let en: string;
    const label = () => `「${title ?? (field || '表单')}」`;
    const name = () => field || 'data';
    switch (e.keyword) {
      case 'required': {
        field = pathToField(e.instancePath, p.missingProperty);
        title = titleOf((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[p.missingProperty]);
        zh = `缺少必填项${label()}`;
        en = `${name()} is required`;
        break;
      }
      case 'additionalProperties':
        field = pathToField(e.instancePath, p.additionalProperty);
        zh = `不允许的字段「${field}」`;
        en = `unknown field ${field}`;
        title = undefined;
        break;
      case 'type':
        zh = `${label()}应为${String(p.type).split(',').map((t) => TYPE_ZH[t] ?? t).join('或')}`;
        en = `${name()} must be ${p.type}`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const word = { minimum: '不能小于', maximum: '不能大于', exclusiveMinimum: '必须大于', exclusiveMaximum: '必须小于' }[e.keyword];
        limit = p.limit;
        actual = typeof e.data === 'number' ? e.data : null;
        zh = `${label()}${word} ${p.limit}（实际 ${String(e.data)}）`;
        en = `${name()} must be ${p.comparison} ${p.limit} (got ${String(e.data)})`;
        break;
      }
      case 'minLength':
      case 'maxLength':
        limit = p.limit;
        actual = typeof e.data === 'string' ? [...e.data].length : null;
        zh = `${label()}${e.keyword === 'minLength' ? '至少' : '最多'} ${p.limit} 个字符（实际 ${actual}）`;
        en = `${name()} must have ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${p.limit} characters (got ${actual})`;
        break;
      case 'minItems':
      case 'maxItems':
        limit = p.limit;
        actual = Array.isArray(e.data) ? e.data.length : null;
        zh = `${label()}${e.keyword === 'minItems' ? '至少' : '最多'} ${p.limit} 项（实际 ${actual}）`;
        en = `${name()} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${p.limit} items (got ${actual})`;
        break;
      case 'uniqueItems':
        zh = `${label()}不能有重复项`;
        en = `${name()} must not contain duplicates`;
        break;
      case 'pattern':
        zh = `${label()}格式不正确`;
        en = `${name()} must match ${p.pattern}`;
        break;
      case 'format':
        zh = `${label()}不是有效的${FORMAT_ZH[p.format] ?? p.format}`;
        en = `${name()} must be a valid ${p.format}`;
        break;
      case 'enum':
        zh = `${label()}只能取以下值之一：${(p.allowedValues as unknown[]).map(String).join('、')}`;
        en = `${name()} must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
        break;
      case 'const':
        zh = `${label()}必须等于 ${String(p.allowedValue)}`;
        en = `${name()} must be ${String(p.allowedValue)}`;
        break;
      case 'multipleOf':
        limit = p.multipleOf;
        zh = `${label()}必须是 ${p.multipleOf} 的倍数`;
        en = `${name()} must be a multiple of ${p.multipleOf}`;
        break;
      default:
        zh = `${label()}不符合要求（${e.message ?? e.keyword}）`;
        en = `${name()} ${e.message ?? `fails ${e.keyword}`}`;
    }
    const key = `${field}\u0000${zh}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: formId, messageZh: zh, messageEn: en, limit, actual, ...(field ? { field } : {}) });
  }
  return out;
}

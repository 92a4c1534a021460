import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Form from '@rjsf/mui';
import type { ErrorSchema, RJSFSchema, RJSFValidationError } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Loading, Title, useNotify, usePermissions, useTranslate } from 'react-admin';
import { errorText, gql, type GqlError } from '../api';
import { useLocale } from '../generated/fields';
import { currentLocale } from '../i18n';
import { humanize, type JsonSchema, type Metadata } from '../meta';
import { usePluginStrings, type PluginStrings } from '../pluginStrings';

interface FormInfo { id: string; plugin: string; titleZh: string; titleEn: string; schema: string; uiSchema: string; roles: string[] | null }

// The server checks `data` with ajv against this very schema (core/plugin-host/forms.ts); the same
// options here so both sides agree (formats such as `date`, defaults filled in).
const validator = customizeValidator({ ajvOptionsOverrides: { strict: false, allErrors: true } });

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', integer: '整数', boolean: '是/否', object: '对象', array: '列表' };

/** ajv's English messages in Chinese, worded like the server's (core/plugin-host/forms.ts). */
function chineseErrors(errors: RJSFValidationError[]): RJSFValidationError[] {
  if (currentLocale() === 'en') return errors;
  return errors.map((e) => {
    const p = (e.params ?? {}) as Record<string, any>;
    const t = e.title ? `「${e.title}」` : '';
    let message = e.message;
    switch (e.name) {
      case 'required': message = '必填'; break;
      case 'minLength': message = `至少 ${p.limit} 个字符`; break;
      case 'maxLength': message = `最多 ${p.limit} 个字符`; break;
      case 'minimum': message = `不能小于 ${p.limit}`; break;
      case 'maximum': message = `不能大于 ${p.limit}`; break;
      case 'exclusiveMinimum': message = `必须大于 ${p.limit}`; break;
      case 'exclusiveMaximum': message = `必须小于 ${p.limit}`; break;
      case 'multipleOf': message = `必须是 ${p.multipleOf} 的倍数`; break;
      case 'pattern': message = '格式不正确'; break;
      case 'format': message = p.format === 'date' ? '不是有效的日期' : `不是有效的 ${p.format}`; break;
      case 'enum': message = '只能取给定的值之一'; break;
      case 'type': message = `应为${String(p.type).split(',').map((x) => TYPE_ZH[x] ?? x).join('或')}`; break;
    }
    return { ...e, message, stack: `${t}${message}` };
  });
}

type UiSchema = Record<string, any>;

/**
 * A plugin form in English. Plugins write their schemas in Chinese; each title is taken, in
 * this order, from the schema's `x-title-en`, the plugin's i18n (en) `form.<formId>.<path>`
 * (path: property names joined by dots, e.g. `monograph.title`), then `field.<name>`, then
 * the console's English label of a field of that name, then the property name made readable.
 * Choices (`ui:enumNames`) likewise: `form.<formId>.<path>.<value>`, `enum.<name>.<value>`,
 * `<name>.<value>`, the console's enum labels, the value made readable. Descriptions:
 * `x-description-en` or `form.<formId>.<path>.description`; a Chinese one without either is left out.
 */
export function englishForm(schema: JsonSchema, uiSchema: UiSchema, formId: string, en: Record<string, string>, m: Metadata | undefined): { schema: JsonSchema; uiSchema: UiSchema } {
  // The console's labels of a field name, used only when every resource with that field agrees
  // ('subject' is always Subject; 'title' is a professional title on a teacher, a heading elsewhere).
  const labels = new Map<string, Set<string>>();
  const enumLabels = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, k: string, v: string) => map.set(k, (map.get(k) ?? new Set()).add(v));
  for (const r of m?.resources ?? [])
    for (const f of r.fields) {
      add(labels, f.name, f.labelEn);
      for (const v of f.enumValues ?? []) add(enumLabels, `${f.name}.${v.value}`, v.labelEn);
    }
  const agreed = (map: Map<string, Set<string>>, k: string) => (map.get(k)?.size === 1 ? [...map.get(k)!][0] : undefined);
  const fieldLabel = { get: (k: string) => agreed(labels, k) };
  const enumLabel = { get: (k: string) => agreed(enumLabels, k) };
  const walk = (node: JsonSchema, ui: UiSchema, path: string[], name: string | null): [JsonSchema, UiSchema] => {
    const out: JsonSchema = { ...node };
    const outUi: UiSchema = { ...ui };
    const key = path.join('.');
    if (name !== null)
      out.title = (node['x-title-en'] as string | undefined) ?? en[`form.${formId}.${key}`] ?? en[`field.${name}`] ?? fieldLabel.get(name) ?? humanize(name);
    // A description in the console's language, or none (an untranslated Chinese hint is dropped).
    const description = (node['x-description-en'] as string | undefined) ?? en[`form.${formId}.${key ? `${key}.` : ''}description`];
    if (description) out.description = description;
    else if (typeof node.description === 'string' && /[\u3400-\u9fff]/.test(node.description)) delete out.description;
    if (Array.isArray(node.enum) && name !== null)
      outUi['ui:enumNames'] = node.enum.map((v) => {
        const value = String(v);
        return en[`form.${formId}.${key}.${value}`] ?? en[`enum.${name}.${value}`] ?? en[`${name}.${value}`] ?? enumLabel.get(`${name}.${value}`) ?? humanize(value);
      });
    if (node.properties) {
      out.properties = {};
      for (const [k, p] of Object.entries(node.properties)) {
        const [s, u] = walk(p, (ui[k] as UiSchema | undefined) ?? {}, [...path, k], k);
        out.properties[k] = s;
        if (Object.keys(u).length) outUi[k] = u;
      }
    }
    if (node.items && !Array.isArray(node.items)) {
      // Array items: a list of objects keeps the list's own title; an enum item is named like the list.
      const [s, u] = walk(node.items, (ui.items as UiSchema | undefined) ?? {}, path, node.items.enum ? name : null);
      if (!node.items.enum) delete s.title;
      out.items = s;
      if (Object.keys(u).length) outUi.items = u;
    }
    return [out, outUi];
  };
  const [s, u] = walk(schema, uiSchema, [], null);
  return { schema: s, uiSchema: u };
}

/** Server refusals (RULE_VIOLATION / BAD_USER_INPUT with `field`) as rjsf's extraErrors, inline next to the field. */
function toErrorSchema(errors: GqlError[]): ErrorSchema {
  const out: Record<string, any> = {};
  for (const e of errors) {
    const field = e.extensions?.field;
    if (!field) continue;
    let node = out;
    for (const part of field.split('.')) node = node[part] ??= {};
    (node.__errors ??= []).push(errorText(e));
  }
  return out as ErrorSchema;
}

/** A region plugin's form (forms / form(id) / submitForm), rendered with @rjsf/mui. */
export default function PluginForm() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useLocale();
  const [info, setInfo] = useState<FormInfo | null | undefined>(undefined);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [serverErrors, setServerErrors] = useState<GqlError[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setInfo(undefined);
    setServerErrors([]);
    setData({});
    gql<{ form: FormInfo | null }>(`query($id: ID!) { form(id: $id) { id plugin titleZh titleEn schema uiSchema roles } }`, { id })
      .then((d) => setInfo(d.form))
      .catch(() => setInfo(null));
  }, [id]);

  const strings: PluginStrings | null = usePluginStrings();
  const { permissions: m } = usePermissions<Metadata>();
  // In English the plugin's (Chinese) titles and choices are replaced (see englishForm); the
  // form's own title in the console's language stands in for the schema's.
  const [schema, uiSchema] = useMemo(() => {
    if (!info) return [null, {}];
    let s = JSON.parse(info.schema) as JsonSchema;
    let ui = JSON.parse(info.uiSchema) as UiSchema;
    if (locale === 'en') ({ schema: s, uiSchema: ui } = englishForm(s, ui, info.id, strings?.[info.plugin]?.en ?? {}, m));
    return [s, { ...ui, 'ui:title': locale === 'en' ? info.titleEn : info.titleZh, 'ui:submitButtonOptions': { submitText: translate('app.submit') } }];
  }, [info, locale, strings, m]);

  if (info === undefined) return <Loading />;
  if (!info || !schema) return <Alert severity="warning">{translate('app.no_forms')}</Alert>;
  const title = locale === 'en' ? info.titleEn : info.titleZh;

  const submit = async (formData: Record<string, unknown>) => {
    setBusy(true);
    setServerErrors([]);
    try {
      const d = await gql<{ submitForm: { ok: boolean; id: string | null; message: string | null } }>(
        `mutation($id: ID!, $data: String!) { submitForm(id: $id, data: $data) { ok id message } }`,
        { id: info.id, data: JSON.stringify(formData) },
      );
      notify(d.submitForm.message ?? translate('app.submitted'), { type: 'success' });
      setData({});
    } catch (e) {
      const errors = ((e as { body?: { graphqlErrors?: GqlError[] } }).body?.graphqlErrors ?? [{ message: (e as Error).message }]) as GqlError[];
      setServerErrors(errors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card sx={{ mt: 2, maxWidth: 760 }}>
      <Title title={title} />
      <CardContent>
        {serverErrors.length > 0 && (
          <Alert severity="error" sx={{ mb: 2 }} data-testid="form-errors">
            {translate('app.form_refused')}
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {serverErrors.map((e, i) => <li key={i}>{errorText(e)}</li>)}
            </ul>
          </Alert>
        )}
        <Form
          schema={schema as RJSFSchema}
          uiSchema={uiSchema}
          formData={data}
          validator={validator}
          transformErrors={chineseErrors}
          extraErrors={toErrorSchema(serverErrors)}
          onChange={(e) => setData(e.formData as Record<string, unknown>)}
          onSubmit={(e) => void submit(e.formData as Record<string, unknown>)}
          disabled={busy}
          showErrorList={false}
          noHtml5Validate
        />
      </CardContent>
    </Card>
  );
}

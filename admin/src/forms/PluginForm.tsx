import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Form from '@rjsf/mui';
import type { ErrorSchema, RJSFValidationError } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Loading, Title, useNotify, useTranslate } from 'react-admin';
import { errorText, gql, type GqlError } from '../api';
import { useLocale } from '../generated/fields';
import { currentLocale } from '../i18n';

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

  const schema = useMemo(() => (info ? JSON.parse(info.schema) : null), [info]);
  // The form's own title in the console's language stands in for the schema's (Chinese) title.
  const uiSchema = useMemo(
    () =>
      info
        ? { ...JSON.parse(info.uiSchema), 'ui:title': locale === 'en' ? info.titleEn : info.titleZh, 'ui:submitButtonOptions': { submitText: translate('app.submit') } }
        : {},
    [info, locale],
  );

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
          schema={schema}
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

import {
  AutocompleteInput, BooleanInput, DateInput, NullableBooleanInput, NumberInput, ReferenceInput, SearchInput, SelectInput,
  TextArrayInput, TextInput, maxLength, maxValue, minLength, minValue, regex, required, type Validator,
} from 'react-admin';
import { translate } from '../i18n';
import { choicesOf, type FieldMeta, type FilterMeta, type JsonSchema, type Metadata, type ResourceMeta } from '../meta';

/**
 * Form inputs from the create/update input's JSON Schema (the same constraints the server
 * checks with class-validator): required, lengths, bounds, pattern, enum, date format.
 */
export function validatorsFor(p: JsonSchema, isRequired: boolean): Validator[] {
  const v: Validator[] = [];
  if (isRequired) v.push(required());
  if (typeof p.minLength === 'number' && p.minLength > 0) v.push(minLength(p.minLength));
  if (typeof p.maxLength === 'number') v.push(maxLength(p.maxLength));
  if (typeof p.minimum === 'number') v.push(minValue(p.minimum));
  if (typeof p.maximum === 'number') v.push(maxValue(p.maximum));
  if (typeof p.exclusiveMinimum === 'number') {
    const min = p.exclusiveMinimum;
    v.push((value: unknown) => (value !== null && value !== undefined && value !== '' && Number(value) <= min ? translate('app.validation.exclusiveMinimum', { min }) : undefined));
  }
  if (typeof p.exclusiveMaximum === 'number') {
    const max = p.exclusiveMaximum;
    v.push((value: unknown) => (value !== null && value !== undefined && value !== '' && Number(value) >= max ? translate('app.validation.exclusiveMaximum', { max }) : undefined));
  }
  if (typeof p.pattern === 'string') v.push(regex(new RegExp(p.pattern), 'app.validation.pattern'));
  if (p.type === 'integer') v.push((value: unknown) => (value !== null && value !== undefined && value !== '' && !Number.isInteger(Number(value)) ? translate('app.validation.integer') : undefined));
  if (p.format === 'date')
    v.push((value: unknown) => (typeof value === 'string' && value && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? translate('app.validation.date') : undefined));
  if (typeof p.maxItems === 'number') {
    const max = p.maxItems;
    v.push((value: unknown) => (Array.isArray(value) && value.length > max ? translate('app.validation.maxItems', { max }) : undefined));
  }
  return v;
}

const types = (p: JsonSchema) => (Array.isArray(p.type) ? p.type : [p.type]);

/** The input for one property of an input type. `field` is the record's field of the same name, when there is one. */
export function inputFor(r: ResourceMeta, m: Metadata, name: string, p: JsonSchema, isRequired: boolean, locale: string) {
  const field: FieldMeta | undefined = r.fields.find((f) => f.name === name);
  const validate = validatorsFor(p, isRequired);
  const labelText = locale === 'en' ? (field?.labelEn ?? p['x-title-en'] ?? name) : (field?.labelZh ?? p.title ?? name);
  const common = { source: name, validate, label: labelText, helperText: p.description ?? false };
  const reference = field?.reference && field.relation ? m.byName[field.reference] : undefined;
  if (reference) {
    const searchable = reference.filters.some((f) => f.kind === 'search');
    return (
      <ReferenceInput key={name} source={name} reference={reference.name} sort={{ field: reference.defaultSort, order: reference.defaultOrder }}>
        <AutocompleteInput
          label={labelText}
          validate={validate}
          optionText={reference.titleField}
          filterToQuery={(q: string) => (searchable && q ? { q } : {})}
          helperText={false}
        />
      </ReferenceInput>
    );
  }
  if (Array.isArray(p.enum)) {
    const choices = field?.enumValues ? choicesOf(field.enumValues) : p.enum.map((v) => ({ id: String(v), name: String(v) }));
    return <SelectInput key={name} {...common} choices={choices} />;
  }
  const t = types(p);
  if (t.includes('boolean')) return <BooleanInput key={name} {...common} />;
  if ((t.includes('integer') || t.includes('number')) && !t.includes('string')) return <NumberInput key={name} {...common} />;
  if (p.format === 'date') return <DateInput key={name} {...common} />;
  if (t.includes('array')) return <TextArrayInput key={name} {...common} />;
  const long = field?.format === 'text' || (typeof p.maxLength === 'number' && p.maxLength > 200);
  return <TextInput key={name} {...common} multiline={long} minRows={long ? 3 : undefined} fullWidth={long} />;
}

/** Every input of an operation's JSON Schema. */
export function inputsFor(r: ResourceMeta, m: Metadata, schema: JsonSchema | null, locale: string, enforceRequired: boolean) {
  const req = new Set(enforceRequired ? (schema?.required ?? []) : []);
  return Object.entries(schema?.properties ?? {}).map(([name, p]) => inputFor(r, m, name, p, req.has(name), locale));
}

/** List filters from the resource's filter declaration. */
export function filtersFor(r: ResourceMeta, m: Metadata, locale: string) {
  const lbl = (f: FilterMeta) => (locale === 'en' ? f.labelEn : f.labelZh);
  const out: React.ReactElement[] = [];
  for (const f of r.filters) {
    const field = r.fields.find((x) => x.name === f.name);
    if (f.kind === 'search') {
      out.push(<SearchInput key="q" source="q" alwaysOn placeholder={lbl(f)} />);
      continue;
    }
    if (f.kind === 'range') {
      const isDate = field?.format === 'date' || field?.format === 'date-time' || /Date$|At$|^at$/.test(f.name);
      const isNumber = f.type === 'Int' || f.type === 'Float';
      for (const [suffix, word] of [['_gte', locale === 'en' ? 'from' : '起'], ['_lte', locale === 'en' ? 'to' : '止']] as const) {
        const props = { key: f.name + suffix, source: f.name + suffix, label: `${lbl(f)}（${word}）` };
        out.push(isDate ? <DateInput {...props} key={props.key} /> : isNumber ? <NumberInput {...props} key={props.key} /> : <TextInput {...props} key={props.key} />);
      }
      continue;
    }
    const target = f.reference ? m.byName[f.reference] : undefined;
    if (target) {
      const searchable = target.filters.some((x) => x.kind === 'search');
      out.push(
        <ReferenceInput key={f.name} source={f.name} reference={target.name} sort={{ field: target.defaultSort, order: target.defaultOrder }}>
          <AutocompleteInput label={lbl(f)} optionText={target.titleField} filterToQuery={(q: string) => (searchable && q ? { q } : {})} />
        </ReferenceInput>,
      );
    } else if (f.enumValues?.length) out.push(<SelectInput key={f.name} source={f.name} label={lbl(f)} choices={choicesOf(f.enumValues)} />);
    else if (field?.enumValues?.length) out.push(<SelectInput key={f.name} source={f.name} label={lbl(f)} choices={choicesOf(field.enumValues)} />);
    else if (f.type === 'Boolean') out.push(<NullableBooleanInput key={f.name} source={f.name} label={lbl(f)} />);
    else if (f.type === 'Int' || f.type === 'Float') out.push(<NumberInput key={f.name} source={f.name} label={lbl(f)} />);
    else out.push(<TextInput key={f.name} source={f.name} label={lbl(f)} />);
  }
  return out;
}

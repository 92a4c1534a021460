import {
  BooleanField, Link, DateField, NumberField, SelectField, TextField, useLocaleState, useRecordContext,
} from 'react-admin';
import { choicesOf, type FieldMeta, type Metadata } from '../meta';

/** Shows the related record's name (from the `school { id name }` the list query fetched) with a link to it. */
function RelationField({ field, m }: { field: FieldMeta; m: Metadata; source: string; label?: string; sortable?: boolean; sortBy?: string }) {
  const record = useRecordContext();
  if (!record) return null;
  const id = record[field.name];
  if (id === null || id === undefined) return null;
  const target = field.reference ? m.byName[field.reference] : undefined;
  const related = field.relation ? (record[field.relation] as Record<string, unknown> | null) : null;
  const text = target && related && target.titleField !== 'id' ? String(related[target.titleField] ?? id) : String(id);
  if (!target) return <span>{text}</span>;
  return (
    <Link to={`/${target.name}/${encodeURIComponent(String(id))}/show`} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
      {text}
    </Link>
  );
}

function JsonField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const raw = record?.[source];
  if (raw === null || raw === undefined || raw === '') return null;
  let text = String(raw);
  try {
    text = JSON.stringify(typeof raw === 'string' ? JSON.parse(raw) : raw, null, 1);
  } catch {
    /* not JSON: as is */
  }
  return <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', maxWidth: 480 }}>{text.length > 600 ? `${text.slice(0, 600)}…` : text}</pre>;
}

function ListScalarField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const v = record?.[source];
  return <span>{Array.isArray(v) ? v.join('、') : v === null || v === undefined ? '' : String(v)}</span>;
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' };

/** The display component for one field of a generated resource. */
export function fieldFor(f: FieldMeta, m: Metadata, locale: string, opts: { inList?: boolean } = {}) {
  const common = { source: f.name, sortable: opts.inList ? f.sortable : false };
  if (f.relation && f.reference) return <RelationField key={f.name} {...common} field={f} m={m} sortBy={f.name} />;
  if (f.list) return <ListScalarField key={f.name} {...common} />;
  if (f.kind === 'enum') return <SelectField key={f.name} {...common} choices={choicesOf(f.enumValues)} />;
  if (f.type === 'Boolean') return <BooleanField key={f.name} {...common} />;
  if (f.format === 'date') return <DateField key={f.name} {...common} locales={locale} options={DATE_OPTIONS} />;
  if (f.format === 'date-time') return <DateField key={f.name} {...common} locales={locale} showTime />;
  if (f.format === 'json') return <JsonField key={f.name} {...common} />;
  // Years, sequence numbers and versions are numbers without thousands separators.
  if (f.type === 'Int' && /(^|[a-z])(year|Year|seq|round|attempt|version|revision)$|^(year|seq|round|attempt|version|revision)$/.test(f.name))
    return <NumberField key={f.name} {...common} locales={locale} options={{ useGrouping: false }} />;
  if (f.type === 'Int' || f.type === 'Float') return <NumberField key={f.name} {...common} locales={locale} />;
  return <TextField key={f.name} {...common} />;
}

/** Re-renders its users when the language changes and gives the locale for dates and numbers. */
export function useLocale(): string {
  const [locale] = useLocaleState();
  return locale;
}

import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { useFormState } from 'react-hook-form';
import {
  Create, Datagrid, DeleteButton, Edit, List, Pagination, ReferenceManyField, SaveButton, Show, SimpleForm, Tab, TabbedShowLayout,
  Toolbar, TopToolbar, CreateButton, FilterButton, EditButton, Labeled, usePermissions,
} from 'react-admin';
import { ExportExcelButton } from '../excel/ExportExcelButton';
import { listExtras, showExtras } from '../workflow/extensions';
import type { Metadata, ResourceMeta } from '../meta';
import { fieldFor, useLocale } from './fields';
import { filtersFor, inputsFor } from './inputs';

/** A server refusal (rule violations, validation) at the top of the form, in the console's language. */
export function FormErrors() {
  const { errors } = useFormState();
  const root = (errors.root as { serverError?: { message?: string } } | undefined)?.serverError?.message;
  if (!root) return null;
  return (
    <Alert severity="error" sx={{ mb: 2, width: '100%', whiteSpace: 'pre-line' }} data-testid="form-errors">
      {root.split('；').join('\n')}
    </Alert>
  );
}

/** One column of full-width inputs, not wider than a comfortable line. */
const FORM_SX = { maxWidth: 720, '& .MuiFormControl-root, & .MuiAutocomplete-root': { width: '100%' } };

const useMeta = () => usePermissions<Metadata>().permissions;

function ListActions({ r }: { r: ResourceMeta }) {
  const m = useMeta();
  return (
    <TopToolbar>
      {r.filters.some((f) => f.kind !== 'search') && <FilterButton />}
      {r.create?.allowed && <CreateButton />}
      {m && listExtras(r.name, m)}
      <ExportExcelButton r={r} />
    </TopToolbar>
  );
}

export function ResourceList({ r }: { r: ResourceMeta }) {
  const m = useMeta();
  const locale = useLocale();
  if (!m) return null;
  const byName = new Map(r.fields.map((f) => [f.name, f]));
  return (
    <List
      key={locale}
      filters={filtersFor(r, m, locale)}
      sort={{ field: r.defaultSort, order: r.defaultOrder }}
      perPage={25}
      actions={<ListActions r={r} />}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50, 100]} />}
    >
      <Datagrid rowClick="show" bulkActionButtons={r.delete?.allowed ? undefined : false}>
        {r.listFields.map((name) => byName.get(name)).filter((f) => !!f).map((f) => fieldFor(f, m, locale, { inList: true }))}
      </Datagrid>
    </List>
  );
}

function ShowActions({ r }: { r: ResourceMeta }) {
  const m = useMeta();
  return (
    <TopToolbar>
      {m && showExtras(r.name, m)}
      {r.update?.allowed && <EditButton />}
    </TopToolbar>
  );
}

export function ResourceShow({ r }: { r: ResourceMeta }) {
  const m = useMeta();
  const locale = useLocale();
  if (!m) return null;
  const scalar = r.fields.filter((f) => f.kind !== 'object');
  // Children listed through the child resource's own (scoped) list, filtered on its foreign key.
  const children = r.fields.filter((f) => {
    const child = f.childResource ? m.byName[f.childResource] : undefined;
    return child && f.foreignKey && child.filters.some((x) => x.name === f.foreignKey);
  });
  return (
    <Show actions={<ShowActions r={r} />}>
      <TabbedShowLayout>
        <Tab label={locale === 'en' ? 'Details' : '详情'}>
          <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', width: '100%' }}>
            {scalar.map((f) => (
              <Box key={f.name} sx={f.format === 'json' || f.format === 'text' ? { gridColumn: '1 / -1' } : undefined}>
                <Labeled source={f.name}>{fieldFor(f, m, locale)}</Labeled>
              </Box>
            ))}
          </Box>
        </Tab>
        {children.map((f) => {
          const child = m.byName[f.childResource!]!;
          const cols = new Map(child.fields.map((x) => [x.name, x]));
          return (
            <Tab key={f.name} label={locale === 'en' ? f.labelEn : f.labelZh} path={f.name}>
              <ReferenceManyField
                reference={child.name}
                target={f.foreignKey!}
                sort={{ field: child.defaultSort, order: child.defaultOrder }}
                perPage={25}
                pagination={<Pagination />}
              >
                <Datagrid rowClick="show" bulkActionButtons={false}>
                  {child.listFields.filter((n) => n !== f.foreignKey).map((n) => cols.get(n)).filter((x) => !!x).map((x) => fieldFor(x, m, locale))}
                </Datagrid>
              </ReferenceManyField>
            </Tab>
          );
        })}
      </TabbedShowLayout>
    </Show>
  );
}

function EditToolbar({ r }: { r: ResourceMeta }) {
  return (
    <Toolbar sx={{ display: 'flex', justifyContent: 'space-between' }}>
      <SaveButton />
      {r.delete?.allowed && <DeleteButton mutationMode="pessimistic" />}
    </Toolbar>
  );
}

export function ResourceEdit({ r }: { r: ResourceMeta }) {
  const m = useMeta();
  const locale = useLocale();
  if (!m || !r.update) return null;
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm toolbar={<EditToolbar r={r} />} sx={FORM_SX}>
        <FormErrors />
        {inputsFor(r, m, r.update.schema, locale, false)}
      </SimpleForm>
    </Edit>
  );
}

export function ResourceCreate({ r }: { r: ResourceMeta }) {
  const m = useMeta();
  const locale = useLocale();
  if (!m || !r.create) return null;
  return (
    <Create redirect="show">
      <SimpleForm toolbar={<Toolbar><SaveButton alwaysEnable /></Toolbar>} sx={FORM_SX}>
        <FormErrors />
        {inputsFor(r, m, r.create.schema, locale, true)}
      </SimpleForm>
    </Create>
  );
}

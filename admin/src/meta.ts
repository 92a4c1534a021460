import { gql } from './api';
import { addMessages, currentLocale } from './i18n';

/** What adminMetadata says (core/graphql/metadata.ts). */
export interface EnumValueMeta { value: string; labelZh: string; labelEn: string }
export interface FieldMeta {
  name: string;
  type: string;
  kind: 'scalar' | 'enum' | 'object';
  list: boolean;
  required: boolean;
  format: 'date' | 'date-time' | 'text' | 'json' | null;
  enumValues: EnumValueMeta[] | null;
  reference: string | null;
  relation: string | null;
  childResource: string | null;
  foreignKey: string | null;
  sortable: boolean;
  labelZh: string;
  labelEn: string;
}
export interface FilterMeta {
  name: string;
  type: string;
  kind: 'search' | 'eq' | 'region' | 'range';
  enumValues: EnumValueMeta[] | null;
  reference: string | null;
  labelZh: string;
  labelEn: string;
}
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  'x-title-en'?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  maxItems?: number;
  [k: string]: unknown;
}
export interface OperationMeta { name: string; roles: string[] | null; allowed: boolean; inputType: string | null; schema: JsonSchema | null }
export interface ResourceMeta {
  name: string;
  plural: string;
  labelZh: string;
  labelEn: string;
  pluralEn: string;
  group: string;
  plugin: string | null;
  titleField: string;
  filterType: string;
  fields: FieldMeta[];
  filters: FilterMeta[];
  listFields: string[];
  sortable: string[];
  defaultSort: string;
  defaultOrder: 'ASC' | 'DESC';
  create: OperationMeta | null;
  update: OperationMeta | null;
  delete: OperationMeta | null;
}
export interface MenuGroupMeta { name: string; labelZh: string; labelEn: string }
export interface FormMeta { id: string; plugin: string; titleZh: string; titleEn: string; roles: string[] | null }
export interface Me { id: string; role: string; regionId: string | null; institutionId: string | null; teacherId: string | null; expertId: string | null }

export interface Metadata {
  role: string;
  me: Me;
  resources: ResourceMeta[];
  byName: Record<string, ResourceMeta>;
  groups: MenuGroupMeta[];
  roles: EnumValueMeta[];
  operations: Set<string>;
  forms: FormMeta[];
}

const QUERY = `query ConsoleMetadata {
  me { id role regionId institutionId teacherId expertId }
  forms { id plugin titleZh titleEn roles }
  adminMetadata {
    role operations
    groups { name labelZh labelEn }
    roles { value labelZh labelEn }
    resources {
      name plural labelZh labelEn pluralEn group plugin titleField filterType listFields sortable defaultSort defaultOrder
      fields { name type kind list required format reference relation childResource foreignKey sortable labelZh labelEn enumValues { value labelZh labelEn } }
      filters { name type kind reference labelZh labelEn enumValues { value labelZh labelEn } }
      create { name roles allowed inputType schema }
      update { name roles allowed inputType schema }
      delete { name roles allowed inputType schema }
    }
  }
}`;

type RawOp = Omit<OperationMeta, 'schema'> & { schema: string | null };
type RawResource = Omit<ResourceMeta, 'create' | 'update' | 'delete'> & { create: RawOp | null; update: RawOp | null; delete: RawOp | null };

const parseOp = (o: RawOp | null): OperationMeta | null => (o ? { ...o, schema: o.schema ? (JSON.parse(o.schema) as JsonSchema) : null } : null);

/** 'demonstrationLessons' → 'Demonstration lessons', as the server's metadata makes names readable. */
export function humanize(name: string): string {
  const words = name.replace(/Id$/, '').replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A plugin that names its resource in English (`resource.<Name>`, often already plural, e.g.
 * "Backbone quotas") but not its plural (`resource.<Name>.plural`) gets the type name made
 * readable as the plural ("Cq backbone quotas"): its own name reads better.
 */
const pluralEnOf = (r: { name: string; plural: string; plugin: string | null; labelEn: string; pluralEn: string }) =>
  r.plugin && r.pluralEn === humanize(r.plural) && r.labelEn !== humanize(r.name) ? r.labelEn : r.pluralEn;

let loading: Promise<Metadata> | null = null;
let loaded: Metadata | null = null;

/** The metadata of the logged-in session (one request, then kept until logout). */
export function loadMetadata(): Promise<Metadata> {
  if (!loading) {
    loading = gql<{ me: Me | null; forms: FormMeta[]; adminMetadata: { role: string; operations: string[]; groups: MenuGroupMeta[]; roles: EnumValueMeta[]; resources: RawResource[] } }>(QUERY)
      .then((d) => {
        const resources = d.adminMetadata.resources.map((r) => ({
          ...r,
          pluralEn: pluralEnOf(r),
          create: parseOp(r.create),
          update: parseOp(r.update),
          delete: parseOp(r.delete),
        }));
        const meta: Metadata = {
          role: d.adminMetadata.role,
          me: d.me!,
          resources,
          byName: Object.fromEntries(resources.map((r) => [r.name, r])),
          groups: d.adminMetadata.groups,
          roles: d.adminMetadata.roles,
          operations: new Set(d.adminMetadata.operations),
          forms: d.forms,
        };
        registerLabels(meta);
        loaded = meta;
        return meta;
      })
      .catch((e) => {
        loading = null;
        throw e;
      });
  }
  return loading;
}

export const cachedMetadata = (): Metadata | null => loaded;

export function clearMetadata(): void {
  loading = null;
  loaded = null;
}

/** react-admin's translation keys for resource names and fields, in both languages. */
function registerLabels(meta: Metadata) {
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const r of meta.resources) {
    zh[`resources.${r.name}.name`] = r.labelZh;
    en[`resources.${r.name}.name`] = `${r.labelEn} |||| ${r.pluralEn}`;
    for (const f of [...r.fields, ...r.filters]) {
      zh[`resources.${r.name}.fields.${f.name}`] = f.labelZh;
      en[`resources.${r.name}.fields.${f.name}`] = f.labelEn;
    }
  }
  addMessages('zh-CN', zh);
  addMessages('en', en);
}

/** A label in the console's language. */
export const label = (o: { labelZh: string; labelEn: string }): string => (currentLocale() === 'en' ? o.labelEn : o.labelZh);

export const choicesOf = (values: EnumValueMeta[] | null | undefined) =>
  (values ?? []).map((v) => ({ id: v.value, name: currentLocale() === 'en' ? v.labelEn : v.labelZh }));

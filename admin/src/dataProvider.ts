import type { DataProvider, Identifier, RaRecord } from 'ra-core';
import { gql } from './api';
import { cachedMetadata, loadMetadata, type JsonSchema, type Metadata, type ResourceMeta } from './meta';

/**
 * react-admin data provider over the generated GraphQL resources (core/graphql/resource.ts):
 * allX(page, perPage, sortField, sortOrder, filter) with 0-based pages, _allXMeta(filter),
 * X(id), createX(data), updateX(id, data), deleteX(id). Queries are written from
 * adminMetadata, never from introspection (production allows that to platform admins only).
 */

async function meta(): Promise<Metadata> {
  return cachedMetadata() ?? loadMetadata();
}

function resourceOf(m: Metadata, name: string): ResourceMeta {
  const r = m.byName[name];
  if (!r) throw new Error(`Unknown resource ${name}`);
  return r;
}

/** Scalars and enums of the record, plus `{ id title }` of each to-one relation (for list cells and links). */
export function selection(m: Metadata, r: ResourceMeta): string {
  const parts: string[] = [];
  for (const f of r.fields) {
    if (f.kind !== 'object') parts.push(f.name);
    else if (!f.list && f.reference) {
      const target = m.byName[f.reference];
      const title = target && target.titleField !== 'id' ? ` ${target.titleField}` : '';
      parts.push(`${f.name} { id${title} }`);
    }
  }
  return parts.join(' ');
}

/** Drops empty filter values and splits nothing: range filters are already `<name>_gte` / `<name>_lte`. */
function cleanFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** Only what the input type knows, and on update only what changed. */
export function inputData(schema: JsonSchema | null, data: Record<string, unknown>, previous?: Record<string, unknown>): Record<string, unknown> {
  const props = schema?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(props)) {
    if (!(k in data)) continue;
    let v = data[k];
    if (v === '' ) v = null;
    if (previous && JSON.stringify(previous[k] ?? null) === JSON.stringify(v ?? null)) continue;
    if (!previous && (v === null || v === undefined)) continue;
    const types = Array.isArray(p.type) ? p.type : [p.type];
    if (v !== null && (types.includes('integer') || types.includes('number')) && !types.includes('string') && typeof v === 'string') v = Number(v);
    out[k] = v;
  }
  return out;
}

export const dataProvider: DataProvider = {
  async getList(resource, params) {
    const m = await meta();
    const r = resourceOf(m, resource);
    const { page = 1, perPage = 25 } = params.pagination ?? {};
    const sort = params.sort && r.sortable.includes(params.sort.field) ? params.sort : { field: r.defaultSort, order: r.defaultOrder };
    const q = `query($page: Int, $perPage: Int, $sortField: String, $sortOrder: String, $filter: ${r.filterType}) {
      items: all${r.plural}(page: $page, perPage: $perPage, sortField: $sortField, sortOrder: $sortOrder, filter: $filter) { ${selection(m, r)} }
      total: _all${r.plural}Meta(filter: $filter) { count }
    }`;
    const d = await gql<{ items: RaRecord[]; total: { count: number } }>(q, {
      page: page - 1,
      perPage,
      sortField: sort.field,
      sortOrder: sort.order,
      filter: cleanFilter(params.filter),
    });
    return { data: d.items as any, total: d.total.count };
  },

  async getOne(resource, params) {
    const m = await meta();
    const r = resourceOf(m, resource);
    const d = await gql<{ one: RaRecord | null }>(`query($id: ID!) { one: ${r.name}(id: $id) { ${selection(m, r)} } }`, { id: params.id });
    if (!d.one) throw Object.assign(new Error('ra.notification.item_doesnt_exist'), { status: 404 });
    return { data: d.one as any };
  },

  async getMany(resource, params) {
    const m = await meta();
    const r = resourceOf(m, resource);
    const ids = [...new Set(params.ids.map(String))];
    if (!ids.length) return { data: [] };
    const d = await gql<{ items: RaRecord[] }>(
      `query($filter: ${r.filterType}, $perPage: Int) { items: all${r.plural}(filter: $filter, perPage: $perPage) { ${selection(m, r)} } }`,
      { filter: { ids }, perPage: Math.min(ids.length, 200) },
    );
    return { data: d.items as any };
  },

  async getManyReference(resource, params) {
    return dataProvider.getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } });
  },

  async create(resource, params) {
    const m = await meta();
    const r = resourceOf(m, resource);
    if (!r.create) throw new Error(`${resource} cannot be created`);
    const data = inputData(r.create.schema, params.data as Record<string, unknown>);
    const d = await gql<{ saved: RaRecord }>(`mutation($data: ${r.create.inputType}!) { saved: ${r.create.name}(data: $data) { ${selection(m, r)} } }`, { data });
    return { data: d.saved as any };
  },

  async update(resource, params) {
    const m = await meta();
    const r = resourceOf(m, resource);
    if (!r.update) throw new Error(`${resource} cannot be updated`);
    const data = inputData(r.update.schema, params.data as Record<string, unknown>, params.previousData as Record<string, unknown>);
    const d = await gql<{ saved: RaRecord }>(
      `mutation($id: ID!, $data: ${r.update.inputType}!) { saved: ${r.update.name}(id: $id, data: $data) { ${selection(m, r)} } }`,
      { id: params.id, data },
    );
    return { data: d.saved as any };
  },

  async updateMany(resource, params) {
    const done: Identifier[] = [];
    for (const id of params.ids) {
      await dataProvider.update(resource, { id, data: params.data, previousData: {} as any });
      done.push(id);
    }
    return { data: done };
  },

  async delete(resource, params) {
    const m = await meta();
    const r = resourceOf(m, resource);
    if (!r.delete) throw new Error(`${resource} cannot be deleted`);
    const d = await gql<{ gone: RaRecord }>(`mutation($id: ID!) { gone: ${r.delete.name}(id: $id) { id } }`, { id: params.id });
    return { data: (params.previousData ?? d.gone) as any };
  },

  async deleteMany(resource, params) {
    const done: Identifier[] = [];
    for (const id of params.ids) {
      await dataProvider.delete(resource, { id });
      done.push(id);
    }
    return { data: done };
  },
};

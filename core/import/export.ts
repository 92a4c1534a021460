import { once } from 'node:events';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { allows } from '../auth/permissions.js';
import type { Context } from '../graphql/context.js';
import { applyFilter, scopedQuery, type ResourceConfig } from '../graphql/resource.js';
import { allResources, permissionTable } from '../graphql/schema.js';

/**
 * GET /export/<Resource>.xlsx?filter=<JSON>&sort=<field>&order=ASC|DESC — any list of the
 * console as a workbook: the same resource, the same filter JSON as `allX(filter:)`, the
 * same permission (the `allX` entry of the permission table) and the same row scope (the
 * resource's scope SQL, `scopedQuery` + `applyFilter` of core/graphql/resource.ts). Columns
 * are the type's scalar and enum fields stored in the table, in schema order, passed
 * through the fields' own middlewares (ID and phone numbers stay masked for whoever sees
 * them masked in the console), labelled as the console labels them (`adminMetadata`), with
 * the name of each related record next to its id. The sorted ids are read first, then the
 * rows in pages of 2,000 by id, written with exceljs's streaming writer; at most
 * MAX_EXPORT_ROWS rows (more is refused, not cut).
 */
export const MAX_EXPORT_ROWS = Number(process.env.SHIXUN_EXPORT_MAX_ROWS ?? 100_000);
const PAGE = 2000;

export class ExportProblem extends Error {
  constructor(readonly status: number, readonly code: string, readonly messageZh: string, readonly messageEn: string) {
    super(messageEn);
  }
}

type Middleware = (action: { root: unknown; args: object; context: Context; info: unknown }, next: () => Promise<unknown>) => Promise<unknown>;

interface Column {
  header: string;
  width: number;
  /** The cell of one row (async for field middlewares). */
  value: (row: ObjectLiteral, related: Map<string, Map<unknown, string>>) => Promise<unknown> | unknown;
  numFmt?: string;
}

interface FieldLabels {
  labelZh: string;
  labelEn: string;
  enumValues: { value: string; labelZh: string; labelEn: string }[] | null;
}

/**
 * graphql as type-graphql loads it (CommonJS): the schema was built with that copy, and under
 * vitest an `import` of graphql is another copy ("from another module or realm").
 */
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const tag = (t: unknown) => Object.prototype.toString.call(t).slice(8, -1);

/** Field labels as the console shows them; field names when the metadata query is not available. */
async function consoleLabels(schema: GraphQLSchema, ctx: Context, resource: string): Promise<Map<string, FieldLabels>> {
  const out = new Map<string, FieldLabels>();
  try {
    const r = await graphql({
      schema,
      source: '{ adminMetadata { resources { name fields { name labelZh labelEn enumValues { value labelZh labelEn } } } } }',
      contextValue: ctx,
    });
    const resources = (r.data?.adminMetadata as { resources?: { name: string; fields: ({ name: string } & FieldLabels)[] }[] } | undefined)?.resources;
    for (const f of resources?.find((x) => x.name === resource)?.fields ?? []) out.set(f.name, f);
  } catch {
    /* labels are a nicety */
  }
  return out;
}

export function findResource(ctx: Context, key: string): ResourceConfig<ObjectLiteral> | undefined {
  const k = key.toLowerCase();
  return allResources(ctx.plugins).find((r) => r.name.toLowerCase() === k || r.plural.toLowerCase() === k);
}

function parseFilter(cfg: ResourceConfig<ObjectLiteral>, raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === '') return undefined;
  let filter: unknown;
  try {
    filter = JSON.parse(String(raw));
  } catch {
    throw new ExportProblem(400, 'BAD_USER_INPUT', 'filter 参数须为 JSON 对象', 'filter must be a JSON object');
  }
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
    throw new ExportProblem(400, 'BAD_USER_INPUT', 'filter 参数须为 JSON 对象', 'filter must be a JSON object');
  const allowed = new Set(['ids', 'q']);
  for (const [name, spec] of Object.entries(cfg.filters ?? {})) {
    if (spec.kind === 'range') (allowed.add(`${name}_gte`), allowed.add(`${name}_lte`));
    else allowed.add(name);
  }
  const unknown = Object.keys(filter).filter((k) => !allowed.has(k));
  if (unknown.length)
    throw new ExportProblem(400, 'BAD_USER_INPUT', `未知的筛选条件：${unknown.join('、')}`, `Unknown filter fields for ${cfg.plural}: ${unknown.join(', ')}`);
  return filter as Record<string, unknown>;
}

function excelText(v: string): string {
  return v.length > 32767 ? `${v.slice(0, 32760)}…` : v;
}

/** The columns of a resource: its stored scalar fields, with related records' names after their ids. */
function columnsOf(cfg: ResourceConfig<ObjectLiteral>, schema: GraphQLSchema, ctx: Context, labels: Map<string, FieldLabels>, english: boolean) {
  const type = schema.getType(cfg.name) as unknown as { getFields?: () => Record<string, { name: string; type: unknown }> } | undefined;
  if (!type?.getFields) throw new ExportProblem(404, 'NOT_FOUND', `没有 ${cfg.name} 列表`, `There is no ${cfg.name} list`);
  const meta = ctx.ds.getMetadata(cfg.entity);
  const storage = getMetadataStorage();
  const relationByKey = new Map(Object.entries(cfg.relations ?? {}).filter(([, r]) => !r.scoped).map(([name, r]) => [r.key, { name, r }]));
  const columns: Column[] = [];
  const relations: { key: string; name: string; entity: Function; title: string }[] = [];
  const yes = english ? 'yes' : '是';
  const no = english ? 'no' : '否';
  for (const f of Object.values(type.getFields())) {
    let t = f.type;
    if (tag(t) === 'GraphQLNonNull') t = (t as { ofType: unknown }).ofType;
    const kind = tag(t);
    if (kind !== 'GraphQLScalarType' && kind !== 'GraphQLEnumType') continue;
    const column = meta.findColumnWithPropertyName(f.name);
    if (!column || column.relationMetadata) continue;
    const mws = storage.middlewares.filter((m) => m.target === cfg.entity && m.fieldName === f.name).flatMap((m) => m.middlewares);
    // Only function middlewares can be run here; a field guarded otherwise is left out.
    if (mws.some((m) => typeof m !== 'function' || (m as { prototype?: { use?: unknown } }).prototype?.use)) continue;
    const l = labels.get(f.name);
    const enumLabels = new Map((l?.enumValues ?? []).map((e) => [e.value, english ? e.labelEn : e.labelZh]));
    const rel = relationByKey.get(f.name);
    let header = (english ? l?.labelEn : (cfg.labels?.[f.name] ?? l?.labelZh)) ?? f.name;
    if (rel) header = english ? `${header} ID` : `${header}编号`;
    const isDate = column.type === 'datetime' || column.type === 'timestamp' || column.type === Date;
    columns.push({
      header,
      width: Math.min(40, Math.max(10, [...header].length * 2 + 2)),
      numFmt: isDate ? 'yyyy-mm-dd hh:mm:ss' : undefined,
      value: async (row) => {
        let v: unknown = row[f.name];
        if (mws.length) {
          const chain = (i: number): Promise<unknown> => (i < mws.length ? (mws[i] as Middleware)({ root: row, args: {}, context: ctx, info: {} }, () => chain(i + 1)) : Promise.resolve(v));
          v = await chain(0);
        }
        if (v === null || v === undefined) return null;
        if (typeof v === 'boolean') return v ? yes : no;
        if (kind === 'GraphQLEnumType') return enumLabels.get(String(v)) ?? String(v);
        if (v instanceof Date) return v;
        if (typeof v === 'object') return excelText(JSON.stringify(v));
        if (typeof v === 'string') return excelText(v);
        return v;
      },
    });
    if (rel) {
      const target = rel.r.type();
      const tm = ctx.ds.hasMetadata(target) ? ctx.ds.getMetadata(target) : undefined;
      const title = ['name', 'title', 'displayName', 'username'].find((c) => tm?.findColumnWithPropertyName(c));
      if (tm && title) {
        const rl = labels.get(rel.name);
        const relHeader = (english ? rl?.labelEn : rl?.labelZh) ?? rel.name;
        relations.push({ key: f.name, name: rel.name, entity: target, title });
        columns.push({ header: relHeader, width: 24, value: (row, related) => related.get(rel.name)?.get(row[f.name]) ?? null });
      }
    }
  }
  return { columns, relations };
}

function sortQuery(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, ctx: Context, field?: string, order?: string) {
  const meta = ctx.ds.getMetadata(cfg.entity);
  const sort = field || cfg.defaultSort?.field || 'id';
  if (!meta.findColumnWithPropertyName(sort)) throw new ExportProblem(400, 'BAD_USER_INPUT', `不能按 ${sort} 排序`, `Cannot sort by ${sort}`);
  const dir = (order ?? cfg.defaultSort?.order ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
  qb.orderBy(`r.${sort}`, dir);
  if (sort !== 'id') qb.addOrderBy('r.id', dir);
}

export interface ExportRequest {
  resource: string;
  filter?: unknown;
  sort?: string;
  order?: string;
}

/** Checks the request and counts the rows (errors before anything is sent), then streams the workbook. */
export async function exportList(res: Response, schema: GraphQLSchema, ctx: Context & { actor: Actor }, req: ExportRequest): Promise<void> {
  const cfg = findResource(ctx, req.resource);
  if (!cfg) throw new ExportProblem(404, 'NOT_FOUND', `没有名为 ${req.resource} 的列表`, `There is no list named ${req.resource}`);
  const op = `all${cfg.plural}`;
  if (!allows(permissionTable(ctx.plugins).get(op), ctx.actor.role))
    throw new ExportProblem(403, 'FORBIDDEN', `您的角色无权执行 ${op}`, `Your role may not perform ${op}`);
  const filter = parseFilter(cfg, req.filter);
  const base = () => {
    const qb = scopedQuery(ctx.ds.manager, cfg, ctx.actor);
    applyFilter(qb, cfg, filter);
    return qb;
  };
  const count = await base().getCount();
  if (count > MAX_EXPORT_ROWS)
    throw new ExportProblem(
      400, 'BAD_USER_INPUT',
      `共 ${count.toLocaleString('en-US')} 行，超过单次导出上限 ${MAX_EXPORT_ROWS.toLocaleString('en-US')} 行，请缩小筛选范围`,
      `${count.toLocaleString('en-US')} rows is more than the ${MAX_EXPORT_ROWS.toLocaleString('en-US')}-row export limit: narrow the filter`,
    );
  sortQuery(base(), cfg, ctx, req.sort, req.order); // a bad sort field is a 400 before anything is sent
  const labels = await consoleLabels(schema, ctx, cfg.name);
  const { columns, relations } = columnsOf(cfg, schema, ctx, labels, ctx.english);

  const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const asciiName = `${cfg.plural}-${stamp}.xlsx`;
  const title = ctx.english ? cfg.plural : cfg.labelZh;
  res.status(200);
  res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(`${title}-${stamp}.xlsx`)}`);
  res.setHeader('x-export-rows', String(count));
  res.setHeader('cache-control', 'no-store');

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  // A column style only where needed: exceljs registers a style for every cell of a styled column.
  ws.columns = columns.map((c) => (c.numFmt ? { header: c.header, width: c.width, style: { numFmt: c.numFmt } } : { header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  // The ids in list order first (one sorted query; 100,000 ids are under 1 MB), then the rows
  // page by page by id: no OFFSET pages re-sorting the whole list each time.
  const idQuery = base();
  sortQuery(idQuery, cfg, ctx, req.sort, req.order);
  const ids = (await idQuery.select('r.id', 'id').limit(MAX_EXPORT_ROWS).getRawMany<{ id: unknown }>()).map((r) => r.id);
  const repo = ctx.ds.getRepository(cfg.entity);
  for (let offset = 0; offset < ids.length; offset += PAGE) {
    const pageIds = ids.slice(offset, offset + PAGE);
    const found = await repo.createQueryBuilder('r').whereInIds(pageIds).getMany();
    const byId = new Map(found.map((r) => [String(r.id), r]));
    const rows = pageIds.map((id) => byId.get(String(id))).filter((r): r is ObjectLiteral => !!r);
    const related = new Map<string, Map<unknown, string>>();
    for (const rel of relations) {
      const ids = [...new Set(rows.map((r) => r[rel.key]).filter((v) => v !== null && v !== undefined))];
      const names = new Map<unknown, string>();
      for (let i = 0; i < ids.length; i += 1000) {
        const found = await ctx.ds.getRepository(rel.entity).createQueryBuilder('t').select(['t.id', `t.${rel.title}`]).whereInIds(ids.slice(i, i + 1000)).getMany();
        for (const f of found) {
          const o = f as ObjectLiteral;
          names.set(o.id, String(o[rel.title] ?? ''));
          names.set(String(o.id), String(o[rel.title] ?? ''));
        }
      }
      related.set(rel.name, names);
    }
    for (const row of rows) {
      const values: unknown[] = [];
      for (const c of columns) values.push(await c.value(row, related));
      ws.addRow(values).commit();
    }
    if (res.writableNeedDrain) await once(res, 'drain');
  }
  ws.commit();
  await wb.commit();
}

import { In, type EntityManager, type ObjectLiteral } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { scopedQuery, type ResourceConfig } from './resource.js';

/**
 * The SQL (and parameters) of a resource's scope per actor, built once per distinct value of
 * what the scope function read. A scope function is a pure function of the actor's fields, so
 * two actors agreeing on every field one build read get the same SQL: a teacher's catalogue
 * depends on their region only, and the thousands of teachers of a district share one entry.
 */
type ScopeBuilds = { reads: (keyof Actor)[][]; sql: Map<string, [string, unknown[]]> };
const scopeBuilds = new WeakMap<object, Map<string, ScopeBuilds>>();
const SCOPE_SQL_MAX = 10_000;

const readKey = (actor: Actor, fields: (keyof Actor)[]) => `${fields.join(',')}|${fields.map((f) => String(actor[f] ?? '')).join('|')}`;

function scopeSelect<T extends ObjectLiteral>(em: EntityManager, cfg: ResourceConfig<T>, actor: Actor): [string, unknown[]] {
  let byDialect = scopeBuilds.get(cfg);
  if (!byDialect) scopeBuilds.set(cfg, (byDialect = new Map()));
  const dialect = `${em.connection.options.type}|${actor.role}`;
  let builds = byDialect.get(dialect);
  if (!builds) byDialect.set(dialect, (builds = { reads: [], sql: new Map() }));
  for (const fields of builds.reads) {
    const hit = builds.sql.get(readKey(actor, fields));
    if (hit) return hit;
  }
  const read = new Set<keyof Actor>(['role']);
  let opaque = false;
  const watched = new Proxy(actor, {
    get: (target, key) => (read.add(key as keyof Actor), target[key as keyof Actor]),
    // A scope that enumerates the actor cannot be keyed by what it read: built every time.
    has: (target, key) => ((opaque = true), key in target),
    ownKeys: (target) => ((opaque = true), Reflect.ownKeys(target)),
  });
  const built = scopedQuery(em, cfg, watched).select('r.id', 'id').getQueryAndParameters() as [string, unknown[]];
  if (opaque) return built;
  const fields = [...read].sort();
  if (!builds.reads.some((f) => f.join() === fields.join())) builds.reads.push(fields);
  if (builds.sql.size >= SCOPE_SQL_MAX) builds.sql.clear();
  builds.sql.set(readKey(actor, fields), built);
  return built;
}

/**
 * `findScoped` for many (actor, id) pairs in two statements, whoever the actors are: the pairs
 * whose actors share a scope (the same SQL and parameters) form one branch of a UNION ALL, each
 * branch being the query findScoped runs (as a derived table, restricted to the branch's ids),
 * so visibility is decided by the same SQL. `out[i]` is the record of `pairs[i]`, or null when
 * it is missing or out of that actor's scope.
 */
export async function findScopedMany<T extends ObjectLiteral>(
  em: EntityManager,
  cfg: ResourceConfig<T>,
  pairs: { actor: Actor; id: number }[],
): Promise<(T | null)[]> {
  const groups = new Map<string, { sql: string; params: unknown[]; ids: Set<number>; k: number }>();
  const groupOf = pairs.map(({ actor, id }) => {
    const [sql, params] = scopeSelect(em, cfg, actor);
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sql, params, ids: new Set(), k: groups.size }));
    g.ids.add(id);
    return g.k;
  });
  const branches = [...groups.values()];
  const rows: { id: number | string; g: number | string }[] = branches.length
    ? await em.query(
      branches.map((b) => `SELECT s${b.k}.id AS id, ${b.k} AS g FROM (${b.sql}) s${b.k} WHERE s${b.k}.id IN (${[...b.ids].map(() => '?').join(', ')})`).join(' UNION ALL '),
      branches.flatMap((b) => [...b.params, ...b.ids]),
    )
    : [];
  const visible = new Set(rows.map((r) => `${r.g}:${r.id}`));
  const ids = [...new Set(rows.map((r) => Number(r.id)))];
  const loaded = ids.length ? await em.getRepository(cfg.entity).findBy({ id: In(ids) } as never) : [];
  const byId = new Map(loaded.map((row) => [Number(row.id), row]));
  return pairs.map(({ id }, i) => (visible.has(`${groupOf[i]}:${id}`) ? (byId.get(id) ?? null) : null));
}

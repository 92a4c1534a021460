import { createHash } from 'node:crypto';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditFinding, CycleAudit } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import type { Violation } from '../plugin-host/types.js';

/**
 * Cycle-audit findings stored once each (AuditFinding) and listed by id in CycleAudit.findingIds;
 * the GraphQL field `CycleAudit.findings` reads them back as the JSON list a plugin's findings
 * make (`JSON.stringify(findings)`, the same text). A province's audit so writes a few thousand
 * findings and a short list of ids per teacher, instead of 200 MB of bilingual text.
 */

/** Each frozen finding's JSON, by identity: plugins share one frozen object per distinct finding. */
const texts = new WeakMap<Violation, string>();

export function findingJson(v: Violation): string {
  let text = texts.get(v);
  if (text === undefined) {
    text = JSON.stringify(v);
    if (Object.isFrozen(v)) texts.set(v, text);
  }
  return text;
}

const digestOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** How a dictionary reaches the database: statements with `?` placeholders, rows as [id, digest]. */
export interface FindingStatements {
  run(sql: string, params: unknown[]): Promise<unknown>;
  ids(sql: string, params: unknown[]): Promise<[unknown, unknown][]>;
}

/** Findings per statement: far below every driver's limit on bound values. */
const PER_STATEMENT = 1000;

/**
 * The ids of findings, storing those not stored yet; one per region-wide run (or per audit),
 * remembering what it has seen, so that a province's run stores its findings in its first few
 * chunks and then only looks them up here.
 */
export class FindingIds {
  private known = new Map<string, number>();

  constructor(
    private readonly sql: FindingStatements,
    private readonly dialect: 'mysql' | 'sqlite',
  ) {}

  /** Each list of findings as the JSON list of their ids (CycleAudit.findingIds). */
  async lists(lists: readonly (readonly Violation[])[]): Promise<string[]> {
    const textLists = lists.map((l) => l.map(findingJson));
    const missing = new Set<string>();
    for (const l of textLists) for (const t of l) if (!this.known.has(t)) missing.add(t);
    if (missing.size) await this.store([...missing]);
    return textLists.map((l) => (l.length ? `[${l.map((t) => this.known.get(t)).join(',')}]` : '[]'));
  }

  private async store(newTexts: string[]): Promise<void> {
    // Another run (or process) may store the same finding at the same time: the digest's unique index keeps one.
    const insert = this.dialect === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    for (let k = 0; k < newTexts.length; k += PER_STATEMENT) {
      const part = newTexts.slice(k, k + PER_STATEMENT);
      const digests = part.map(digestOf);
      await this.sql.run(`${insert} INTO audit_finding (digest, text) VALUES ${part.map(() => '(?, ?)').join(', ')}`, part.flatMap((t, i) => [digests[i], t]));
      const ids = new Map((await this.sql.ids(`SELECT id, digest FROM audit_finding WHERE digest IN (${part.map(() => '?').join(', ')})`, digests)).map(([id, d]) => [String(d), Number(id)]));
      part.forEach((t, i) => {
        const id = ids.get(digests[i]!);
        if (id === undefined) throw new Error(`audit finding ${digests[i]} was not stored`);
        this.known.set(t, id);
      });
    }
  }
}

export const dialectOf = (ds: DataSource): 'mysql' | 'sqlite' => (ds.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql');

/** A dictionary writing through a transaction's manager (one teacher's audit). */
export function findingIdsIn(em: EntityManager): FindingIds {
  return new FindingIds({
    run: (sql, params) => em.query(sql, params),
    ids: async (sql, params) => ((await em.query(sql, params)) as { id: unknown; digest: unknown }[]).map((r) => [r.id, r.digest]),
  }, dialectOf(em.connection));
}

@Resolver(() => CycleAudit)
export class CycleAuditFindingsResolver {
  /** One statement per request for every audit row's findings (the request's loader). */
  @FieldResolver(() => String, { description: '审核意见：JSON 列表 { rule, messageZh, messageEn, limit, actual }' })
  async findings(@Root() audit: CycleAudit, @Ctx() ctx: Context): Promise<string> {
    const ids = JSON.parse(audit.findingIds) as number[];
    if (!ids.length) return '[]';
    const rows = await ctx.loaders.one(AuditFinding).loadMany(ids);
    return `[${rows.map((r) => {
      if (r instanceof Error) throw r;
      if (!r) throw new Error(`audit ${audit.id}: a finding it lists is missing`);
      return r.text;
    }).join(',')}]`;
  }
}

import { expect } from 'vitest';
import type { Project } from '../../core/entities/index.js';
import type { World } from './fixtures.js';
import type { GqlResult, TestServer } from './server.js';

/** GraphQL documents and small drivers for the project life cycle tests. */
export const PROJECT_FIELDS = 'id status revision hours credits name';
/** A project's transitions, oldest first. */
export const TRANSITIONS = `query($id: ID!) { Project(id: $id) { transitions { fromStatus toStatus actor reason at } } }`;
export const SUBMIT = `mutation($id: ID!) { submitProject(id: $id) { ${PROJECT_FIELDS} } }`;
export const APPROVE = `mutation($id: ID!, $reason: String) { approveProject(id: $id, reason: $reason) { ${PROJECT_FIELDS} } }`;
export const REJECT = `mutation($id: ID!, $reason: String!) { rejectProject(id: $id, reason: $reason) { ${PROJECT_FIELDS} } }`;
export const PUBLISH = `mutation($id: ID!) { publishProject(id: $id) { ${PROJECT_FIELDS} } }`;
export const CLOSE = `mutation($id: ID!, $reason: String) { closeProject(id: $id, reason: $reason) { ${PROJECT_FIELDS} } }`;
export const VALIDATE = `query($id: ID!) { validateProject(id: $id) { rule messageZh messageEn limit actual field } }`;
export const READ = `query($id: ID!) { Project(id: $id) { ${PROJECT_FIELDS} } }`;

/** The rule ids of a refused request, sorted, after checking every error is a RULE_VIOLATION. */
export function ruleIds(r: GqlResult): string[] {
  expect(r.data?.[Object.keys(r.data ?? {})[0] ?? ''] ?? null).toBeNull();
  expect(r.errors?.length ?? 0).toBeGreaterThan(0);
  for (const e of r.errors!) expect(e.extensions?.code, e.message).toBe('RULE_VIOLATION');
  return r.errors!.map((e) => String(e.extensions!.rule)).sort();
}

export function ok<T = any>(r: GqlResult<T>): T {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data as T;
}

export interface Tokens {
  platform: string;
  zjInst: string;
  cqInst: string;
  zjBureau: string;
  hzBureau: string;
  yhBureau: string;
  cqBureau: string;
}

export async function tokensFor(s: TestServer, w: World): Promise<Tokens> {
  return {
    platform: await s.tokenFor('platform'),
    zjInst: await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer }),
    cqInst: await s.tokenFor('institution', { institutionId: w.institutions.cqTrainer }),
    zjBureau: await s.tokenFor('bureau', { regionId: w.regions.zj }),
    hzBureau: await s.tokenFor('bureau', { regionId: w.regions.hz }),
    yhBureau: await s.tokenFor('bureau', { regionId: w.regions.yh }),
    cqBureau: await s.tokenFor('bureau', { regionId: w.regions.cq }),
  };
}

/** Drives a draft project through submit → approve → publish over the API. */
export async function publishThroughApi(s: TestServer, p: Project, declarer: string, bureau: string): Promise<void> {
  ok(await s.gql(SUBMIT, { id: p.id }, { token: declarer }));
  ok(await s.gql(APPROVE, { id: p.id, reason: '方案合理' }, { token: bureau }));
  ok(await s.gql(PUBLISH, { id: p.id }, { token: bureau }));
}

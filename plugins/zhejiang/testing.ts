/**
 * Test support for the Zhejiang and Yuhang plugin tests (not used by the plugin itself):
 * dates relative to today (Beijing), periods saved through the period form, fresh leads.
 */
import { expect } from 'vitest';
import { ProfessionalTitle } from '../../core/entities/enums.js';
import { Expert } from '../../core/entities/index.js';
import type { World } from '../../test/helpers/fixtures.js';
import type { GqlResult, TestServer } from '../../test/helpers/server.js';
import type { PeriodData } from './forms/period.js';
import { chinaDay } from './util.js';

export const today = chinaDay();
/** Today ± n days, YYYY-MM-DD (Beijing). */
export const day = (n: number, from = today) => new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const SUBMIT_FORM = `mutation($id: ID!, $data: String!) { submitForm(id: $id, data: $data) { ok id message } }`;
export const VALIDATE = `query($id: ID!) { validateProject(id: $id) { rule messageZh messageEn limit actual field } }`;
export const SUBMIT = `mutation($id: ID!) { submitProject(id: $id) { id status } }`;

export function submitForm(s: TestServer, id: string, data: unknown, token: string, lang?: string): Promise<GqlResult> {
  return s.gql(SUBMIT_FORM, { id, data: JSON.stringify(data) }, { token, lang });
}

/** Windows of a period, each `offset` days from today; pass the offsets that matter. */
export function periodData(code: string, name: string, runFrom: string, runTo: string, offsets: Partial<Record<keyof PeriodData, number>> = {}): PeriodData {
  const o = {
    declareFrom: -5, declareTo: 5, reviewFrom: 6, reviewTo: 10, publishOn: 11, teacherDataFrom: -5, teacherDataTo: 11,
    round1From: 12, round1To: 15, round2From: 16, round2To: 20, ...offsets,
  } as Record<string, number>;
  const out: Record<string, string> = { code, name, runFrom, runTo };
  for (const [k, n] of Object.entries(o)) out[k] = day(n);
  return out as unknown as PeriodData;
}

export async function savePeriod(s: TestServer, token: string, data: PeriodData): Promise<number> {
  const r = await submitForm(s, 'zhejiang.period', data, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return Number(r.data.submitForm.id);
}

let leads = 0;
/** A new lead: formal staff of the institution, 副高 by default; leads are counted per period (ZJ-4). */
export async function freshLead(w: World, over: Partial<Expert> = {}): Promise<number> {
  const repo = w.ds.getRepository(Expert);
  const e = await repo.save(repo.create({
    name: `负责人${++leads}`, title: ProfessionalTitle.associate_senior, employerId: w.institutions.zjTrainer, formalStaff: true, regionId: '330100', subject: '语文',
    ...over,
  }));
  return e.id;
}

/** Rule ids of a validateProject dry run (sorted), optionally only those starting with a prefix. */
export async function dryRunRules(s: TestServer, projectId: number, token: string, prefix = ''): Promise<{ rule: string; messageZh: string; messageEn: string; limit: unknown; actual: unknown }[]> {
  const r = await s.gql(VALIDATE, { id: projectId }, { token });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return (r.data.validateProject as { rule: string; messageZh: string; messageEn: string; limit: unknown; actual: unknown }[])
    .filter((v) => v.rule.startsWith(prefix))
    .sort((a, b) => a.rule.localeCompare(b.rule));
}

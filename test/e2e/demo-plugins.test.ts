import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginEntry } from '../../core/plugin-host/types.js';
import { seedDemoIfEmpty } from '../../core/seed/demo.js';
import pluginsConfig from '../../plugins.config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** `npm start`'s demo with the plugins of plugins.config.ts: every region plugin has something to show. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ plugins: pluginsConfig as PluginEntry[] });
  expect(await seedDemoIfEmpty(s, { log: () => undefined })).toBe(true);
}, 120_000);
afterAll(async () => s?.close());

describe('the demo exercises every region plugin', () => {
  it('Chongqing: backbone teachers with stipends (BB-7)', async () => {
    const token = await s.tokenFor('bureau', { regionId: '500000' });
    const years = await Promise.all([2023, 2024, 2025, 2026].map((year) =>
      s.gql(`query($y: Int!) { cqBackboneStipendLedger(year: $y) { total teachers { teacherId } } }`, { y: year }, { token })));
    for (const r of years) expect(r.errors).toBeUndefined();
    expect(years.some((r) => r.data.cqBackboneStipendLedger.total > 0 && r.data.cqBackboneStipendLedger.teachers.length > 0)).toBe(true);
  });

  it('Zhejiang: a half-year period with two selection rounds (ZJ-9, ZJ-10)', async () => {
    const token = await s.tokenFor('bureau', { regionId: '330000' });
    const r = await s.gql(`{ allZjPeriods { round1From round1To round2From round2To } }`, {}, { token });
    expect(r.errors).toBeUndefined();
    const p = r.data.allZjPeriods[0];
    expect(p.round1From <= p.round1To && p.round1To < p.round2From && p.round2From <= p.round2To).toBe(true);
  });

  it('Yuhang: school-based projects declared by schools, at different steps (YH-4), and a year of funding (YH-3)', async () => {
    const token = await s.tokenFor('bureau', { regionId: '330110' });
    const r = await s.gql(`{ allProjects(filter: { level: school }) { status regionId institution { kind } transitions { toStatus } } yhFundingMetrics(year: 2026) { rule met } }`, {}, { token });
    expect(r.errors).toBeUndefined();
    const projects = r.data.allProjects;
    expect(new Set(projects.map((p: { status: string }) => p.status))).toEqual(new Set(['submitted', 'published', 'closed']));
    for (const p of projects) expect(p).toMatchObject({ regionId: '330110', institution: { kind: 'school' } });
    expect(r.data.yhFundingMetrics.length).toBeGreaterThan(2);
  });
});

describe('the console shows each user only the region plugins that concern them', () => {
  const pluginGroups = async (token: string) => {
    const r = await s.gql(`{ adminMetadata { groups { name } resources { name group } } }`, {}, { token });
    expect(r.errors).toBeUndefined();
    const groups = r.data.adminMetadata.groups.map((g: { name: string }) => g.name).filter((n: string) => n.startsWith('plugin:'));
    const resourceGroups = new Set(r.data.adminMetadata.resources.map((x: { group: string }) => x.group).filter((n: string) => n.startsWith('plugin:')));
    expect([...resourceGroups].every((g) => groups.includes(g))).toBe(true);
    return groups.sort();
  };

  it('a Yuhang bureau: Zhejiang and Yuhang; the Zhejiang province: both of its plugins; Chongqing: its own; the platform: all', async () => {
    expect(await pluginGroups(await s.tokenFor('bureau', { regionId: '330110' }))).toEqual(['plugin:yuhang', 'plugin:zhejiang']);
    expect(await pluginGroups(await s.tokenFor('bureau', { regionId: '330000' }))).toEqual(['plugin:yuhang', 'plugin:zhejiang']);
    expect(await pluginGroups(await s.tokenFor('bureau', { regionId: '330100' }))).toEqual(['plugin:yuhang', 'plugin:zhejiang']);
    expect(await pluginGroups(await s.tokenFor('bureau', { regionId: '500000' }))).toEqual(['plugin:chongqing']);
    expect(await pluginGroups(await s.tokenFor('platform'))).toEqual(['plugin:chongqing', 'plugin:yuhang', 'plugin:zhejiang']);
  });
});

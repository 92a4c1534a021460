import type { EntityManager } from 'typeorm';
import { Region } from '../../core/entities/index.js';
import { ZjPeriod } from './entities/period.js';
import type { ZhejiangOptions } from './options.js';
import { chinaDay, ZJ_REGION } from './util.js';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo data after the core demo: the province's 2020 H1 timeline exactly as 浙教办函〔2019〕357号
 * sets it, and a current period whose declaration window is open today (two selection
 * rounds after it). Does nothing without the Zhejiang region, or for a period already there.
 */
export async function seedZhejiang(em: EntityManager, _options: ZhejiangOptions): Promise<void> {
  if (!(await em.getRepository(Region).findOneBy({ id: ZJ_REGION }))) return;
  const today = chinaDay();
  const runFrom = addDays(today, 45);
  const half = Number(runFrom.slice(5, 7)) <= 6 ? 1 : 2;
  const periods: Omit<ZjPeriod, 'id'>[] = [
    {
      regionId: ZJ_REGION, code: '2020H1', name: '2020年上半年', updatedBy: 'seed',
      declareFrom: '2019-12-26', declareTo: '2020-01-07', reviewFrom: '2020-01-08', reviewTo: '2020-01-17', publishOn: '2020-01-20',
      teacherDataFrom: '2019-12-26', teacherDataTo: '2020-01-15', round1From: '2020-02-06', round1To: '2020-02-14',
      round2From: '2020-02-26', round2To: '2020-03-01', runFrom: '2020-03-09', runTo: '2020-08-31',
    },
    {
      regionId: ZJ_REGION, code: `${runFrom.slice(0, 4)}H${half}`, name: `${runFrom.slice(0, 4)}年${half === 1 ? '上' : '下'}半年（演示）`, updatedBy: 'seed',
      declareFrom: addDays(today, -7), declareTo: addDays(today, 7), reviewFrom: addDays(today, 8), reviewTo: addDays(today, 17),
      publishOn: addDays(today, 20), teacherDataFrom: addDays(today, -7), teacherDataTo: addDays(today, 20),
      round1From: addDays(today, 21), round1To: addDays(today, 29), round2From: addDays(today, 35), round2To: addDays(today, 40),
      runFrom, runTo: addDays(runFrom, 175),
    },
  ];
  const repo = em.getRepository(ZjPeriod);
  for (const p of periods) if (!(await repo.findOneBy({ regionId: p.regionId, code: p.code }))) await repo.insert(p);
}

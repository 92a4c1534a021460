import ExcelJS from 'exceljs';
import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../../../core/auth/actor.js';
import { Institution, Region, Teacher } from '../../../core/entities/index.js';
import type { Context } from '../../../core/graphql/context.js';
import { badInput } from '../../../core/graphql/errors.js';
import { requireActor, scopedQuery } from '../../../core/graphql/resource.js';
import { optionsOf } from '../backbone/access.js';
import { monthsHeldInYear } from '../backbone/stipend.js';
import { CqBackboneAssessment } from '../entities/index.js';
import type { ChongqingOptions } from '../options.js';
import { round2 } from '../rules/format.js';
import { designationResource } from '../resources/index.js';

/**
 * BB-7 stipend ledger (computed; see backbone/stipend.ts): one row per teacher whose
 * annual assessment of `year` passed, summed per school (the payer: 津贴由教师任职单位解决)
 * and per district. Scoped like the designations: the municipal bureau sees all, a district
 * bureau its district, a school its teachers, a teacher their own row.
 * `cqBackboneStipendLedgerXlsx` returns the same ledger as an .xlsx workbook (sheets 教师,
 * 学校, 区县), base64-encoded, for the console to download.
 */
@ObjectType('CqStipendTeacherRow')
export class CqStipendTeacherRow {
  @Field(() => ID) designationId!: number;
  @Field(() => ID) teacherId!: number;
  @Field(() => String) teacherName!: string;
  @Field(() => ID) schoolId!: number;
  @Field(() => String) schoolName!: string;
  @Field(() => ID) regionId!: string;
  @Field(() => String) regionName!: string;
  @Field(() => String) level!: string;
  @Field(() => Int) months!: number;
  @Field(() => Float) monthlyRate!: number;
  @Field(() => Float) amount!: number;
}

@ObjectType('CqStipendSchoolRow')
export class CqStipendSchoolRow {
  @Field(() => ID) schoolId!: number;
  @Field(() => String) schoolName!: string;
  @Field(() => ID) regionId!: string;
  @Field(() => String) regionName!: string;
  @Field(() => Int) teachers!: number;
  @Field(() => Int) months!: number;
  @Field(() => Float) amount!: number;
}

@ObjectType('CqStipendDistrictRow')
export class CqStipendDistrictRow {
  @Field(() => ID) regionId!: string;
  @Field(() => String) regionName!: string;
  @Field(() => Int) schools!: number;
  @Field(() => Int) teachers!: number;
  @Field(() => Float) amount!: number;
}

@ObjectType('CqStipendLedger', { description: '重庆 BB-7：骨干教师津贴台账（按教师、学校、区县）' })
export class CqStipendLedger {
  @Field(() => Int) year!: number;
  @Field(() => Float) total!: number;
  @Field(() => [CqStipendTeacherRow]) teachers!: CqStipendTeacherRow[];
  @Field(() => [CqStipendSchoolRow]) schools!: CqStipendSchoolRow[];
  @Field(() => [CqStipendDistrictRow]) districts!: CqStipendDistrictRow[];
}

@ObjectType('CqXlsxFile')
export class CqXlsxFile {
  @Field(() => String) filename!: string;
  @Field(() => String) contentType!: string;
  @Field(() => String, { description: 'the .xlsx file, base64' }) base64!: string;
}

export async function stipendLedger(em: EntityManager, actor: Actor, year: number, o: ChongqingOptions): Promise<CqStipendLedger> {
  const designations = await scopedQuery(em, designationResource, actor)
    .andWhere('r.status IN (:...st) AND r.designatedFrom IS NOT NULL', { st: ['designated', 'revoked'] })
    .andWhere('r.designatedFrom <= :last', { last: `${year}-12-31` })
    .orderBy('r.regionId', 'ASC').addOrderBy('r.schoolId', 'ASC').addOrderBy('r.teacherId', 'ASC')
    .getMany();
  const ids = designations.map((d) => d.id);
  const passed = ids.length
    ? new Set((await em.getRepository(CqBackboneAssessment).find({ where: { designationId: In(ids), year, result: 'pass' }, select: { id: true, designationId: true } }))
      .map((a) => Number(a.designationId)))
    : new Set<number>();
  const rate = (level: string) => (level === 'national' ? o.backbone.stipendPerMonth.national : level === 'municipal' ? o.backbone.stipendPerMonth.municipal : 0);
  const paid = designations
    .filter((d) => passed.has(Number(d.id)))
    .map((d) => ({ d, months: monthsHeldInYear(d, year) }))
    .filter((x) => x.months > 0);
  const teacherIds = [...new Set(paid.map((x) => x.d.teacherId))];
  const schoolIds = [...new Set(paid.map((x) => x.d.schoolId))];
  const regionIds = [...new Set(paid.map((x) => x.d.regionId))];
  const teachers = new Map((teacherIds.length ? await em.getRepository(Teacher).find({ where: { id: In(teacherIds) }, select: { id: true, name: true } }) : []).map((t) => [Number(t.id), t.name]));
  const schools = new Map((schoolIds.length ? await em.getRepository(Institution).find({ where: { id: In(schoolIds) }, select: { id: true, name: true } }) : []).map((s) => [Number(s.id), s.name]));
  const regions = new Map((regionIds.length ? await em.getRepository(Region).find({ where: { id: In(regionIds) } }) : []).map((r) => [r.id, r.name]));

  const rows: CqStipendTeacherRow[] = paid.map(({ d, months }) => ({
    designationId: d.id, teacherId: d.teacherId, teacherName: teachers.get(Number(d.teacherId)) ?? String(d.teacherId),
    schoolId: d.schoolId, schoolName: schools.get(Number(d.schoolId)) ?? String(d.schoolId), regionId: d.regionId,
    regionName: regions.get(d.regionId) ?? d.regionId, level: d.level, months, monthlyRate: rate(d.level), amount: round2(months * rate(d.level)),
  }));
  const bySchool = new Map<number, CqStipendSchoolRow>();
  for (const r of rows) {
    const s = bySchool.get(Number(r.schoolId)) ?? { schoolId: r.schoolId, schoolName: r.schoolName, regionId: r.regionId, regionName: r.regionName, teachers: 0, months: 0, amount: 0 };
    s.teachers++;
    s.months += r.months;
    s.amount = round2(s.amount + r.amount);
    bySchool.set(Number(r.schoolId), s);
  }
  const byDistrict = new Map<string, CqStipendDistrictRow>();
  for (const s of bySchool.values()) {
    const d = byDistrict.get(s.regionId) ?? { regionId: s.regionId, regionName: s.regionName, schools: 0, teachers: 0, amount: 0 };
    d.schools++;
    d.teachers += s.teachers;
    d.amount = round2(d.amount + s.amount);
    byDistrict.set(s.regionId, d);
  }
  return {
    year,
    total: round2(rows.reduce((sum, r) => sum + r.amount, 0)),
    teachers: rows,
    schools: [...bySchool.values()],
    districts: [...byDistrict.values()],
  };
}

const LEVEL_ZH: Record<string, string> = { national: '国家级', municipal: '市级' };

export async function ledgerWorkbook(ledger: CqStipendLedger): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Shixun 师训 (chongqing)';
  const sheet = (name: string, columns: { header: string; key: string; width: number }[], rows: object[], total?: Record<string, unknown>) => {
    const ws = wb.addWorksheet(name);
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    if (total) ws.addRow(total).font = { bold: true };
  };
  sheet('教师', [
    { header: '区县', key: 'regionName', width: 14 }, { header: '学校（发放单位）', key: 'schoolName', width: 30 },
    { header: '教师', key: 'teacherName', width: 12 }, { header: '级别', key: 'levelZh', width: 8 },
    { header: '月数', key: 'months', width: 8 }, { header: '月津贴（元）', key: 'monthlyRate', width: 12 }, { header: '金额（元）', key: 'amount', width: 12 },
  ], ledger.teachers.map((r) => ({ ...r, levelZh: LEVEL_ZH[r.level] ?? r.level })), { regionName: `${ledger.year}年合计`, amount: ledger.total });
  sheet('学校', [
    { header: '区县', key: 'regionName', width: 14 }, { header: '学校（发放单位）', key: 'schoolName', width: 30 },
    { header: '人数', key: 'teachers', width: 8 }, { header: '月数', key: 'months', width: 8 }, { header: '金额（元）', key: 'amount', width: 12 },
  ], ledger.schools, { regionName: '合计', amount: ledger.total });
  sheet('区县', [
    { header: '区县', key: 'regionName', width: 14 }, { header: '学校数', key: 'schools', width: 8 },
    { header: '人数', key: 'teachers', width: 8 }, { header: '金额（元）', key: 'amount', width: 12 },
  ], ledger.districts, { regionName: '合计', amount: ledger.total });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('年度不合法', 'year is out of range', 'year');
}

@Resolver()
export class CqStipendResolver {
  @Query(() => CqStipendLedger, { description: '重庆 BB-7：骨干教师津贴台账（年度考核合格年度，按在任月数计）' })
  async cqBackboneStipendLedger(@Ctx() ctx: Context, @Arg('year', () => Int) year: number): Promise<CqStipendLedger> {
    checkYear(year);
    return stipendLedger(ctx.ds.manager, requireActor(ctx), year, optionsOf(ctx));
  }

  @Query(() => CqXlsxFile, { description: '重庆 BB-7：骨干教师津贴台账导出 Excel（base64）' })
  async cqBackboneStipendLedgerXlsx(@Ctx() ctx: Context, @Arg('year', () => Int) year: number): Promise<CqXlsxFile> {
    checkYear(year);
    const ledger = await stipendLedger(ctx.ds.manager, requireActor(ctx), year, optionsOf(ctx));
    return {
      filename: `chongqing-backbone-stipend-${year}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: (await ledgerWorkbook(ledger)).toString('base64'),
    };
  }
}

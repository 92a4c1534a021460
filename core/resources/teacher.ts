import { Field, ID, InputType } from 'type-graphql';
import { Length, Matches } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { scopeBy } from '../auth/scope.js';
import { parseIdNumber } from '../domain/id-number.js';
import { BackboneLevel, Gender, InstitutionKind, ProfessionalTitle, Stage } from '../entities/enums.js';
import { CreditRecord, Enrollment, Institution, Region, Teacher, TeacherChange } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { badInput, throwIfViolations } from '../graphql/errors.js';
import type { ResourceConfig } from '../graphql/resource.js';

@InputType()
export class TeacherInput {
  @Field(() => String) @Length(1, 64) name!: string;
  @Field(() => String) @Matches(/^\d{17}[\dXx]$/, { message: 'idNumber must be 18 characters' }) idNumber!: string;
  @Field(() => ID) schoolId!: number;
  @Field(() => Stage) stage!: Stage;
  @Field(() => String) @Length(1, 32) subject!: string;
  @Field(() => Gender, { nullable: true }) gender?: Gender;
  @Field(() => String, { nullable: true }) birthDate?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => ProfessionalTitle, { nullable: true }) title?: ProfessionalTitle;
  @Field(() => String, { nullable: true }) hireDate?: string;
  @Field(() => Boolean, { nullable: true }) rural?: boolean;
  @Field(() => Boolean, { nullable: true }) isPrivate?: boolean;
  @Field(() => BackboneLevel, { nullable: true }) backboneLevel?: BackboneLevel;
}

@InputType()
export class TeacherUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 64) name?: string;
  @Field(() => String, { nullable: true }) idNumber?: string;
  @Field(() => ID, { nullable: true }) schoolId?: number;
  @Field(() => Stage, { nullable: true }) stage?: Stage;
  @Field(() => String, { nullable: true }) subject?: string;
  @Field(() => Gender, { nullable: true }) gender?: Gender;
  @Field(() => String, { nullable: true }) birthDate?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => ProfessionalTitle, { nullable: true }) title?: ProfessionalTitle;
  @Field(() => String, { nullable: true }) hireDate?: string;
  @Field(() => Boolean, { nullable: true }) rural?: boolean;
  @Field(() => Boolean, { nullable: true }) isPrivate?: boolean;
  @Field(() => BackboneLevel, { nullable: true }) backboneLevel?: BackboneLevel;
}

const ID_ERRORS = {
  format: ['身份证号格式不正确', 'ID number must be 17 digits and a check digit'],
  birthDate: ['身份证号中的出生日期无效', 'The birth date in the ID number is invalid'],
  checkDigit: ['身份证号校验位错误', 'The ID number check digit is wrong'],
} as const;

/** GB 11643: the number decides birth date and gender; the school decides the region. */
async function prepareTeacher(em: EntityManager, data: Partial<Teacher>, ctx: Context, existing?: Teacher): Promise<Partial<Teacher>> {
  const values = { ...data };
  if (values.idNumber !== undefined) {
    const info = parseIdNumber(values.idNumber);
    if ('error' in info) throw badInput(ID_ERRORS[info.error][0], ID_ERRORS[info.error][1], 'idNumber');
    values.idNumber = values.idNumber.trim().toUpperCase();
    if (values.birthDate && values.birthDate !== info.birthDate)
      throw badInput('出生日期与身份证号不一致', 'Birth date does not match the ID number', 'birthDate');
    if (values.gender && values.gender !== info.gender)
      throw badInput('性别与身份证号不一致', 'Gender does not match the ID number', 'gender');
    values.birthDate = info.birthDate;
    values.gender = info.gender as Gender;
    const clash = await em.getRepository(Teacher).findOne({ where: { idNumber: values.idNumber }, select: { id: true } });
    if (clash && clash.id !== existing?.id) throw badInput('该身份证号已登记', 'This ID number is already registered', 'idNumber');
  }
  if (values.schoolId !== undefined) {
    const school = await em.getRepository(Institution).findOneBy({ id: Number(values.schoolId) });
    if (!school || school.kind !== InstitutionKind.school) throw badInput('所选学校不存在', 'The school does not exist', 'schoolId');
    values.schoolId = school.id;
    values.regionId = school.regionId;
  }
  if (existing) values.version = existing.version + 1;
  const regionId = values.regionId ?? existing?.regionId;
  if (regionId)
    throwIfViolations(await ctx.plugins.check('teacher.update', { teacherId: existing?.id ?? null, now: new Date() }, regionId, em, ctx.actor!));
  return values;
}

const TRACKED: (keyof Teacher)[] = [
  'name', 'idNumber', 'gender', 'birthDate', 'phone', 'schoolId', 'regionId', 'stage', 'subject', 'title',
  'hireDate', 'rural', 'isPrivate', 'backboneLevel',
];

/** Every change keeps a versioned record of the fields before and after. */
async function recordChange(em: EntityManager, saved: Teacher, ctx: Context, before?: Teacher) {
  const changed = TRACKED.filter((k) => !before || before[k] !== saved[k]);
  if (before && changed.length === 0) return;
  const pick = (t: Teacher) => Object.fromEntries(changed.map((k) => [k, t[k]]));
  await em.getRepository(TeacherChange).insert({
    teacherId: saved.id,
    version: saved.version,
    actor: ctx.actor!.id,
    at: new Date(),
    before: before ? JSON.stringify(pick(before)) : null,
    after: JSON.stringify(pick(saved)),
  });
}

export const teacherResource: ResourceConfig<Teacher> = {
  entity: Teacher,
  name: 'Teacher',
  plural: 'Teachers',
  labelZh: '教师',
  search: ['name', 'idNumber'],
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    schoolId: { type: () => ID },
    subject: { type: () => String },
    stage: { type: () => Stage },
    title: { type: () => ProfessionalTitle },
    backboneLevel: { type: () => BackboneLevel },
    rural: { type: () => Boolean },
    isPrivate: { type: () => Boolean },
    gender: { type: () => Gender },
    hireDate: { type: () => String, kind: 'range' },
    /** Teachers with a selection in this class. */
    classId: { type: () => ID, where: 'r.id IN (SELECT fte.teacherId FROM enrollment fte WHERE fte.classId = :v)' },
  },
  scope: scopeBy({
    region: 'regionId',
    school: 'schoolId',
    teacher: 'id',
    institutionSubquery:
      'SELECT e.teacherId FROM enrollment e INNER JOIN training_class c ON c.id = e.classId WHERE c.institutionId = :iid',
  }),
  relations: { school: { type: () => Institution, key: 'schoolId' }, region: { type: () => Region, key: 'regionId' } },
  children: {
    changes: { type: () => TeacherChange, foreignKey: 'teacherId', orderBy: 'version' },
    enrollments: { type: () => Enrollment, foreignKey: 'teacherId' },
    credits: { type: () => CreditRecord, foreignKey: 'teacherId' },
  },
  writeRoles: ['bureau', 'school'],
  createInput: TeacherInput,
  updateInput: TeacherUpdateInput,
  beforeWrite: prepareTeacher,
  afterWrite: recordChange,
  defaultSort: { field: 'name', order: 'ASC' },
};

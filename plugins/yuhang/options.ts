/** Yuhang's numbers (seeds/002, 余杭区教育系统年度师训干训工作计划), all overridable in plugins.config.ts. */
export interface YuhangOptions {
  /** YH-2: a project of this category is a backbone class… */
  backboneCategory: string;
  /** …of exactly this many hours ("180学时骨干教师培训班"). */
  backboneHours: number;
  /** YH-2: trainings of at least this many hours (the 90-hour centralized ones, and backbone classes) are small classes… */
  smallClassFromHours: number;
  /** …of at most this many trainees a class ("小班化"). */
  smallClassCapacity: number;
  /** YH-1: satisfaction rate target in percent ("满意率达90%以上")… */
  satisfactionTarget: number;
  /** …where an evaluation of at least this score (0..100) counts as satisfied. */
  satisfiedScore: number;
  /** YH-3: funding shares ("不低于…工资总额3%…至少70%…拨至…学校…不低于…公用经费总额10%"). */
  funding: { payrollShare: number; toSchoolsShare: number; schoolPublicFundsShare: number };
}

export const defaults: YuhangOptions = {
  backboneCategory: '骨干教师',
  backboneHours: 180,
  smallClassFromHours: 90,
  smallClassCapacity: 50,
  satisfactionTarget: 90,
  satisfiedScore: 60,
  funding: { payrollShare: 0.03, toSchoolsShare: 0.7, schoolPublicFundsShare: 0.1 },
};

const share = { type: 'number', minimum: 0, maximum: 1 };
export const optionsSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    backboneCategory: { type: 'string', minLength: 1 },
    backboneHours: { type: 'number', exclusiveMinimum: 0 },
    smallClassFromHours: { type: 'number', exclusiveMinimum: 0 },
    smallClassCapacity: { type: 'integer', minimum: 1 },
    satisfactionTarget: { type: 'number', minimum: 0, maximum: 100 },
    satisfiedScore: { type: 'number', minimum: 0, maximum: 100 },
    funding: {
      type: 'object',
      additionalProperties: false,
      properties: { payrollShare: share, toSchoolsShare: share, schoolPublicFundsShare: share },
    },
  },
};

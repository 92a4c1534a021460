/**
 * The Zhejiang plugin's options: every number of its rules, with the defaults from
 * 浙教办函〔2019〕357号 (seeds/003) and the province's credit regulations (POLICY.md ZJ-13..17).
 * plugins.config.ts may override any of them, e.g. `zhejiang({ credits: { cycleMin: 360 } })`.
 */

/** A source of non-class credits (ZJ-16), converted by `rate` credits per `unit` and capped per cycle. */
export interface ConversionRow {
  /** 'hour': the quantity is hours; 'item': a course, a paper, a semester… (see the form). */
  unit: 'hour' | 'item';
  rate: number;
  /** Most credits of this source that count in one cycle. */
  cap: number;
}

/** Sources of the conversion table; the names are core CreditSource values. */
export const CONVERTED_SOURCES = ['school_based', 'degree', 'research', 'trainer', 'support_teaching', 'online'] as const;
export type ConvertedSource = (typeof CONVERTED_SOURCES)[number];

export interface ZhejiangOptions {
  declaration: {
    /** ZJ-3: titles that count as 副高 or above for a province-wide project's lead. */
    seniorTitles: string[];
    /** ZJ-4: most classes (班期) one lead declares per period. */
    maxClassesPerLead: number;
    /** ZJ-5: credits from which a provincial training is "the 90-credit training". */
    ninetyCredits: number;
    /** ZJ-5: an approved hybrid provincial 90-credit training has online credits ≤ 1/n of its credits. */
    provincialOnlineDenominator: number;
    /** ZJ-5: any other hybrid training has online credits ≤ 1/n of its credits. */
    hybridOnlineDenominator: number;
    /** ZJ-7: the only fee items allowed (FeeItem.kind): 培训费, 住宿费, 伙食费（伙食补贴）. */
    feeKinds: string[];
    /** ZJ-12: Expert fields a named expert must have filled in (the platform's basic-information form). */
    expertFields: string[];
  };
  /** ZJ-8: province-wide projects per institution per half-year. */
  quota: {
    /** By institution name: 浙江师范大学 and 杭州师范大学 80. */
    named: Record<string, number>;
    /** Other universities and province-wide training institutions. */
    other: number;
    /** Distance-training institutions (listed by name in distanceInstitutions). */
    distance: number;
    distanceInstitutions: string[];
    /** Institutions whose first qualification is less than `newMonths` old. */
    newlyQualified: number;
    newMonths: number;
    /** Local caps: region code → most projects per institution per half-year whose reach lies in that region. */
    localCaps: Record<string, number>;
  };
  period: {
    /** ZJ-9: project levels whose declaration, review, publication and selection follow the period's windows. */
    levels: string[];
  };
  /** ZJ-6: days between the schedule's publication and the class start, at least. */
  scheduleDaysBefore: number;
  selection: {
    /** ZJ-10: each round is self-selection → school review → institution recheck (no district step). */
    districtReview: boolean;
    /** ZJ-1: trainings of at least this many credits need the school's planning (SchoolTrainingPlan). */
    planCredits: number;
  };
  credits: {
    /** ZJ-13 */
    cycleMin: number;
    yearMin: number;
    /** ZJ-14: credits of the concentrated block, from one class. */
    blockCredits: number;
    /** ZJ-15: new teachers' probation training (project categories), outside the cycle. */
    probationCategories: string[];
    probationMin: number;
    probationPracticeMin: number;
    /** ZJ-15: principals' qualification training (project categories) counts at `principalRate`. */
    principalCategories: string[];
    principalRate: number;
    /** ZJ-13 for teachers hired during the cycle: the minimum shrinks with the years they owe. */
    prorateNewTeachers: boolean;
    /** External training (source 'external'): credits per hour (浙江: 1 学时 = 1 学分). */
    hourCredits: number;
    /** ZJ-16: conversion table and per-cycle caps. */
    conversion: Record<ConvertedSource, ConversionRow>;
  };
  /** ZJ-11: target shares of places (0 = report only). */
  places: { ruralMinShare: number; privateKindergartenMinShare: number };
}

export const defaults: ZhejiangOptions = {
  declaration: {
    seniorTitles: ['associate_senior', 'senior'],
    maxClassesPerLead: 4,
    ninetyCredits: 90,
    provincialOnlineDenominator: 4,
    hybridOnlineDenominator: 3,
    feeKinds: ['training', 'lodging', 'meals'],
    expertFields: ['title', 'employerId', 'subject'],
  },
  quota: {
    named: { 浙江师范大学: 80, 杭州师范大学: 80 },
    other: 50,
    distance: 35,
    distanceInstitutions: [],
    newlyQualified: 8,
    newMonths: 12,
    localCaps: {},
  },
  period: { levels: ['national', 'provincial', 'municipal', 'district'] },
  scheduleDaysBefore: 5,
  selection: { districtReview: false, planCredits: 90 },
  credits: {
    cycleMin: 360,
    yearMin: 24,
    blockCredits: 90,
    probationCategories: ['新教师'],
    probationMin: 180,
    probationPracticeMin: 80,
    principalCategories: ['校长任职资格', '园长任职资格'],
    principalRate: 0.5,
    prorateNewTeachers: true,
    hourCredits: 1,
    conversion: {
      school_based: { unit: 'hour', rate: 1, cap: 120 },
      degree: { unit: 'item', rate: 10, cap: 120 },
      research: { unit: 'item', rate: 10, cap: 60 },
      trainer: { unit: 'hour', rate: 2, cap: 60 },
      support_teaching: { unit: 'item', rate: 24, cap: 72 },
      online: { unit: 'hour', rate: 1, cap: 50 },
    },
  },
  places: { ruralMinShare: 0, privateKindergartenMinShare: 0 },
};

const count = (description: string) => ({ type: 'integer', minimum: 0, description });
const positive = (description: string) => ({ type: 'number', exclusiveMinimum: 0, description });
const share = (description: string) => ({ type: 'number', minimum: 0, maximum: 1, description });
const strings = (description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, description });
const conversionRow = {
  type: 'object',
  additionalProperties: false,
  required: ['unit', 'rate', 'cap'],
  properties: { unit: { enum: ['hour', 'item'] }, rate: positive('credits per unit'), cap: count('most credits per cycle') },
};

export const optionsSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    declaration: {
      type: 'object',
      additionalProperties: false,
      properties: {
        seniorTitles: strings('ZJ-3 titles counting as 副高 or above'),
        maxClassesPerLead: { type: 'integer', minimum: 1, description: 'ZJ-4 classes per lead per period' },
        ninetyCredits: positive('ZJ-5 credits of the 90-credit training'),
        provincialOnlineDenominator: { type: 'integer', minimum: 1, description: 'ZJ-5 online ≤ 1/n (provincial 90-credit, approved hybrid)' },
        hybridOnlineDenominator: { type: 'integer', minimum: 1, description: 'ZJ-5 online ≤ 1/n (other hybrid trainings)' },
        feeKinds: strings('ZJ-7 allowed fee items'),
        expertFields: { type: 'array', items: { enum: ['title', 'employerId', 'subject', 'birthDate', 'degree'] }, description: 'ZJ-12 required expert fields' },
      },
    },
    quota: {
      type: 'object',
      additionalProperties: false,
      properties: {
        named: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'ZJ-8 quota by institution name' },
        other: count('ZJ-8 other universities and province-wide institutions'),
        distance: count('ZJ-8 distance-training institutions'),
        distanceInstitutions: strings('ZJ-8 names of distance-training institutions'),
        newlyQualified: count('ZJ-8 institutions qualified less than newMonths'),
        newMonths: { type: 'integer', minimum: 1 },
        localCaps: {
          type: 'object',
          propertyNames: { pattern: '^\\d{6}$' },
          additionalProperties: { type: 'integer', minimum: 0 },
          description: 'ZJ-8 local caps: region code → projects per institution per half-year',
        },
      },
    },
    period: {
      type: 'object',
      additionalProperties: false,
      properties: { levels: { type: 'array', items: { enum: ['national', 'provincial', 'municipal', 'district', 'school'] } } },
    },
    scheduleDaysBefore: count('ZJ-6 days before the class start'),
    selection: {
      type: 'object',
      additionalProperties: false,
      properties: { districtReview: { type: 'boolean' }, planCredits: positive('ZJ-1 credits needing the school plan') },
    },
    credits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cycleMin: count('ZJ-13 credits per cycle'),
        yearMin: count('ZJ-13 credits per year'),
        blockCredits: positive('ZJ-14 concentrated block'),
        probationCategories: strings('ZJ-15 project categories of probation training'),
        probationMin: count('ZJ-15 probation credits'),
        probationPracticeMin: count('ZJ-15 probation practice credits'),
        principalCategories: strings('ZJ-15 project categories of principal qualification training'),
        principalRate: share('ZJ-15 share of principal qualification credits counted'),
        prorateNewTeachers: { type: 'boolean' },
        hourCredits: positive('credits per hour of external training'),
        conversion: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(
            ['school_based', 'degree', 'research', 'trainer', 'support_teaching', 'online'].map((k) => [k, conversionRow]),
          ),
        },
      },
    },
    places: {
      type: 'object',
      additionalProperties: false,
      properties: { ruralMinShare: share('ZJ-11 rural share target'), privateKindergartenMinShare: share('ZJ-11 private-kindergarten share target') },
    },
  },
};

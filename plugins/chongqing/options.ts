/**
 * Options of the Chongqing plugin (region 500000). Every number of POLICY.md's Chongqing
 * section is an option; the defaults are the numbers of the sources (000 渝教师〔2013〕24号,
 * 001 重庆市国家级、市级骨干教师培训管理工作意见 and its vocational part 2).
 */
export interface ChongqingOptions {
  /** CQ-1: curriculum topics every project must cover (CurriculumItem.tags). */
  requiredTopics: string[];
  /** CQ-2: least share of the curriculum hours in practice courses (CurriculumItem.kind 'practice'). */
  minPracticeShare: number;
  /** CQ-3: most share of the declared plan's courses, and of its trainers, an approved change may alter. */
  maxPlanChangeShare: number;
  /** CQ-4: add the district review after the school review to every selection in Chongqing. */
  districtReview: boolean;
  /** CQ-5: budget shares (BudgetItem.kind names counted as management / venue and equipment). */
  budget: {
    managementKinds: string[];
    maxManagementShare: number;
    venueKinds: string[];
    maxVenueShare: number;
  };
  /** CQ-6: least share of front-line teachers (Expert.frontLine) among a project's trainers. */
  minFrontLineShare: number;
  /** CQ-7: the C-11 thresholds for Chongqing institutions, as fractions (0.7 = 70%). */
  satisfaction: { minSatisfaction: number; lastPlaceMaxSatisfaction: number };
  /** BB-10: vocational backbone-teacher training (001 part 2 §二(一)). */
  vocational: {
    /** Project.category values that make a vocational project a backbone project. */
    categories: string[];
    national: { minMonths: number; minHours: number };
    /** Provincial; in Chongqing (a province-level municipality) 市级 counts as provincial. */
    provincial: { minMonths: number; minHours: number };
    /** Target shares of the hours: theory and method, professional knowledge and skills, enterprise practice. */
    shares: { theory: number; professional: number; enterprise: number };
    /** How far (absolute, 0.05 = 5 percentage points) a share may be from its target ("左右"). */
    tolerance: number;
    /** CurriculumItem.tags marking professional-knowledge courses (专业知识与技能). */
    professionalTags: string[];
    /** CurriculumItem.tags marking enterprise-practice courses (企业实践). */
    enterpriseTags: string[];
  };
  /** Backbone teachers (骨干教师), BB-1 … BB-9. */
  backbone: {
    /** BB-3: least months of centralized training and of teaching practice, and mentors (双导师制). */
    training: {
      national: { centralizedMonths: number; practiceMonths: number };
      municipal: { centralizedMonths: number; practiceMonths: number };
      mentors: number;
    };
    /** BB-4: yearly duties recorded on the annual assessment form (least counts). */
    duties: {
      reflectionsPerSemester: number;
      municipalProjects: number;
      papersOrPrizesPerYear: number;
      demonstrationLessonsPerSemester: number;
      lecturesPerSemester: number;
      guidedTeachers: number;
    };
    /** BB-5: the district's submission deadline of the annual form, 'MM-DD' of the assessed year (20 December). */
    assessmentDeadline: string;
    /** BB-5 / BB-7: years of one designation (dynamic five-year cycle). */
    cycleYears: number;
    /** BB-6: consecutive passes that make a teacher eligible for the 学科带头人 / 教育教学专家 review. */
    leaderReviewPasses: number;
    /** BB-6: consecutive passes that make a teacher directly the next cycle's trainee. */
    nextCyclePasses: number;
    /** BB-6: highest age (in the year of renewal) for the next-cycle candidacy; null: not checked. */
    nextCycleMaxAge: number | null;
    /** BB-7: monthly stipend in yuan per level. */
    stipendPerMonth: { national: number; municipal: number };
    /** BB-8: what a passed year registers as that year's continuing education (annual_complete). */
    annualComplete: { credits: number; hours: number };
    /** BB-9: the district bureau's share of travel costs during backbone training (the school pays the rest). */
    travelDistrictShare: number;
  };
}

export const defaults: ChongqingOptions = {
  requiredTopics: ['教师专业标准', '师德教育', '信息技术应用能力'],
  minPracticeShare: 0.5,
  maxPlanChangeShare: 0.2,
  districtReview: true,
  budget: {
    managementKinds: ['management'],
    maxManagementShare: 0.05,
    venueKinds: ['venue', 'equipment'],
    maxVenueShare: 0.1,
  },
  minFrontLineShare: 0.5,
  satisfaction: { minSatisfaction: 0.7, lastPlaceMaxSatisfaction: 0.8 },
  vocational: {
    categories: ['骨干教师', '中职骨干教师', '职业教育骨干教师'],
    national: { minMonths: 2, minHours: 260 },
    provincial: { minMonths: 1, minHours: 130 },
    shares: { theory: 0.2, professional: 0.3, enterprise: 0.5 },
    tolerance: 0.05,
    professionalTags: ['专业知识与技能'],
    enterpriseTags: ['企业实践'],
  },
  backbone: {
    training: {
      national: { centralizedMonths: 3, practiceMonths: 9 },
      municipal: { centralizedMonths: 1.5, practiceMonths: 6 },
      mentors: 2,
    },
    duties: {
      reflectionsPerSemester: 1,
      municipalProjects: 1,
      papersOrPrizesPerYear: 1,
      demonstrationLessonsPerSemester: 1,
      lecturesPerSemester: 1,
      guidedTeachers: 2,
    },
    assessmentDeadline: '12-20',
    cycleYears: 5,
    leaderReviewPasses: 3,
    nextCyclePasses: 5,
    nextCycleMaxAge: null,
    stipendPerMonth: { national: 80, municipal: 50 },
    annualComplete: { credits: 72, hours: 72 },
    travelDistrictShare: 0.5,
  },
};

const share = { type: 'number', minimum: 0, maximum: 1 } as const;
const nonNeg = { type: 'number', minimum: 0 } as const;
const count = { type: 'integer', minimum: 0 } as const;
const strings = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const obj = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, properties });
const months = obj({ minMonths: nonNeg, minHours: nonNeg });
const trainingLevel = obj({ centralizedMonths: nonNeg, practiceMonths: nonNeg });

export const optionsSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    requiredTopics: strings,
    minPracticeShare: share,
    maxPlanChangeShare: share,
    districtReview: { type: 'boolean' },
    budget: obj({ managementKinds: strings, maxManagementShare: share, venueKinds: strings, maxVenueShare: share }),
    minFrontLineShare: share,
    satisfaction: obj({ minSatisfaction: share, lastPlaceMaxSatisfaction: share }),
    vocational: obj({
      categories: strings,
      national: months,
      provincial: months,
      shares: obj({ theory: share, professional: share, enterprise: share }),
      tolerance: share,
      professionalTags: strings,
      enterpriseTags: strings,
    }),
    backbone: obj({
      training: obj({ national: trainingLevel, municipal: trainingLevel, mentors: count }),
      duties: obj({
        reflectionsPerSemester: count,
        municipalProjects: count,
        papersOrPrizesPerYear: count,
        demonstrationLessonsPerSemester: count,
        lecturesPerSemester: count,
        guidedTeachers: count,
      }),
      assessmentDeadline: { type: 'string', pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' },
      cycleYears: { type: 'integer', minimum: 1 },
      leaderReviewPasses: { type: 'integer', minimum: 1 },
      nextCyclePasses: { type: 'integer', minimum: 1 },
      nextCycleMaxAge: { type: ['integer', 'null'], minimum: 1 },
      stipendPerMonth: obj({ national: nonNeg, municipal: nonNeg }),
      annualComplete: obj({ credits: nonNeg, hours: nonNeg }),
      travelDistrictShare: share,
    }),
  },
};

export const PLUGIN = 'chongqing';
/** Chongqing (重庆市), a province-level municipality: its districts and counties hang directly under it. */
export const CQ_REGION = '500000';

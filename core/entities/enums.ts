import { registerEnumType } from 'type-graphql';

/** GB/T 2260 division level. */
export enum RegionLevel { province = 'province', city = 'city', district = 'district' }

/** Institution kinds named in POLICY.md's glossary (机构). */
export enum InstitutionKind {
  bureau = 'bureau',
  school = 'school',
  university = 'university',
  training = 'training',
  development_center = 'development_center',
  base_school = 'base_school',
  studio = 'studio',
}

/** C-1 project levels: 国培, 省培/市培, 区县, 校本. */
export enum ProjectLevel {
  national = 'national',
  provincial = 'provincial',
  municipal = 'municipal',
  district = 'district',
  school = 'school',
}

/** 学段 */
export enum Stage {
  kindergarten = 'kindergarten',
  primary = 'primary',
  junior = 'junior',
  senior = 'senior',
  vocational = 'vocational',
  special = 'special',
}

export enum Gender { male = 'male', female = 'female' }

/** 职称: professional title ladder; associate_senior is 副高. */
export enum ProfessionalTitle {
  none = 'none',
  third = 'third',
  second = 'second',
  first = 'first',
  associate_senior = 'associate_senior',
  senior = 'senior',
}

/** BB-1 backbone levels. */
export enum BackboneLevel {
  none = 'none',
  school = 'school',
  district = 'district',
  municipal = 'municipal',
  national = 'national',
}

export enum TrainingMode { offline = 'offline', online = 'online', hybrid = 'hybrid' }

export enum ProjectStatus {
  draft = 'draft',
  submitted = 'submitted',
  approved = 'approved',
  rejected = 'rejected',
  published = 'published',
  closed = 'closed',
}

export enum QualificationStatus { active = 'active', suspended = 'suspended', revoked = 'revoked' }

export enum CourseKind { theory = 'theory', practice = 'practice' }

export enum ClassStatus { planned = 'planned', published = 'published', finished = 'finished', cancelled = 'cancelled' }

/** C-3 review steps. */
export enum ReviewStep { school = 'school', district = 'district', institution = 'institution' }

export enum EnrollmentStatus {
  pending = 'pending',
  approved = 'approved',
  rejected = 'rejected',
  withdrawn = 'withdrawn',
}

export enum Decision { approve = 'approve', reject = 'reject' }

/** C-8 assessment grades: 优 / 及格 / 不及格. */
export enum Grade { excellent = 'excellent', pass = 'pass', fail = 'fail' }

export enum CreditSource {
  class = 'class',
  external = 'external',
  correction = 'correction',
  school_based = 'school_based',
  degree = 'degree',
  research = 'research',
  trainer = 'trainer',
  support_teaching = 'support_teaching',
  online = 'online',
  annual_complete = 'annual_complete',
}

export enum ActionStatus { proposed = 'proposed', approved = 'approved', rejected = 'rejected' }

const all = {
  RegionLevel, InstitutionKind, ProjectLevel, Stage, Gender, ProfessionalTitle, BackboneLevel,
  TrainingMode, ProjectStatus, QualificationStatus, CourseKind, ClassStatus, ReviewStep,
  EnrollmentStatus, Decision, Grade, CreditSource, ActionStatus,
};
for (const [name, e] of Object.entries(all)) registerEnumType(e, { name });

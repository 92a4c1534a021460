import type { ObjectLiteral } from 'typeorm';
import type { ResourceConfig } from '../graphql/resource.js';
import type { Role } from './actor.js';

/**
 * The permission table: for every root operation, who may call it. Row-level scope is
 * not here — it is SQL in each resource's `scope` — this says which roles may attempt the
 * operation at all. Operations missing from the table are refused (and a test fails).
 */
export type Permission = 'public' | 'authenticated' | readonly Role[];

export const ROLES: readonly Role[] = ['platform', 'bureau', 'school', 'institution', 'expert', 'teacher'];

const ADMINS: Role[] = ['platform', 'bureau', 'school', 'institution'];

/** Workflow and identity operations, by hand: each line is a decision. */
export const operationPermissions: Record<string, Permission> = {
  // identity
  login: 'public',
  logout: 'public',
  devLogin: 'public',
  me: 'public',
  myBindings: 'authenticated',
  switchBinding: 'authenticated',
  changePassword: 'authenticated',
  createUser: ['platform', 'bureau', 'school', 'institution'],
  grantRole: ['platform', 'bureau', 'school', 'institution'],
  revokeRole: ['platform', 'bureau', 'school', 'institution'],
  setUserActive: ['platform', 'bureau', 'school', 'institution'],
  resetPassword: ['platform', 'bureau', 'school', 'institution'],
  permissionTable: 'authenticated',
  // project life cycle (core/workflow/project.ts, project-change.ts, class-schedule.ts)
  validateProject: 'authenticated',
  submitProject: ['institution'],
  approveProject: ['bureau'],
  rejectProject: ['bureau'],
  publishProject: ['bureau'],
  closeProject: ['bureau', 'institution'],
  requestProjectChange: ['institution'],
  decideProjectChange: ['bureau'],
  publishClassSchedule: ['institution'],
  // selection (core/workflow/selection.ts): the reviewer's role picks the C-3 step
  selectClass: ['teacher'],
  nominateTeacher: ['school'],
  reviewSelection: ['school', 'bureau', 'institution'],
  reviewSelections: ['school', 'bureau', 'institution'],
  withdrawSelection: ['teacher'],
  // running a class and its credits (core/workflow/delivery.ts and neighbours)
  recordAttendance: ['platform', 'institution'],
  attendanceSummary: 'authenticated',
  recordAssessment: ['platform', 'institution'],
  grantClassCredits: ['platform', 'institution', 'bureau'],
  registerExternalCredits: ['platform', 'school', 'bureau'],
  correctCreditRecord: ['platform', 'school', 'bureau'],
  teacherLedger: ['platform', 'teacher', 'school', 'bureau'],
  runCycleAudit: ['platform', 'school', 'bureau'],
  runRegionCycleAudit: ['platform', 'bureau'],
  submitEvaluation: ['teacher'],
  satisfactionSummary: 'authenticated',
  evaluateInstitutionPerformance: ['platform', 'bureau'],
  decideQualificationAction: ['platform', 'bureau'],
  dashboard: ['platform', 'bureau', 'school', 'institution'],
  // plugin host
  plugins: 'authenticated',
  forms: 'authenticated',
  form: 'authenticated',
  submitForm: 'authenticated',
  i18n: 'public',
};

/** CRUD operations of a resource: reads for everyone logged in (scope narrows them), writes per resource. */
export function resourcePermissions(r: ResourceConfig<ObjectLiteral>): Record<string, Permission> {
  const write: Role[] = ['platform', ...(r.writeRoles ?? [])];
  const out: Record<string, Permission> = {
    [`all${r.plural}`]: 'authenticated',
    [`_all${r.plural}Meta`]: 'authenticated',
    [r.name]: 'authenticated',
  };
  if (r.createInput) out[`create${r.name}`] = write;
  if (r.updateInput) out[`update${r.name}`] = write;
  if (r.deletable) out[`delete${r.name}`] = write;
  return out;
}

export function buildPermissionTable(
  resources: ResourceConfig<ObjectLiteral>[],
  ...extra: Record<string, Permission>[]
): Map<string, Permission> {
  const table = new Map<string, Permission>();
  for (const part of [...resources.map(resourcePermissions), operationPermissions, ...extra])
    for (const [op, p] of Object.entries(part)) table.set(op, p);
  return table;
}

export function allows(p: Permission | undefined, role: Role | undefined): boolean {
  if (p === undefined) return false;
  if (p === 'public') return true;
  if (!role) return false;
  if (p === 'authenticated') return true;
  return p.includes(role);
}

export { ADMINS };

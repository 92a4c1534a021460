/**
 * Rule points the Zhejiang plugin needs that the core does not call yet (see the report to
 * the lead and plugins/zhejiang/README.md). Declared here by interface merging so the
 * plugin's checks type-check against the contract; once core/plugin-host/types.ts declares
 * them (with exactly these shapes) this file can go.
 *
 * - 'project.approve': a bureau approves or rejects a submitted project (core/workflow/project.ts
 *   `decide` for 'approve' and 'reject'): ZJ-18 (who reviews) and ZJ-9 (review window).
 * - 'project.publish': a bureau publishes an approved project: ZJ-9 (publication date).
 * - 'teacher.update': a school or bureau creates or changes a teacher record
 *   (core/resources/teacher.ts prepareTeacher): ZJ-9 (teacher data window).
 * - 'credit.register': credits registered by hand (core/workflow/credits.ts
 *   registerExternalCredits): ZJ-16 per-cycle caps.
 */
declare module '../../core/plugin-host/types.js' {
  interface RulePoints {
    'project.approve': { projectId: number; decision: 'approve' | 'reject'; now: Date };
    'project.publish': { projectId: number; now: Date };
    'teacher.update': { teacherId: number | null; now: Date };
    'credit.register': { teacherId: number; cycleId: number; source: string; credits: number };
  }
}

export {};

/** Roles of issue 3; each binding carries the scope it acts within. */
export type Role = 'platform' | 'bureau' | 'school' | 'institution' | 'expert' | 'teacher';

export interface Actor {
  /** Stable id for audit columns ("user:12", "dev:bureau:330000"). */
  id: string;
  role: Role;
  /** bureau: the region subtree it governs. */
  regionId?: string;
  /** school / institution admin: their institution. */
  institutionId?: number;
  /** teacher: themself. */
  teacherId?: number;
  /** expert reviewer: the expert record. */
  expertId?: number;
  /** The logged-in user and the role binding they act under (absent for development logins). */
  userId?: number;
  bindingId?: number;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'platform' };

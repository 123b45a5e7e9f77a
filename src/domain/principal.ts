// Who is calling. Roles follow DESIGN.md section 4: public callers are anonymous.
export const ROLES = ['operator', 'agency', 'enforcer', 'subject'] as const;
export type TokenRole = (typeof ROLES)[number];
export type Role = TokenRole | 'public';

export interface Principal {
  role: Role;
  /** Stable name of the caller for the audit log: `token:<id>`, `cli:<user>`, `public:<ip>`, `system`. */
  actor: string;
  agency?: string;
  subjectId?: number;
}

export const PUBLIC: Principal = { role: 'public', actor: 'public' };
export const SYSTEM: Principal = { role: 'operator', actor: 'system' };

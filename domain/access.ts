import type { LocalizedText } from './templates';

/** Who can sign in. The anonymous public has no account and reaches only public routes. */
export const roles = ['bureau_admin', 'department_staff', 'reviewer', 'school'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, LocalizedText> = {
  bureau_admin: { zh: '教育局管理员', en: 'Bureau administrator' },
  department_staff: { zh: '科室工作人员', en: 'Department staff' },
  reviewer: { zh: '评审专家', en: 'Reviewer' },
  school: { zh: '学校用户', en: 'School user' },
};

/** What a route admits. Every route declares one; the app refuses to start a route without it. */
export type AccessPolicy =
  | { kind: 'public' }
  /** Any signed-in account; the route touches only the caller's own things. */
  | { kind: 'signed_in' }
  /** Signed-in accounts of these roles, within the bureau (and scope) of the ids in the path. */
  | { kind: 'roles'; roles: readonly Role[] };

export const PUBLIC: AccessPolicy = { kind: 'public' };
export const SIGNED_IN: AccessPolicy = { kind: 'signed_in' };
export const allow = (...allowed: Role[]): AccessPolicy => ({ kind: 'roles', roles: allowed });

/** The signed-in caller, as the access checks and the audit trail see it. */
export interface Actor {
  accountId: string;
  bureauId: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  /** The school a school user acts for, or the school a reviewer works at. */
  schoolId: string | null;
  via: 'session' | 'api_token';
  tokenId: string;
  scopes: readonly ('read' | 'write')[];
}

/** How the actor appears in the audit trail: a name a person recognises, and the account. */
export const actorLabel = (a: Pick<Actor, 'displayName' | 'username'>): string => `${a.displayName} (${a.username})`;

// Relations run from a legal entity to the holder of a role in it. Family relations do not exist here:
// consequences never reach relatives (guardrail 3).
import type { FieldError } from './errors.js';
import { type Checked, checkSubjectRef, type SubjectRef } from './records/submission.js';
import { type Instant, parseInstant } from './time.js';

export const OFFICER_ROLES = ['legal-representative', 'director', 'supervisor', 'senior-manager'] as const;
export const ENTITY_ROLES = ['branch', 'subsidiary'] as const;
export const RELATION_ROLES = [...OFFICER_ROLES, 'shareholder', ...ENTITY_ROLES] as const;
export type RelationRole = (typeof RELATION_ROLES)[number];

export const RELATION_ROLE_NAMES: Record<RelationRole, { zh: string; en: string }> = {
  'legal-representative': { zh: '法定代表人', en: 'legal representative' },
  director: { zh: '董事', en: 'director' },
  supervisor: { zh: '监事', en: 'supervisor' },
  'senior-manager': { zh: '高级管理人员', en: 'senior manager' },
  shareholder: { zh: '股东', en: 'shareholder' },
  branch: { zh: '分支机构', en: 'branch' },
  subsidiary: { zh: '子公司', en: 'subsidiary' },
};

/** Whether a relation was held at an instant (a listing reaches the officers of the time of the conduct). */
export function heldAt(r: { since: string; until: string | null }, instant: string): boolean {
  return r.since <= instant && (r.until === null || r.until > instant);
}

/** Which subject kinds may hold a role. */
export function holderKinds(role: RelationRole): readonly string[] {
  if ((OFFICER_ROLES as readonly string[]).includes(role)) return ['person'];
  if ((ENTITY_ROLES as readonly string[]).includes(role)) return ['enterprise', 'social-organization'];
  return ['person', 'enterprise', 'social-organization', 'government-body'];
}

export interface NormalizedRelation {
  from: SubjectRef;
  to: SubjectRef;
  role: RelationRole;
  since: Instant;
  until: Instant | null;
}

const asRef = (v: unknown) => (typeof v === 'string' ? { id: v } : v);

/** Checks `{from, to, role, since, until?}`; `from` and `to` are identifiers or `{id, name?, kind?}`. */
export function checkRelation(raw: unknown, now: Instant): Checked<NormalizedRelation> {
  const errors: FieldError[] = [];
  const b = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<
    string,
    unknown
  >;
  for (const k of Object.keys(b)) {
    if (!['from', 'to', 'role', 'since', 'until'].includes(k))
      errors.push({ pointer: `/${k}`, reason: 'is not a known field here' });
  }
  const from = checkSubjectRef(asRef(b.from), '/from', now);
  const to = checkSubjectRef(asRef(b.to), '/to', now);
  if (!from.ok) errors.push(...from.errors);
  if (!to.ok) errors.push(...to.errors);
  const role = b.role as RelationRole;
  const knownRole = RELATION_ROLES.includes(role);
  if (!knownRole)
    errors.push({
      pointer: '/role',
      reason: `must be one of: ${RELATION_ROLES.join(', ')} (there are no family relations)`,
    });
  if (from.ok && from.value.kind === 'person')
    errors.push({
      pointer: '/from',
      reason: 'a relation runs from a legal entity to the holder of the role',
    });
  if (to.ok && knownRole && !holderKinds(role).includes(to.value.kind)) {
    errors.push({
      pointer: '/to',
      reason: `a ${role} is a ${holderKinds(role).join(' or ')}, not a ${to.value.kind}`,
    });
  }
  if (from.ok && to.ok && from.value.identifier === to.value.identifier)
    errors.push({ pointer: '/to', reason: 'a subject has no relation to itself' });
  const since = typeof b.since === 'string' ? parseInstant(b.since) : undefined;
  if (!since) errors.push({ pointer: '/since', reason: 'is required (RFC 3339 or YYYY-MM-DD)' });
  else if (since > now) errors.push({ pointer: '/since', reason: 'is in the future' });
  let until: Instant | null = null;
  if (b.until !== undefined && b.until !== null) {
    const u = typeof b.until === 'string' ? parseInstant(b.until) : undefined;
    if (!u) errors.push({ pointer: '/until', reason: 'must be RFC 3339 or YYYY-MM-DD' });
    else if (since && u < since) errors.push({ pointer: '/until', reason: 'is before since' });
    else until = u;
  }
  if (errors.length || !from.ok || !to.ok || !since) return { ok: false, errors };
  return { ok: true, value: { from: from.value, to: to.value, role, since, until } };
}

// How subjects appear in responses; a natural person's identity number is masked wherever the view is public.

import { maskIdentifier } from '../../domain/identifiers/mask.js';
import { describeRegion } from '../../domain/identifiers/regions.js';
import type { SubjectRow } from '../../store/schema.js';

export interface SubjectSummary {
  id: number;
  kind: string;
  identifier: string;
  identifierScheme: string;
  name: string | null;
  region: { code: string; name: string } | null;
}

export function presentSubject(s: SubjectRow, options: { mask: boolean }): SubjectSummary {
  const masked = options.mask && s.kind === 'person';
  return {
    id: s.id,
    kind: s.kind,
    identifier: masked ? maskIdentifier(s.identifier) : s.identifier,
    identifierScheme: s.scheme,
    name: s.name,
    region: s.region ? { code: s.region, name: describeRegion(s.region).name } : null,
  };
}

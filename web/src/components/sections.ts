// How a credit file is grouped on screen, after NECIPS: registration, licenses, penalties, lists, court
// information, inspections, commitments, honors, ratings — each record type placed by its code and domain.
import type { CreditRecord } from '../api/types';
import type { MessageKey } from '../i18n/zh';

export const SECTIONS = [
  'registration',
  'licenses',
  'penalties',
  'lists',
  'judicial',
  'inspections',
  'commitments',
  'honors',
  'grades',
  'other',
] as const;
export type Section = (typeof SECTIONS)[number];

export const sectionKey = (s: Section): MessageKey => `section.${s}`;

export function sectionOf(r: Pick<CreditRecord, 'type' | 'domain' | 'polarity'>): Section {
  if (r.domain === 'registration' || r.domain === 'reporting') return 'registration';
  if (r.type === 'administrative.license' || r.type === 'qualification.professional') return 'licenses';
  if (r.type === 'list.entry') return 'lists';
  if (r.domain === 'judicial') return 'judicial';
  if (r.domain === 'inspection') return 'inspections';
  if (r.domain === 'commitments') return 'commitments';
  if (r.domain === 'honors' || r.domain === 'civic') return 'honors';
  if (r.domain === 'government-integrity' || r.domain === 'scores' || r.type.startsWith('score.'))
    return 'grades';
  if (r.polarity === 'negative') return 'penalties';
  return 'other';
}

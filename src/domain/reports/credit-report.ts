// A credit report: the fields of the People's Bank of China's second-generation report that this platform holds —
// arrears, unpaid taxes, court records, administrative penalties, awards, list memberships, grades — from the
// file as the reader may see it. Pure: records and listings in, sections out; each item keeps its source agency,
// basis and status, so a line of the report can be traced to the record behind it.
import type { CatalogView } from '../catalog/view.js';
import { listingState } from '../listings/listing.js';

export const REPORT_SECTIONS = [
  'unpaidTaxes',
  'arrears',
  'courtRecords',
  'administrativePenalties',
  'otherNegativeRecords',
  'awards',
  'otherRecords',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const SECTION_NAMES: Record<ReportSection | 'listMemberships' | 'grades', { zh: string; en: string }> =
  {
    unpaidTaxes: { zh: '欠税信息', en: 'Unpaid taxes' },
    arrears: { zh: '欠费与还款信息', en: 'Arrears and repayments' },
    courtRecords: { zh: '司法信息', en: 'Court records' },
    administrativePenalties: { zh: '行政处罚信息', en: 'Administrative penalties' },
    otherNegativeRecords: { zh: '其他失信信息', en: 'Other negative records' },
    awards: { zh: '表彰奖励信息', en: 'Awards and honours' },
    otherRecords: { zh: '登记、许可及其他信息', en: 'Registration, licences and other records' },
    listMemberships: { zh: '名单信息', en: 'List memberships' },
    grades: { zh: '信用评价', en: 'Grades and scores' },
  };

const PAYMENT_DOMAINS = new Set(['finance', 'utilities', 'social-insurance', 'provident-fund']);

/** The section a record type belongs in (the first that fits, in the order of REPORT_SECTIONS). */
export function sectionOf(t: { code: string; domain: string; polarity: string } | undefined): ReportSection {
  if (!t) return 'otherRecords';
  if (t.code === 'tax.arrears') return 'unpaidTaxes';
  if (PAYMENT_DOMAINS.has(t.domain) || t.code === 'judicial.child-support-arrears') return 'arrears';
  if (t.domain === 'judicial') return 'courtRecords';
  if (t.code === 'administrative.penalty') return 'administrativePenalties';
  if (t.polarity === 'negative') return 'otherNegativeRecords';
  if (t.polarity === 'positive') return 'awards';
  return 'otherRecords';
}

export interface ReportRecordInput {
  id: number;
  type: string;
  agency: string;
  occurred_at: string;
  fields: string;
  publication_ends_at: string | null;
  objection_id: number | null;
}

export interface ReportListingInput {
  id: number;
  list: string;
  severity: string;
  agency: string;
  decision_number: string;
  effective_at: string;
  ends_at: string;
  ended_at: string | null;
  end_reason: string | null;
  objection_id: number | null;
}

export interface ReportItem {
  record: number;
  type: string;
  typeName: string;
  agency: string;
  agencyName: string;
  occurredAt: string;
  fields: unknown;
  basis: string[];
  status: 'published' | 'not published' | 'under objection';
}

export interface ReportListing {
  listing: number;
  list: string;
  listName: string;
  kind: string;
  severity: string;
  agency: string;
  decisionNumber: string;
  effectiveAt: string;
  endsAt: string;
  state: string;
  endReason: string | null;
  underObjection: boolean;
  basis: string[];
}

export type ReportSections = Record<ReportSection, ReportItem[]> & {
  listMemberships: ReportListing[];
  grades: { note: string; items: [] };
};

export function reportSections(
  catalog: CatalogView,
  records: ReportRecordInput[],
  listings: ReportListingInput[],
  now: string,
): ReportSections {
  const sections = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, [] as ReportItem[]])) as Record<
    ReportSection,
    ReportItem[]
  >;
  for (const r of [...records].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.id - a.id)) {
    const t = catalog.recordTypes.get(r.type);
    sections[sectionOf(t)].push({
      record: r.id,
      type: r.type,
      typeName: t?.names.zh ?? r.type,
      agency: r.agency,
      agencyName: catalog.agencies.get(r.agency)?.names.zh ?? r.agency,
      occurredAt: r.occurred_at,
      fields: JSON.parse(r.fields) as unknown,
      basis: (t?.legalBasis ?? []).map((b) => `${b.title} ${b.article}`),
      status:
        r.objection_id !== null
          ? 'under objection'
          : r.publication_ends_at !== null && r.publication_ends_at <= now
            ? 'not published'
            : 'published',
    });
  }
  return {
    ...sections,
    listMemberships: listings.map((l) => {
      const list = catalog.lists.get(l.list);
      return {
        listing: l.id,
        list: l.list,
        listName: list?.names.zh ?? l.list,
        kind: list?.kind ?? 'unknown',
        severity: l.severity,
        agency: l.agency,
        decisionNumber: l.decision_number,
        effectiveAt: l.effective_at,
        endsAt: l.ends_at,
        state: listingState({ effectiveAt: l.effective_at, endsAt: l.ends_at, endedAt: l.ended_at }, now),
        endReason: l.end_reason ?? (l.ends_at <= now ? 'expired' : null),
        underObjection: l.objection_id !== null,
        basis: (list?.legalBasis ?? []).map((b) => `${b.title} ${b.article}`),
      };
    }),
    grades: { note: 'No scoring scheme is in force on this platform yet.', items: [] },
  };
}

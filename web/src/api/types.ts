// The shapes the web app reads from the API (docs/api.md); only the fields it uses.

export interface Names {
  zh: string;
  en: string;
}

export interface LegalBasis {
  title: string;
  titleEn?: string;
  article?: string;
  note?: string;
}

export interface Region {
  code: string;
  name: string;
}

export interface SubjectSummary {
  id: number;
  kind: string;
  identifier: string;
  identifierScheme: string;
  name: string | null;
  region: Region | null;
}

export type Badge = 'black' | 'red' | 'irregularity' | 'key-attention' | 'alert' | 'under-objection';

export interface SearchItem extends SubjectSummary {
  badges: Badge[];
}

export interface Page<T> {
  items: T[];
  total: number;
  next?: string;
}

export interface SearchPage extends Page<SearchItem> {
  match: 'identifier' | 'name';
}

export interface ObjectionRef {
  id?: number;
  objection?: number;
}

export interface CreditRecord {
  id: number;
  type: string;
  typeNames: Names;
  polarity: 'positive' | 'negative' | 'neutral';
  domain: string;
  disclosure: string;
  agency: string;
  agencyNames: Names;
  externalId: string;
  version: number;
  occurredAt: string;
  fields: Record<string, unknown>;
  submittedAt: string;
  publicationEndsAt: string | null;
  supersededAt: string | null;
  underObjection: ObjectionRef | null;
  legalBasis: LegalBasis[];
}

export interface Consequence {
  action: string;
  measures: { measure: string; memorandum: string; effect: string }[];
}

export interface Listing {
  id: number;
  list: string;
  listNames: Names;
  listKind: string;
  subject: SubjectSummary;
  severity: string;
  decisionNumber: string;
  conductAt: string;
  decidedAt: string;
  effectiveAt: string;
  endsAt: string;
  state: 'noticed' | 'effective' | 'ended';
  endedAt: string | null;
  endReason: string | null;
  reason: string;
  agency: string;
  agencyNames: Names;
  derivedFrom: number | null;
  legalBasis: LegalBasis[];
  consequences: Consequence[];
  underObjection: ObjectionRef | null;
  repair: { allowed: boolean; minimumPeriod?: string; requirements: Names[] };
}

export interface Relation {
  id: number;
  role: string;
  roleNames: Names;
  side: 'entity' | 'holder';
  subject: Partial<SubjectSummary> & { kind: string; name: string | null };
  since: string;
  until: string | null;
}

export interface CreditFile extends SubjectSummary {
  view: 'public' | 'agency' | 'subject' | 'operator';
  generatedAt: string;
  records: CreditRecord[];
  listings: Listing[];
  relations: Relation[];
}

export interface FieldSchema {
  type?: string | string[];
  title?: string;
  'x-title-zh'?: string;
  'x-unit'?: string;
  enum?: (string | number)[];
  format?: string;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
}

export interface RecordType {
  code: string;
  names: Names;
  description: Names;
  subjectKinds: string[];
  polarity: string;
  domain: string;
  disclosure: string;
  publicationPeriod: string | null;
  retention: string;
  submitters: string[];
  legalBasis: LegalBasis[];
  fields: FieldSchema;
  example?: Record<string, unknown>;
}

export interface ListDef {
  code: string;
  names: Names;
  description: Names;
  owner: string;
  kind: string;
  legalBasis: LegalBasis[];
  inclusionCriteria: Names;
  subjectKinds: string[];
  severities: { code: string; duration: string | null; legalBasis: LegalBasis[] }[];
  noticePeriod: string;
  objection: { answerWithin: number; extension: number; source: string };
  publication: { public: boolean; persons: boolean };
  repair: { allowed: boolean; minimumPeriod?: string; requirements: Names[] };
  derivesFrom?: string;
}

export interface Measure {
  code: string;
  names: Names;
  description: Names;
  effect: string;
  actions: string[];
  appliedBy: string;
  legalBasis: LegalBasis[];
}

export interface Memorandum {
  code: string;
  names: Names;
  description: Names;
  documentNumber?: string;
  signatories: string[];
  triggers: { list: string }[];
  measures: string[];
  extendsTo?: string[];
  effectiveFrom?: string;
  legalBasis: LegalBasis[];
}

export interface ActionDef {
  code: string;
  names: Names;
  description: Names;
}

export interface Agency {
  code: string;
  names: Names;
  level: string;
  jurisdiction: string;
  kind: string;
}

export interface Stats {
  generatedAt: string;
  listedSubjects: { list: string; kind: string; subjects: number }[];
  listingsByMonth: { month: string; list: string; new: number; ended: number }[];
  refusedByMonth: { month: string; action: string; refused: number }[];
}

export interface Deadline {
  dueAt: string;
  workingDaysLeft: number;
  overdue: boolean;
  rule: string;
  source: string;
}

export interface Objection {
  id: number;
  itemType: 'record' | 'listing';
  item: number;
  subjectId: number;
  agency: string;
  reason: string;
  state: 'pending' | 'upheld' | 'rejected';
  filedAt: string;
  deadline: Deadline;
  extension: { at: string; reason: string } | null;
  decision: { at: string; outcome: string; reason: string } | null;
  escalatedAt: string | null;
  evidence: Evidence[];
  /** In lists only. */
  about?: FilingAbout;
}

export interface Repair {
  id: number;
  listing: number;
  subjectId: number;
  agency: string;
  state: 'pending' | 'granted' | 'refused';
  filedAt: string;
  obligationsPerformed: string;
  commitmentLetter: string;
  deadline: Deadline;
  decision: { at: string; outcome: string; reason: string } | null;
  /** In lists only. */
  about?: FilingAbout;
}

/** What an objection or repair application in a list is about (the lists' `about`). */
export interface FilingAbout {
  subject: { identifier: string; name: string | null; kind: string } | null;
  list?: { code: string; names: Names };
  recordType?: { code: string; names: Names };
}

export type MyRequest =
  | (Objection & { kind: 'objection'; url: string })
  | (Repair & { kind: 'repair'; url: string });

export interface Notice {
  id: number;
  kind: string;
  listing: number | null;
  title: string;
  content: {
    list?: { code: string; names: Names; kind: string };
    agency?: { code: string; names: Names };
    why?: { decisionNumber: string; decidedAt: string; reason: string; legalBasis: LegalBasis[] };
    effectiveAt?: string;
    endsAt?: string;
    consequences?: Consequence[];
    object?: { before?: string };
    repair?: { allowed: boolean; requirements?: Names[] };
  };
  createdAt: string;
  readAt: string | null;
}

export interface AccessEntry {
  at: string;
  role: string;
  agency: string | null;
  reader: string;
  purpose: string;
  proof: string;
}

export interface ImportJob {
  id: string;
  state: 'queued' | 'running' | 'done' | 'done-with-rejects' | 'failed' | 'interrupted';
  agency: string;
  type: string;
  format: string;
  fileName: string;
  counts: { rows: number; stored: number; duplicates: number; rejected: number };
  links: { self: string; rejects: string };
  error?: string | null;
}

export interface AuditHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  algorithm: string;
  keyId: string;
  signature: string;
}

export interface AuditProof {
  entry: {
    seq: number;
    at: string;
    actor: string;
    role: string;
    agency?: string | null;
    action: string;
    target: string;
  };
  leafHash: string;
  leafIndex: number;
  treeSize: number;
  rootHash: string;
  auditPath: string[];
}

export interface Health {
  status: string;
  version: string;
  store: string;
  auditTreeSize: number;
  time: string;
  decisionIndex: { subjects: number; listings: number; consequences: number; changeFeedLagMs: number | null };
  requests: { requests: number; serverErrors: number; perSecond: number };
}

export interface ReportVerification {
  number: string;
  valid: boolean;
  generatedAt: string;
  view: string;
  subject: { kind: string; identifier: string; name: string | null };
  contentHash: string;
  auditEntry: number;
}

export interface Me {
  role: 'operator' | 'agency' | 'enforcer' | 'subject';
  agency: { code: string; names: Names } | null;
  subject: SubjectSummary | null;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; reason: string }[];
}

export interface Scheme {
  code: string;
  names: Names;
  description?: Names;
  owner: string;
  subjectKinds: string[];
  bands: { grade: string; names: Names; min: number }[];
  legalBasis: LegalBasis[];
}

export interface Evidence {
  id: number;
  name: string;
  mediaType: string;
  size: number;
  url: string;
}

// Table types for Kysely. Instants are ISO 8601 UTC text in both dialects (they sort as text); JSON is text.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A nullable column that inserts may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface SubjectsTable {
  id: Generated<number>;
  kind: string;
  identifier: string;
  scheme: string;
  name: string | null;
  region: string | null;
  created_at: string;
}

export interface RecordsTable {
  id: Generated<number>;
  type: string;
  subject_id: number;
  agency: string;
  external_id: string;
  version: number;
  occurred_at: string;
  fields: string;
  content_hash: string;
  submitted_at: string;
  publication_ends_at: string | null;
  retention_ends_at: string;
  superseded_at: string | null;
  correction_reason: string | null;
  audit_seq: number;
  /** The pending objection to this version, if any. */
  objection_id: Optional<number>;
}

export interface RelationsTable {
  id: Generated<number>;
  from_subject_id: number;
  to_subject_id: number;
  role: string;
  since: string;
  until: string | null;
  agency: string;
  /** An end date given later is a new version; the row before it is marked superseded. Rows never change otherwise. */
  version: number;
  created_at: string;
  superseded_at: string | null;
  audit_seq: number;
}

export interface AuditEntriesTable {
  seq: number;
  at: string;
  actor: string;
  role: string;
  agency: string | null;
  action: string;
  target: string;
  subject_id: number | null;
  item_count: number;
  items_root: string | null;
  content_hash: string;
  leaf_hash: string;
}

/** Items of a group-committed entry (file reads), each provable inside the entry's items tree. */
export interface AuditItemsTable {
  entry_seq: number;
  idx: number;
  subject_id: number | null;
  item: string;
  item_hash: string;
}

/** Recorded reads by subject, indexed behind the log (store/read-index.ts). */
export interface ReadIndexTable {
  subject_id: number;
  entry_seq: number;
  idx: number;
}

export interface ReadIndexStateTable {
  id: number;
  /** The last audit entry whose reads are all indexed. */
  indexed_through: number;
}

/** How far the name index has caught up with the subjects (store/name-index.ts). */
export interface NameIndexStateTable {
  id: number;
  /** The highest subject id whose name, if it needs one, is in the index. */
  indexed_through: number;
}

export interface AuditNodesTable {
  level: number;
  idx: number;
  hash: string;
}

export interface AuditStateTable {
  id: number;
  size: number;
  root: string;
  frontier: string;
  /** Counts committed writes to credit data (not the logging of reads): read models compare it to stay current. */
  data_version: number;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface TokensTable {
  id: string;
  secret_hash: string;
  role: string;
  agency: string | null;
  subject_id: number | null;
  label: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface ImportJobsTable {
  id: string;
  agency: string;
  type: string;
  format: string;
  encoding: string;
  file_name: string;
  state: string;
  total_rows: number;
  stored: number;
  duplicates: number;
  rejected: number;
  error: string | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Heartbeat: set after every batch, so a job whose process died can be told from one still running. */
  updated_at: string;
}

export interface ImportRejectsTable {
  job_id: string;
  row_number: number;
  reason: string;
  raw: string;
}

export interface ListingsTable {
  id: Generated<number>;
  list: string;
  subject_id: number;
  severity: string;
  decision_number: string;
  conduct_at: string;
  decided_at: string;
  effective_at: string;
  ends_at: string;
  reason: string;
  /** JSON array of the ids of the records the decision rests on. */
  records: string;
  agency: string;
  /** The listing on the source list this one follows, for a derived list. */
  derived_from: number | null;
  content_hash: string;
  created_at: string;
  audit_seq: number;
  ended_at: string | null;
  end_reason: string | null;
  end_note: string | null;
  end_audit_seq: number | null;
  /** The pending objection to this listing (or to the listing it follows), if any. */
  objection_id: Optional<number>;
}

export interface ObjectionsTable {
  id: Generated<number>;
  item_type: 'record' | 'listing';
  item_id: number;
  subject_id: number;
  /** The agency that owns the item and decides. */
  agency: string;
  filed_by: string;
  filed_role: string;
  reason: string;
  state: 'pending' | 'upheld' | 'rejected';
  filed_at: string;
  /** The deadline: end of the last working day (after an extension, the extended one). */
  due_at: string;
  extended_at: string | null;
  extension_reason: string | null;
  decided_at: string | null;
  decided_by: string | null;
  outcome_reason: string | null;
  /** When the overdue objection was put before the operator. */
  escalated_at: string | null;
  idempotency_key: string | null;
  audit_seq: number;
}

export interface RepairsTable {
  id: Generated<number>;
  listing_id: number;
  subject_id: number;
  /** The list's owner, who decides. */
  agency: string;
  filed_by: string;
  obligations_performed: string;
  commitment_letter: string;
  training_certificate: string | null;
  state: 'pending' | 'granted' | 'refused';
  filed_at: string;
  due_at: string;
  decided_at: string | null;
  decided_by: string | null;
  outcome_reason: string | null;
  idempotency_key: string | null;
  audit_seq: number;
}

export interface ContactsTable {
  subject_id: number;
  email: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  /** The token's actor that registered it. */
  owner: string;
  agency: string | null;
  url: string;
  secret: string;
  /** JSON array of list codes it wants notices of; null for all. */
  lists: string | null;
  created_at: string;
  ended_at: string | null;
}

export interface NoticesTable {
  id: Generated<number>;
  /** The recipient. */
  subject_id: number;
  kind: string;
  listing_id: number | null;
  title: string;
  /** JSON: what, why, from when, until when, consequences, how to object and repair (see src/domain/due-process/notice.ts). */
  content: string;
  created_at: string;
  read_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  notice_id: number;
  channel: 'email' | 'webhook';
  target: string;
  secret: string | null;
  subscription_id: number | null;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface ReportsTable {
  number: string;
  subject_id: number;
  view: string;
  generated_at: string;
  requested_by: string;
  content_hash: string;
  audit_seq: number;
}

export interface EvidenceTable {
  id: Generated<number>;
  owner_type: 'objection' | 'repair' | 'record';
  owner_id: number;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_at: string;
}

export interface ChangesTable {
  seq: Generated<number>;
  at: string;
  kind: string;
  subject_id: number;
  listing_id: number | null;
}

/** Up to a thousand decision log entries of one process, as a JSON array (see src/check/decision-log.ts). */
export interface DecisionPagesTable {
  key: string;
  opened_at: string;
  entries: string;
}

/** Decisions counted by month (Asia/Shanghai), action and decision, for statistics. */
export interface DecisionCountsTable {
  month: string;
  action: string;
  decision: string;
  n: number;
}

/** The current score of a subject in a scheme (read model of its score.result record). */
export interface ScoresTable {
  subject_id: number;
  scheme: string;
  score: number;
  grade: string;
  record_id: number;
  computed_at: string;
  next_change_at: string | null;
}

export interface DB {
  subjects: SubjectsTable;
  records: RecordsTable;
  relations: RelationsTable;
  audit_entries: AuditEntriesTable;
  audit_items: AuditItemsTable;
  audit_nodes: AuditNodesTable;
  audit_state: AuditStateTable;
  read_index: ReadIndexTable;
  read_index_state: ReadIndexStateTable;
  name_index_state: NameIndexStateTable;
  settings: SettingsTable;
  tokens: TokensTable;
  import_jobs: ImportJobsTable;
  import_rejects: ImportRejectsTable;
  listings: ListingsTable;
  changes: ChangesTable;
  decision_pages: DecisionPagesTable;
  decision_counts: DecisionCountsTable;
  objections: ObjectionsTable;
  evidence: EvidenceTable;
  repairs: RepairsTable;
  contacts: ContactsTable;
  subscriptions: SubscriptionsTable;
  notices: NoticesTable;
  outbox: OutboxTable;
  reports: ReportsTable;
  scores: ScoresTable;
}

export type SubjectRow = Selectable<SubjectsTable>;
export type RecordRow = Selectable<RecordsTable>;
export type NewRecordRow = Insertable<RecordsTable>;
export type RelationRow = Selectable<RelationsTable>;
export type NewRelationRow = Insertable<RelationsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type TokenRow = Selectable<TokensTable>;
export type ImportJobRow = Selectable<ImportJobsTable>;
export type ListingRow = Selectable<ListingsTable>;
export type ObjectionRow = Selectable<ObjectionsTable>;
export type EvidenceRow = Selectable<EvidenceTable>;
export type RepairRow = Selectable<RepairsTable>;
export type NoticeRow = Selectable<NoticesTable>;
export type ReportRow = Selectable<ReportsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type ContactRow = Selectable<ContactsTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type NewListingRow = Insertable<ListingsTable>;
export type ChangeRow = Selectable<ChangesTable>;
export type ScoreRow = Selectable<ScoresTable>;

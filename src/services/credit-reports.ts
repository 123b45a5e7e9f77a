// Issuing a credit report: who may have one (the subject, operators, agencies — each item as the catalog lets
// them see it — and anyone for an enterprise's public report), the read logged like any file read, the report
// numbered and its content hashed into an audit entry, so that anyone holding the paper can verify it by number.
import { randomBytes } from 'node:crypto';
import { contentHash } from '../domain/canonical-json.js';
import { problems } from '../domain/errors.js';
import { maskIdentifier } from '../domain/identifiers/mask.js';
import type { Principal } from '../domain/principal.js';
import { type ReportSections, reportSections } from '../domain/reports/credit-report.js';
import { auditedTransaction } from '../store/audit-log.js';
import type { AccessRecorder } from './access-recorder.js';
import { type SignedTreeHead, signedHead } from './audit.js';
import type { SigningKey } from './audit-keys.js';
import type { Context } from './context.js';
import { loadCreditFile } from './read-file.js';

export interface CreditReport {
  number: string;
  generatedAt: string;
  /** As whom the file was read: what the report may contain. */
  view: string;
  subject: { id: number; kind: string; identifier: string; name: string | null; region: string | null };
  sections: ReportSections;
  /** SHA-256 of the canonical JSON of everything above. */
  contentHash: string;
  /** The audit log when the report was made (its read included), signed. */
  auditHead: SignedTreeHead;
  /** The audit entry that issued it: its content hash is the report's. */
  auditEntry: number;
  verifyUrl: string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** XY-YYYYMMDD-XXXXXXXXXX: the date, and 50 random bits in Crockford's base 32. */
function reportNumber(now: string): string {
  const bytes = randomBytes(10);
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return `XY-${now.slice(0, 10).replaceAll('-', '')}-${id}`;
}

export async function issueReport(
  ctx: Context,
  deps: { access: AccessRecorder; signingKey: SigningKey; publicUrl: string },
  principal: Principal,
  ref: string,
): Promise<CreditReport> {
  const file = await loadCreditFile(ctx, principal, ref);
  // A person's report goes to the person, operators and agencies; an enterprise's public one to anyone.
  if (file.subject.kind === 'person' && (file.view === 'public' || principal.role === 'enforcer'))
    throw problems.forbidden(
      'a natural person’s credit report is given to the person, operators and agencies the catalog grants',
    );
  await deps.access.record(principal, { subjectId: file.subject.id, purpose: 'report' });
  const now = ctx.clock.now();
  const number = reportNumber(now);
  const mask = file.view === 'public' && file.subject.kind === 'person';
  const content = {
    number,
    generatedAt: now,
    view: file.view,
    subject: {
      id: file.subject.id,
      kind: file.subject.kind,
      identifier: mask ? maskIdentifier(file.subject.identifier) : file.subject.identifier,
      name: file.subject.name,
      region: file.subject.region,
    },
    sections: reportSections(ctx.catalog, file.records, file.listings, now),
  };
  const hash = contentHash(content);
  const auditHead = await signedHead(ctx, deps.signingKey);
  const auditEntry = await auditedTransaction(ctx.store.db, now, async (trx, audit) => {
    const seq = audit.appendBy(principal, {
      action: 'report.issue',
      target: `report:${number}`,
      subjectId: file.subject.id,
      contentHash: hash,
    });
    await trx
      .insertInto('reports')
      .values({
        number,
        subject_id: file.subject.id,
        view: file.view,
        generated_at: now,
        requested_by: principal.actor,
        content_hash: hash,
        audit_seq: seq,
      })
      .execute();
    return seq;
  });
  return {
    ...content,
    contentHash: hash,
    auditHead,
    auditEntry,
    // The QR code is for people: it opens the web app's verification page, which reads /api/v1/reports/{number}.
    verifyUrl: `${deps.publicUrl.replace(/\/$/, '')}/verify/${number}`,
  };
}

/** What anyone may learn of a report by its number: enough to check a copy, nothing of a person beyond a mask. */
export async function verifyReport(ctx: Context, number: string) {
  const found = await findReport(ctx, number);
  if (!found) throw problems.notFound(`no credit report ${number}`);
  return found;
}

/** The same, or undefined when no report has that number. */
export async function findReport(ctx: Context, number: string) {
  const r = await ctx.store.db
    .selectFrom('reports')
    .innerJoin('subjects', 'subjects.id', 'reports.subject_id')
    .select([
      'reports.number',
      'reports.generated_at',
      'reports.view',
      'reports.content_hash',
      'reports.audit_seq',
      'subjects.kind',
      'subjects.identifier',
      'subjects.name',
    ])
    .where('reports.number', '=', number)
    .executeTakeFirst();
  if (!r) return undefined;
  const person = r.kind === 'person';
  return {
    number: r.number,
    valid: true,
    generatedAt: r.generated_at,
    view: r.view,
    subject: {
      kind: r.kind,
      identifier: person ? maskIdentifier(r.identifier) : r.identifier,
      name: person ? null : r.name,
    },
    contentHash: r.content_hash,
    auditEntry: r.audit_seq,
    proof: `/api/v1/audit/entries/${r.audit_seq}/proof`,
  };
}

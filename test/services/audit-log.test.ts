// The audit log on both stores: proofs for every entry and size against the stored tree, group-committed reads,
// and verification that catches each kind of tampering.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../../src/domain/audit/merkle.js';
import type { Principal } from '../../src/domain/principal.js';
import { checkRecordSubmission } from '../../src/domain/records/submission.js';
import { AccessRecorder } from '../../src/services/access-recorder.js';
import {
  checkInclusionProof,
  consistencyProof,
  inclusionProof,
  signedHead,
  verifySignedHead,
} from '../../src/services/audit.js';
import { loadOrCreateSigningKey } from '../../src/services/audit-keys.js';
import { ingestRecords } from '../../src/services/ingest-records.js';
import { createListing, endListing } from '../../src/services/listings.js';
import { addRelation } from '../../src/services/relations.js';
import { verifyLog } from '../../src/services/verify-log.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, type TestContext, testContext } from '../support/stores.js';

const SAMR: Principal = { role: 'agency', agency: 'samr', actor: 'test:samr' };

function penalty(n: number, subject = company(n)) {
  const type = { type: 'administrative.penalty' };
  const example = (globalThis as { __example?: Record<string, unknown> }).__example!;
  return {
    ...type,
    subject: { id: subject, name: `测试企业${n}有限公司` },
    externalId: `p-${n}`,
    occurredAt: '2026-01-05',
    fields: { ...example, decisionNumber: `测罚〔2026〕${n}号` },
  };
}

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await testContext(dialect);
    (globalThis as { __example?: unknown }).__example =
      t.ctx.catalog.recordTypes.get('administrative.penalty')!.example;
  });
  afterEach(async () => t.close());

  async function write(n: number, mode: 'single' | 'batch' = 'single', size = 1) {
    const rows = Array.from({ length: size }, (_, k) => {
      const c = checkRecordSubmission(t.ctx.catalog, 'samr', penalty(n * 1000 + k), t.clock.now());
      if (!c.ok) throw new Error(JSON.stringify(c.errors));
      return c.value;
    });
    return ingestRecords(t.ctx, SAMR, rows, { mode });
  }

  it('proves every entry in every tree size, and every size consistent with every later one', async () => {
    for (let n = 0; n < 11; n++) await write(n, n % 3 === 0 ? 'batch' : 'single', n % 3 === 0 ? 3 : 1);
    const head = await signedHead(t.ctx, await loadOrCreateSigningKey(t.ctx.store));
    expect(head.treeSize).toBe(11);
    for (let size = 1; size <= 11; size++) {
      for (let seq = 0; seq < size; seq++) {
        const p = await inclusionProof(t.ctx, seq, { treeSize: size });
        expect(verifyInclusion(seq, size, p.leafHash, p.auditPath, p.rootHash)).toBe(true);
        expect(checkInclusionProof(p)).toBe(true);
      }
      const c = await consistencyProof(t.ctx, size, 11);
      expect(verifyConsistency(size, 11, c.fromRoot, c.toRoot, c.proof)).toBe(true);
      expect(c.toRoot).toBe(head.rootHash);
    }
    const key = await loadOrCreateSigningKey(t.ctx.store);
    expect(verifySignedHead(head, key.publicKeyPem)).toBe(true);
    expect(verifySignedHead({ ...head, treeSize: 12 }, key.publicKeyPem)).toBe(false);
  });

  it('group-commits concurrent reads into one entry whose items are each provable', async () => {
    await write(1);
    const access = new AccessRecorder(t.ctx);
    const readers: Principal[] = [
      { role: 'public', actor: 'public:1.2.3.4' },
      { role: 'agency', agency: 'sta', actor: 'token:abc' },
      { role: 'operator', actor: 'cli:root' },
    ];
    await Promise.all(readers.map((p, i) => access.record(p, { subjectId: 1, purpose: `test-${i}` })));
    const entry = await t.ctx.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'file.read')
      .execute();
    expect(entry).toHaveLength(1);
    expect(entry[0]!.item_count).toBe(3);
    for (let i = 0; i < 3; i++) {
      const p = await inclusionProof(t.ctx, entry[0]!.seq, { item: i });
      expect(checkInclusionProof(p)).toBe(true);
      expect(p.item!.item).toMatchObject({ subjectId: 1, purpose: `test-${i}` });
    }
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });

  describe('verification catches tampering', () => {
    beforeEach(async () => {
      await write(1);
      await write(2, 'batch', 4);
      await addRelation(t.ctx, SAMR, {
        from: company(9),
        to: person(9),
        role: 'legal-representative',
        since: '2020-01-01',
      });
      await new AccessRecorder(t.ctx).record(
        { role: 'public', actor: 'public:x' },
        { subjectId: 1, purpose: 'read' },
      );
      await write(3);
      expect((await verifyLog(t.ctx)).ok).toBe(true);
    });

    const tamper = async (statement: ReturnType<typeof sql>) => {
      await statement.execute(t.ctx.store.db);
      return verifyLog(t.ctx);
    };

    it('an edited record in a single entry', async () => {
      const r = await tamper(
        sql`update records set fields = replace(fields, '测罚', '改罚') where external_id = 'p-1000'`,
      );
      expect(r.ok).toBe(false);
      expect(r.firstFailure?.reason).toMatch(/record \d+ was altered/);
    });

    it('an edited record in a batch entry', async () => {
      const r = await tamper(
        sql`update records set occurred_at = '2020-01-01T00:00:00.000Z' where external_id = 'p-2002'`,
      );
      expect(r.ok).toBe(false);
      expect(r.firstFailure?.seq).toBe(1);
    });

    it('a deleted record of a batch', async () => {
      const r = await tamper(sql`delete from records where external_id = 'p-2003'`);
      expect(r.firstFailure?.reason).toMatch(/covers 4 records but 3/);
    });

    it('an edited subject identifier (records name their subject by identifier)', async () => {
      const r = await tamper(
        sql`update subjects set identifier = ${company(77)} where identifier = ${company(1000)}`,
      );
      expect(r.ok).toBe(false);
    });

    it('an edited relation', async () => {
      const r = await tamper(sql`update relations set role = 'director'`);
      expect(r.firstFailure?.reason).toMatch(/relation \d+ was altered/);
    });

    it('an edited read item', async () => {
      const r = await tamper(sql`update audit_items set item = replace(item, 'public:x', 'public:y')`);
      expect(r.firstFailure?.reason).toMatch(/item 0 of entry \d+ was altered/);
    });

    it('an edited entry', async () => {
      const r = await tamper(sql`update audit_entries set actor = 'someone-else' where seq = 0`);
      expect(r.firstFailure).toEqual({
        seq: 0,
        reason: 'entry 0 was altered: its leaf hash does not match its content',
      });
    });

    it('a deleted entry', async () => {
      const r = await tamper(sql`delete from audit_entries where seq = 2`);
      expect(r.firstFailure?.seq).toBe(2);
    });

    it('an edited tree node', async () => {
      const r = await tamper(
        sql`update audit_nodes set hash = ${'0'.repeat(64)} where level = 1 and idx = 0`,
      );
      expect(r.firstFailure?.reason).toMatch(/tree node 1:0 is missing or altered/);
    });

    it('an edited listing, and an un-ended listing', async () => {
      const spcAgency: Principal = { role: 'agency', agency: 'spc', actor: 'test:spc' };
      const created = await createListing(t.ctx, spcAgency, {
        list: 'spc.defaulters',
        subject: person(9),
        severity: 'general',
        decisionNumber: '(2026)测执1号',
        conductAt: '2025-01-01',
        decidedAt: '2026-01-01',
        reason: '拒不履行',
      });
      await endListing(t.ctx, spcAgency, created.listing.id, { reason: 'repaired' });
      expect((await verifyLog(t.ctx)).ok).toBe(true);
      await sql`update listings set ends_at = '2099-01-01T00:00:00.000Z' where id = ${created.listing.id}`.execute(
        t.ctx.store.db,
      );
      expect((await verifyLog(t.ctx)).firstFailure?.reason).toMatch(/listing \d+ was altered/);
      await sql`update listings set ends_at = ${created.listing.ends_at} where id = ${created.listing.id}`.execute(
        t.ctx.store.db,
      );
      expect((await verifyLog(t.ctx)).ok).toBe(true);
      await sql`update listings set ended_at = null, end_reason = null, end_audit_seq = null where id = ${created.listing.id}`.execute(
        t.ctx.store.db,
      );
      expect((await verifyLog(t.ctx)).firstFailure?.reason).toMatch(
        /the end of listing \d+ .* is missing or altered/,
      );
    });

    it('a truncated log against an earlier signed head', async () => {
      const key = await loadOrCreateSigningKey(t.ctx.store);
      const head = await signedHead(t.ctx, key);
      await write(4);
      expect((await verifyLog(t.ctx, { against: head, publicKeyPem: key.publicKeyPem })).ok).toBe(true);
      // Rewrite history: drop the newest entries and everything they covered, and reset the head to match.
      await sql`delete from records where audit_seq >= 4`.execute(t.ctx.store.db);
      await sql`delete from audit_entries where seq >= 4`.execute(t.ctx.store.db);
      await sql`delete from audit_nodes where idx * power(2, level) + power(2, level) > 4`.execute(
        t.ctx.store.db,
      );
      const partial = await inclusionProof(t.ctx, 3, { treeSize: 4 });
      await sql`update audit_state set size = 4, root = ${partial.rootHash}`.execute(t.ctx.store.db);
      const r = await verifyLog(t.ctx, { against: head, publicKeyPem: key.publicKeyPem });
      expect(r.ok).toBe(false);
      expect(r.against?.reason).toMatch(/truncated/);
    });
  });
});

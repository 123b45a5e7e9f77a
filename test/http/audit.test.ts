// The audit log over HTTP, checked the way an outside client would: the signed head against the published key,
// inclusion proofs (of an entry and of one read inside a group-committed entry) and consistency proofs, with
// nothing but the RFC 6962 verification functions and the documented byte formats.
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryLeafHash, recordItem } from '../../src/domain/audit/entry.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/domain/audit/merkle.js';
import { canonicalJson, sha256Hex } from '../../src/domain/canonical-json.js';
import { checkInclusionProof, type InclusionProof, verifySignedHead } from '../../src/services/audit.js';
import {
  bearer,
  expectProblem,
  postRecord,
  recordBody,
  type TestApp,
  testApp,
  tokenFor,
} from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS } from '../support/stores.js';

interface Head {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  algorithm: string;
  keyId: string;
  signature: string;
}

describe.each(DIALECTS)('the audit log over HTTP on %s', (dialect) => {
  let t: TestApp;
  let samr: string;
  let operator: string;
  let publicKeyPem: string;

  const head = async (): Promise<Head> => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
    expect(res.statusCode).toBe(200);
    return res.json() as Head;
  };
  const proof = async (seq: number, query = '', token = operator) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/entries/${seq}/proof${query}`,
      headers: bearer(token),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InclusionProof;
  };
  /** What a client does with an entry proof: recompute the leaf from the entry, walk the path to the root. */
  const clientVerifiesEntry = (p: InclusionProof) =>
    entryLeafHash(p.entry) === p.leafHash &&
    p.entry.seq === p.leafIndex &&
    verifyInclusion(p.leafIndex, p.treeSize, p.leafHash, p.auditPath, p.rootHash);

  beforeAll(async () => {
    t = await testApp(dialect);
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    operator = await tokenFor(t.ctx, { role: 'operator' });
    const key = await t.app.inject({ method: 'GET', url: '/api/v1/audit/key' });
    expect(key.statusCode).toBe(200);
    expect(key.json().algorithm).toBe('Ed25519');
    publicKeyPem = key.json().publicKeyPem;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves a head signed with the published key, over the documented bytes', async () => {
    const h = await head();
    expect(h.algorithm).toBe('Ed25519');
    expect(h.treeSize).toBeGreaterThanOrEqual(2); // the two tokens
    expect(h.rootHash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignedHead(h as never, publicKeyPem)).toBe(true);
    // Independently of the service code: Ed25519 over the canonical JSON named in the API description.
    const bytes = `{"log":"xinyong-audit-v1","rootHash":"${h.rootHash}","timestamp":"${h.timestamp}","treeSize":${h.treeSize}}`;
    expect(
      verify(null, Buffer.from(bytes), createPublicKey(publicKeyPem), Buffer.from(h.signature, 'base64')),
    ).toBe(true);
    // A forged size does not verify.
    expect(verifySignedHead({ ...h, treeSize: h.treeSize + 1 } as never, publicKeyPem)).toBe(false);
    const key = await t.app.inject({ method: 'GET', url: '/api/v1/audit/key' });
    expect(key.json().keyId).toBe(h.keyId);
  });

  it('grows by one entry per write, and not for a replay or a refused write', async () => {
    const body = recordBody({ subject: company(301), name: '杭州云帆网络科技有限公司', externalId: 'AU-1' });
    let size = (await head()).treeSize;
    const created = await postRecord(t.app, samr, body);
    expect(created.statusCode).toBe(201);
    expect((await head()).treeSize).toBe(++size);
    // The record names its entry, and the entry covers exactly that record's content.
    const rec = created.json();
    expect(rec.auditSeq).toBe(size - 1);
    const p = await proof(rec.auditSeq);
    expect(p.entry).toMatchObject({ action: 'record.create', target: `record:${rec.id}`, agency: 'samr' });
    expect(p.entry.contentHash).toBe(
      sha256Hex(recordItem({ id: rec.id, version: rec.version, contentHash: rec.contentHash })),
    );
    expect(clientVerifiesEntry(p)).toBe(true);

    expect((await postRecord(t.app, samr, body)).statusCode).toBe(200);
    expect((await head()).treeSize).toBe(size);
    expect((await postRecord(t.app, samr, { ...body, fields: { x: 1 } })).statusCode).toBe(422);
    expect((await head()).treeSize).toBe(size);

    const corrected = await postRecord(t.app, samr, {
      ...body,
      fields: { ...body.fields, fineAmount: 1 },
      correction: { reason: '更正' },
    });
    expect(corrected.statusCode).toBe(201);
    expect((await head()).treeSize).toBe(++size);
    expect((await proof(size - 1)).entry.action).toBe('record.correct');

    const rel = await t.app.inject({
      method: 'POST',
      url: '/api/v1/relations',
      headers: bearer(samr),
      payload: {
        from: company(301),
        to: { id: person(301), name: '陈明' },
        role: 'director',
        since: '2022-01-01',
      },
    });
    expect(rel.statusCode, rel.body).toBe(201);
    expect((await head()).treeSize).toBe(++size);
    expect((await proof(size - 1)).entry.action).toBe('relation.create');

    const tok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(operator),
      payload: { role: 'enforcer' },
    });
    expect(tok.statusCode, tok.body).toBe(201);
    expect((await head()).treeSize).toBe(++size);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${tok.json().id}`,
      headers: bearer(operator),
    });
    expect(revoke.statusCode).toBe(204);
    expect((await head()).treeSize).toBe(++size);
  });

  it('logs a read of a credit file, provable item by item', async () => {
    const id = company(302);
    const created = await postRecord(t.app, samr, recordBody({ subject: id, externalId: 'AU-2' }));
    const subjectId = created.json().subject.id as number;
    const before = (await head()).treeSize;
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${id}` });
    expect(read.statusCode).toBe(200);
    // The read is in the log before it is answered.
    const after = await head();
    expect(after.treeSize).toBe(before + 1);
    const seq = before;

    const p = await proof(seq, '?item=0');
    expect(p.entry).toMatchObject({ seq, action: 'file.read', itemCount: 1 });
    expect(p.treeSize).toBe(after.treeSize);
    expect(p.rootHash).toBe(after.rootHash);
    expect(clientVerifiesEntry(p)).toBe(true);
    // The item: a canonical JSON document naming the subject and the caller; its leaf is in the items tree whose
    // root the entry carries.
    const item = p.item!;
    expect(item.item).toMatchObject({ subjectId, role: 'public' });
    expect(leafHash(canonicalJson(item.item))).toBe(item.itemHash);
    expect(item.itemsRoot).toBe(p.entry.itemsRoot);
    expect(verifyInclusion(item.index, p.entry.itemCount, item.itemHash, item.path, item.itemsRoot)).toBe(
      true,
    );
    expect(checkInclusionProof(p)).toBe(true);
    // A tampered item does not verify.
    expect(
      checkInclusionProof({ ...p, item: { ...item, item: { ...(item.item as object), role: 'operator' } } }),
    ).toBe(false);
    expectProblem(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit/entries/${seq}/proof?item=1`,
        headers: bearer(operator),
      }),
      404,
    );
  });

  it('group-commits concurrent reads, each still provable', async () => {
    const ids = [303, 304, 305, 306, 307, 308].map((n) => company(n));
    for (const [i, id] of ids.entries())
      expect(
        (await postRecord(t.app, samr, recordBody({ subject: id, externalId: `AU-G${i}` }))).statusCode,
      ).toBe(201);
    const before = (await head()).treeSize;
    const reads = await Promise.all(
      ids.map((id) => t.app.inject({ method: 'GET', url: `/api/v1/subjects/${id}` })),
    );
    expect(reads.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    const after = (await head()).treeSize;
    expect(after).toBeGreaterThan(before);
    expect(after - before).toBeLessThanOrEqual(ids.length);
    let items = 0;
    for (let seq = before; seq < after; seq++) {
      const e = await proof(seq);
      expect(e.entry.action).toBe('file.read');
      for (let i = 0; i < e.entry.itemCount; i++) {
        const p = await proof(seq, `?item=${i}`);
        expect(checkInclusionProof(p)).toBe(true);
        expect(
          verifyInclusion(i, p.entry.itemCount, p.item!.itemHash, p.item!.path, p.entry.itemsRoot!),
        ).toBe(true);
        items++;
      }
    }
    expect(items).toBe(ids.length);
  });

  it('proves every entry against the current head and against earlier sizes', async () => {
    const h = await head();
    for (let seq = 0; seq < h.treeSize; seq++) {
      const p = await proof(seq);
      expect(p.rootHash).toBe(h.rootHash);
      expect(clientVerifiesEntry(p), `entry ${seq}`).toBe(true);
      // Against a smaller tree that holds it: the root is that of the consistency endpoint for the size.
      const size = seq + 1 + Math.floor((h.treeSize - seq - 1) / 2);
      const q = await proof(seq, `?treeSize=${size}`);
      expect(q.treeSize).toBe(size);
      expect(clientVerifiesEntry(q), `entry ${seq} in a tree of ${size}`).toBe(true);
      const c = await t.app.inject({ method: 'GET', url: `/api/v1/audit/consistency?from=${size}` });
      expect(c.json().fromRoot).toBe(q.rootHash);
    }
  });

  it('proves the log now is a consistent extension of an earlier head', async () => {
    const earlier = await head();
    for (let i = 0; i < 5; i++)
      expect(
        (await postRecord(t.app, samr, recordBody({ subject: company(310 + i), externalId: `AU-C${i}` })))
          .statusCode,
      ).toBe(201);
    const now = await head();
    expect(now.treeSize).toBe(earlier.treeSize + 5);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/consistency?from=${earlier.treeSize}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json() as { from: number; to: number; fromRoot: string; toRoot: string; proof: string[] };
    expect(c).toMatchObject({
      from: earlier.treeSize,
      to: now.treeSize,
      fromRoot: earlier.rootHash,
      toRoot: now.rootHash,
    });
    expect(verifyConsistency(earlier.treeSize, now.treeSize, earlier.rootHash, now.rootHash, c.proof)).toBe(
      true,
    );
    // The proof does not fit a forged earlier root.
    expect(verifyConsistency(earlier.treeSize, now.treeSize, now.rootHash, now.rootHash, c.proof)).toBe(
      false,
    );

    // Every pair of sizes.
    const roots = new Map<number, string>();
    for (let from = 1; from <= now.treeSize; from++) {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/audit/consistency?from=${from}` });
      roots.set(from, r.json().fromRoot);
    }
    for (let from = 1; from <= now.treeSize; from++) {
      for (const to of [
        from,
        Math.min(now.treeSize, from + 1),
        Math.min(now.treeSize, from * 2 + 1),
        now.treeSize,
      ]) {
        const r = await t.app.inject({
          method: 'GET',
          url: `/api/v1/audit/consistency?from=${from}&to=${to}`,
        });
        expect(r.statusCode).toBe(200);
        const body = r.json();
        expect(body.fromRoot).toBe(roots.get(from));
        expect(body.toRoot).toBe(roots.get(to));
        expect(verifyConsistency(from, to, body.fromRoot, body.toRoot, body.proof), `${from}→${to}`).toBe(
          true,
        );
      }
    }
  });

  it('answers 404 for an entry beyond the head, 422 for a size beyond the log, 401 without a token', async () => {
    const h = await head();
    expectProblem(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit/entries/${h.treeSize}/proof`,
        headers: bearer(operator),
      }),
      404,
    );
    expectProblem(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/audit/entries/0/proof?treeSize=${h.treeSize + 1}`,
        headers: bearer(operator),
      }),
      422,
    );
    expectProblem(
      await t.app.inject({ method: 'GET', url: `/api/v1/audit/consistency?from=${h.treeSize + 1}` }),
      422,
    );
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/audit/consistency?from=0' }), 422);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/audit/entries/0/proof' }), 401);
    // A subject may get a proof too.
    const subject = await tokenFor(t.ctx, { role: 'subject', subject: company(301) });
    expect(clientVerifiesEntry(await proof(0, '', subject))).toBe(true);
  });
});

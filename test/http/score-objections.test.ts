// Objections and scores on both stores. A score is derived from the records its ledger names: an objection to the
// score.result record itself is refused at filing, naming those records, and an objection to one of them upheld
// moves the score. A score record withdrawn anyway (an objection upheld before the rule, in an existing database)
// does not kill the score on file: the keeper writes it again under a fresh externalId, and the scores endpoint
// reports the record that is on file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLog } from '../../src/services/verify-log.js';
import { bearer, expectProblem, multipartBody, type TestApp, testApp, tokenFor } from '../support/http.js';
import { person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';
import { until } from '../support/until.js';

interface ScoreItem {
  scheme: string;
  score: number;
  ledger: { rule: string; inputs: string[] }[];
  onFile?: { score: number; grade: string; record: number };
}

interface FileRecord {
  id: number;
  type: string;
  externalId: string;
  underObjection?: unknown;
}

describe.each(DIALECTS)('objections and scores on %s', (dialect) => {
  let t: TestApp;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const resident = person(331, '361002');
  let self: string;
  let sgcc: string;
  let fuzhouDrc: string;
  const base = `fuzhou.points/${resident}`;

  const send = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const bill = async (n: number, daysOverdue: number) => {
    const res = await send('POST', '/api/v1/records', sgcc, {
      type: 'utility.payment',
      subject: { id: resident, name: '黄异议' },
      externalId: `SO-${n}`,
      occurredAt: `2026-0${n}-05`,
      fields: {
        utility: 'electricity',
        provider: '国网江西省电力有限公司抚州供电分公司',
        billingMonth: `2025-0${n}`,
        amountBilled: 300,
        amountPaid: 0,
        status: 'in-arrears',
        daysOverdue,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: number }).id;
  };
  const fuzhou = async () => {
    const res = await send('GET', `/api/v1/subjects/${resident}/scores`, self);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: ScoreItem[] }).items.find((i) => i.scheme === 'fuzhou.points')!;
  };
  /** The score once the keeper has written it: the record on file holds the score computed now. */
  const written = (unlike?: number) =>
    until(async () => {
      const s = await fuzhou();
      return s.onFile && s.onFile.score === s.score && s.onFile.record !== unlike ? s : undefined;
    });
  const scoreRecords = async () => {
    const res = await send('GET', `/api/v1/subjects/${resident}`, self);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { records: FileRecord[] }).records.filter((r) => r.type === 'score.result');
  };
  const objectionCount = async () =>
    Number(
      (
        await t.ctx.store.db
          .selectFrom('objections')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /**
   * An objection to a score record as a database from before the rule holds it (filed when filing still took it),
   * upheld by the scheme's owner through the API: the record is withdrawn.
   */
  const upholdLegacyObjection = async (record: number) => {
    const subjectId = (
      await t.ctx.store.db
        .selectFrom('subjects')
        .select('id')
        .where('identifier', '=', resident)
        .executeTakeFirstOrThrow()
    ).id;
    const o = await t.ctx.store.db
      .insertInto('objections')
      .values({
        item_type: 'record',
        item_id: record,
        subject_id: subjectId,
        agency: 'drc.fuzhou',
        filed_by: `subject:${resident}`,
        filed_role: 'subject',
        reason: '评分有误',
        state: 'pending',
        filed_at: clock.now(),
        due_at: '2026-11-16T16:00:00.000Z',
        extended_at: null,
        extension_reason: null,
        decided_at: null,
        decided_by: null,
        outcome_reason: null,
        escalated_at: null,
        idempotency_key: null,
        audit_seq: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.ctx.store.db
      .updateTable('records')
      .set({ objection_id: o.id })
      .where('id', '=', record)
      .execute();
    const res = await send('POST', `/api/v1/objections/${o.id}/decision`, fuzhouDrc, {
      outcome: 'upheld',
      reason: '经复核，评分记录撤回',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawnRecord: record });
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock, scores: true });
    sgcc = await tokenFor(t.ctx, { role: 'agency', agency: 'sgcc' });
    fuzhouDrc = await tokenFor(t.ctx, { role: 'agency', agency: 'drc.fuzhou' });
    await bill(1, 170);
    await bill(2, 160);
    self = await tokenFor(t.ctx, { role: 'subject', subject: resident });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an objection to a score record at filing, naming the records its ledger rests on', async () => {
    const s = await written();
    expect(s.score).toBe(780); // 800, two bills over the limits at −10 each
    const inputs = [...new Set(s.ledger.flatMap((e) => e.inputs))];
    expect(inputs.length).toBe(2);
    const body = { itemType: 'record', item: s.onFile!.record, reason: '评分计算有误，请撤回' };
    for (const token of [self, await tokenFor(t.ctx, { role: 'operator' })]) {
      const refused = expectProblem(await send('POST', '/api/v1/objections', token, body), 422);
      expect(refused.errors).toHaveLength(1);
      expect(refused.errors[0]!.pointer).toBe('/item');
      expect(refused.errors[0]!.reason).toMatch(/score/);
      for (const input of inputs) expect(refused.errors[0]!.reason).toContain(input);
      expect(refused.detail).toMatch(/ledger/);
    }
    // Nothing was filed, and the score is not under objection.
    expect(await objectionCount()).toBe(0);
    const [onFile] = await scoreRecords();
    expect(onFile).toMatchObject({ id: s.onFile!.record, externalId: base });
    expect(onFile!.underObjection ?? null).toBeNull();
  });

  it('lets no agency submit a score, by the records API or by import, not even the scheme’s owner', async () => {
    const s = await written();
    const made = {
      type: 'score.result',
      subject: { id: resident },
      externalId: 'made-up-1',
      occurredAt: '2026-11-01T00:00:00.000Z',
      fields: { scheme: 'fuzhou.points', score: 1000, grade: 'AAA', start: 800, ledger: [] },
    };
    const refused = expectProblem(await send('POST', '/api/v1/records', fuzhouDrc, made), 403);
    expect(refused.errors[0]).toMatchObject({ pointer: '/type' });
    expect(refused.errors[0]!.reason).toMatch(/scoring engine/);
    const { payload, contentType } = await multipartBody(
      [
        ['type', 'score.result'],
        ['format', 'ndjson'],
        ['encoding', 'utf8'],
      ],
      [{ part: 'file', name: 'scores.ndjson', content: `${JSON.stringify(made)}\n` }],
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...bearer(fuzhouDrc), 'content-type': contentType },
      payload,
    });
    expect(expectProblem(upload, 403).errors[0]).toMatchObject({ pointer: '/type' });
    // The score on file is still the engine's.
    const [onFile] = await scoreRecords();
    expect(onFile).toMatchObject({ id: s.onFile!.record, externalId: base });
    expect((await scoreRecords()).length).toBe(1);
  });

  it('moves the score when an objection to a record its ledger names is upheld', async () => {
    const s = await written();
    const input = s.ledger.find((e) => e.rule === 'electricity-arrears')!.inputs[0]!;
    const filed = await send('POST', '/api/v1/objections', self, {
      itemType: 'record',
      item: Number(input.replace('record:', '')),
      reason: '该账单已按时缴清，系供电公司错报',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const decided = await send('POST', `/api/v1/objections/${filed.json().id}/decision`, sgcc, {
      outcome: 'upheld',
      reason: '经核实，系错报',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    // The keeper follows the withdrawal: the score record is corrected (the same externalId, its next version).
    const after = await written(s.onFile!.record);
    expect(after.score).toBe(790);
    expect(after.ledger.flatMap((e) => e.inputs)).not.toContain(input);
    const records = await scoreRecords();
    expect(records).toEqual([expect.objectContaining({ id: after.onFile!.record, externalId: base })]);
  });

  it('writes a score again under a fresh externalId when its record was withdrawn anyway', async () => {
    const before = await written();
    await upholdLegacyObjection(before.onFile!.record);
    // The keeper follows the withdrawal at once: the same result, as a new record under a fresh externalId.
    const again = await written(before.onFile!.record);
    expect(again.onFile).toMatchObject({ score: 790 });
    let records = await scoreRecords();
    expect(records).toEqual([expect.objectContaining({ id: again.onFile!.record, externalId: `${base}#2` })]);
    const withdrawn = await t.ctx.store.db
      .selectFrom('records')
      .select(['superseded_at', 'correction_reason'])
      .where('id', '=', before.onFile!.record)
      .executeTakeFirstOrThrow();
    expect(withdrawn.superseded_at).not.toBeNull();
    expect(withdrawn.correction_reason).toMatch(/^withdrawn: objection \d+ upheld/);

    // Later results are corrections of the fresh record, as before.
    await bill(3, 170);
    const moved = await written(again.onFile!.record);
    expect(moved.score).toBe(780);
    records = await scoreRecords();
    expect(records).toEqual([expect.objectContaining({ id: moved.onFile!.record, externalId: `${base}#2` })]);
    const version = await t.ctx.store.db
      .selectFrom('records')
      .select('version')
      .where('id', '=', moved.onFile!.record)
      .executeTakeFirstOrThrow();
    expect(version.version).toBe(2);

    // Withdrawn a second time: the next fresh externalId.
    await upholdLegacyObjection(moved.onFile!.record);
    const third = await written(moved.onFile!.record);
    expect(third.onFile).toMatchObject({ score: 780 });
    records = await scoreRecords();
    expect(records).toEqual([expect.objectContaining({ id: third.onFile!.record, externalId: `${base}#3` })]);
    expect((await verifyLog(t.ctx)).ok).toBe(true);
  });
});

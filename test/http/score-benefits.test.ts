// A grade's benefit answered by the check API, end to end on both stores: records arrive, the score keeper writes the
// Weihai score into the file, the grade index follows, and an enforcer's check of `library.deposit-free` answers
// `reward` with the scheme and grade as its reasons — for AA, by hand 1000 + 30 (more than 100 volunteer hours in a
// year) = 1030 — while a resident at 1000 + 10 = 1010 (A, no benefit) is answered `allow`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type TestApp, testApp, tokenFor } from '../support/http.js';
import { person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';
import { until } from '../support/until.js';

interface Answer {
  decision: string;
  reasons: { effect: string; measure?: string; scheme?: string; grade?: string; score?: number }[];
}

describe.each(DIALECTS)('a grade benefit through the check API on %s', (dialect) => {
  let t: TestApp;
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const volunteer = person(411, '371002');
  const neighbour = person(412, '371002');
  let enforcer: string;

  const volunteered = async (subject: string, externalId: string, hours: number) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/records',
      headers: bearer(await tokenFor(t.ctx, { role: 'agency', agency: 'mca' })),
      payload: {
        type: 'civic.volunteering',
        subject: { id: subject },
        externalId,
        occurredAt: '2026-06-30',
        fields: {
          organization: '威海市志愿者协会',
          category: 'community-service',
          periodFrom: '2026-01-01',
          periodTo: '2026-06-30',
          hours,
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const check = async (subject: string): Promise<Answer> => {
    const res = await t.app.inject({
      url: `/api/v1/check?subject=${subject}&action=library.deposit-free`,
      headers: bearer(enforcer),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Answer;
  };
  const weihai = async (subject: string) => {
    const res = await t.app.inject({
      url: `/api/v1/subjects/${subject}/scores?scheme=weihai.points`,
      headers: bearer(await tokenFor(t.ctx, { role: 'operator' })),
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { score: number; grade: string; onFile?: { grade: string } }[] })
      .items[0]!;
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock, scores: true });
    enforcer = await tokenFor(t.ctx, { role: 'enforcer' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers reward for a Weihai AA resident, with the scheme and grade as reasons; allow for an A resident', async () => {
    // Before any record: 1000, grade A, no benefit.
    expect((await check(volunteer)).decision).toBe('allow');
    await volunteered(volunteer, 'V-411', 120);
    await volunteered(neighbour, 'V-412', 20);
    expect(await weihai(volunteer)).toMatchObject({ score: 1030, grade: 'AA' });
    expect(await weihai(neighbour)).toMatchObject({ score: 1010, grade: 'A' });
    // The keeper writes the score into the file; the grade index follows it.
    const rewarded = await until(async () => {
      const a = await check(volunteer);
      return a.decision === 'reward' ? a : undefined;
    });
    expect(rewarded.reasons).toEqual([
      expect.objectContaining({
        effect: 'reward',
        measure: 'weihai.library-deposit-free',
        scheme: 'weihai.points',
        grade: 'AA',
        score: 1030,
      }),
    ]);
    await until(async () => ((await weihai(neighbour)).onFile?.grade === 'A' ? true : undefined));
    const plain = await check(neighbour);
    expect(plain.decision).toBe('allow');
    expect(plain.reasons).toEqual([]);
  });
});

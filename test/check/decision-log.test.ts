// The decision log: every answer found again by its decision id (pages of entries, across page boundaries and
// processes), refusals counted by month, and logs written before pages existed still readable.
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionLog, findDecision } from '../../src/check/decision-log.js';
import type { Decision, Reason } from '../../src/domain/check/evaluate.js';
import type { Principal } from '../../src/domain/principal.js';
import { openStore, type Store } from '../../src/store/database.js';
import { decisionCounts } from '../../src/store/decisions.js';
import { migrations } from '../../src/store/migrations/index.js';
import { DIALECTS, freshDatabase, type TestStore } from '../support/stores.js';

const reason: Reason = {
  effect: 'deny',
  measure: 'transport.air.ticket',
  memorandum: 'court-defaulters-2016',
  list: 'spc.defaulters',
  listing: 7,
  basis: [{ title: '最高人民法院关于公布失信被执行人名单信息的若干规定', article: '第一条' }],
  until: '2028-01-01T00:00:00.000Z',
};

describe.each(DIALECTS)('the decision log on %s', (dialect) => {
  let db: TestStore | undefined;
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await db?.drop();
  });

  it('finds every entry by its id across pages and processes, and counts decisions by month', async () => {
    db = await freshDatabase(dialect);
    const a = await openStore(db.url);
    const b = await openStore(db.url);
    stores.push(a, b);
    const logs = [new DecisionLog(a), new DecisionLog(b)];
    const callers: Principal[] = [
      { role: 'enforcer', actor: 'token:aaaaaaaaaaaa' },
      { role: 'operator', actor: 'token:bbbbbbbbbbbb', agency: 'ndrc' },
    ];
    const at0 = Date.parse('2026-10-31T15:59:59.000Z'); // the last second of October in Shanghai …
    const made: { id: string; at: string; caller: string; decision: Decision; subject: string }[] = [];
    for (let i = 0; i < 2600; i++) {
      const ms = at0 + i; // … and from the thousandth entry on, November
      const decision: Decision = i % 10 === 0 ? 'deny' : 'allow';
      const answer = {
        at: new Date(ms).toISOString(),
        subject: `S${i}`,
        action: 'air.ticket.purchase',
        decision,
        reasons: decision === 'deny' ? [reason] : [],
      };
      const id = logs[i % 2]!.record(callers[i % 2]!, answer, ms);
      made.push({ id, at: answer.at, caller: callers[i % 2]!.actor, decision, subject: answer.subject });
    }
    await Promise.all(logs.map((l) => l.close()));
    expect(logs[0]!.written + logs[1]!.written).toBe(2600);
    expect(new Set(made.map((m) => m.id)).size).toBe(2600);
    // Ids sort by time within a process.
    const first = made.filter((_, i) => i % 2 === 0).map((m) => m.id);
    expect([...first].sort()).toEqual(first);

    for (const m of [made[0]!, made[1]!, made[999]!, made[1000]!, made[1998]!, made[2001]!, made[2599]!]) {
      const e = await findDecision(a.db, m.id);
      expect(e, m.id).toMatchObject({
        id: m.id,
        at: m.at,
        caller: m.caller,
        subject: m.subject,
        decision: m.decision,
      });
    }
    const denied = await findDecision(b.db, made[0]!.id);
    const { basis: _basis, ...chain } = reason;
    expect(denied?.reasons).toEqual([chain]);
    expect(await findDecision(a.db, `${made[0]!.id.slice(0, -2)}zz`)).toBeUndefined();
    expect(await findDecision(a.db, 'dec_nothing-00')).toBeUndefined();
    expect(await findDecision(a.db, 'not-an-id')).toBeUndefined();

    const counts = (await decisionCounts(a.db, 'deny')).map((c) => ({ ...c, n: Number(c.n) }));
    expect(counts.sort((x, y) => x.month.localeCompare(y.month))).toEqual([
      { month: '2026-10', action: 'air.ticket.purchase', decision: 'deny', n: 100 },
      { month: '2026-11', action: 'air.ticket.purchase', decision: 'deny', n: 160 },
    ]);
  });

  it('keeps every shape of reason without its basis, in a page whose text is what JSON.stringify writes', async () => {
    db = await freshDatabase(dialect);
    const store = await openStore(db.url);
    stores.push(store);
    const log = new DecisionLog(store);
    const officer: Reason = {
      ...reason,
      listing: 8,
      via: { role: 'legal-representative', entity: '91110000100000000A' },
      underObjection: { objection: 3 },
    };
    const grade: Reason = {
      effect: 'reward',
      measure: 'library.deposit-free',
      scheme: 'fuzhou.points',
      grade: '优',
      score: 880,
      basis: [{ title: '福州市个人信用积分管理办法', article: '第十条' }],
    };
    const caller: Principal = { role: 'enforcer', actor: 'token:aaaaaaaaaaaa' };
    const shapes: Reason[][] = [[reason, officer], [grade], [], [reason, officer]];
    const ids = shapes.map((reasons, i) =>
      log.record(
        caller,
        {
          at: '2026-11-02T02:00:00.000Z',
          subject: `S${i}`,
          action: 'air.ticket.purchase',
          decision: reasons.length === 0 ? 'allow' : reasons[0]!.effect,
          reasons,
        },
        Date.parse('2026-11-02T02:00:00.000Z'),
      ),
    );
    await log.close();
    for (const [i, id] of ids.entries()) {
      const e = await findDecision(store.db, id);
      expect(e?.reasons).toEqual(shapes[i]!.map(({ basis: _basis, ...chain }) => chain));
    }
    const page = await store.db.selectFrom('decision_pages').select('entries').executeTakeFirstOrThrow();
    expect(page.entries).toBe(JSON.stringify(JSON.parse(page.entries)));
    // Four entries, each with reasons other than its neighbour’s: four runs.
    expect((JSON.parse(page.entries) as { reasons: unknown[] }).reasons).toHaveLength(4);
  });

  it('keeps each chain of a page once, and reads pages written before chains were', async () => {
    db = await freshDatabase(dialect);
    const store = await openStore(db.url);
    stores.push(store);
    const log = new DecisionLog(store);
    const caller: Principal = { role: 'enforcer', actor: 'token:aaaaaaaaaaaa' };
    const at = '2026-11-02T02:00:00.000Z';
    const ids = [7, 8, 9].map((listing, i) =>
      log.record(
        caller,
        {
          at,
          subject: `S${i}`,
          action: 'air.ticket.purchase',
          decision: 'deny',
          reasons: [{ ...reason, listing, until: `2028-01-0${listing - 6}T00:00:00.000Z` }],
        },
        Date.parse(at),
      ),
    );
    await log.close();
    const page = await store.db
      .selectFrom('decision_pages')
      .select(['key', 'entries'])
      .executeTakeFirstOrThrow();
    // Three denials through one chain: the chain is written once, each reason as its listing and end.
    expect(page.entries.split('court-defaulters-2016')).toHaveLength(2);
    expect(JSON.parse(page.entries)).toMatchObject({
      v: 2,
      reasons: [
        [[[0, 7, '2028-01-01T00:00:00.000Z']], 1],
        [[[0, 8, '2028-01-02T00:00:00.000Z']], 1],
        [[[0, 9, '2028-01-03T00:00:00.000Z']], 1],
      ],
    });
    const { basis: _basis, ...chain } = reason;
    expect((await findDecision(store.db, ids[2]!))?.reasons).toEqual([
      { ...chain, listing: 9, until: '2028-01-03T00:00:00.000Z' },
    ]);
    // A page as it was written before: each reason whole, no version.
    await store.db
      .insertInto('decision_pages')
      .values({
        key: 'mhx0000000000001',
        opened_at: at,
        entries: JSON.stringify({
          at: [[at, 2]],
          caller: [[caller.actor, 2]],
          agency: [[null, 2]],
          subject: ['S1', 'S2'],
          action: [['air.ticket.purchase', 2]],
          decision: [
            ['allow', 1],
            ['deny', 1],
          ],
          reasons: [
            [null, 1],
            [[chain], 1],
          ],
        }),
      })
      .execute();
    expect(await findDecision(store.db, 'dec_mhx0000000000001-01')).toMatchObject({
      subject: 'S2',
      decision: 'deny',
      reasons: [chain],
    });
    expect((await findDecision(store.db, 'dec_mhx0000000000001-00'))?.reasons).toEqual([]);
  });

  it('keeps entries written before pages, under their ids, and counts them', async () => {
    db = await freshDatabase(dialect);
    const store = await openStore(db.url, { migrate: false });
    stores.push(store);
    const migrator = new Migrator({ db: store.db, provider: migrations(store.dialect) });
    const to2 = await migrator.migrateTo('0002-listings');
    expect(to2.error).toBeUndefined();
    const old = store.db as unknown as import('kysely').Kysely<{
      decisions: Record<'id' | 'at' | 'caller' | 'subject' | 'action' | 'decision' | 'reasons', string> & {
        agency: string | null;
      };
    }>;
    await old
      .insertInto('decisions')
      .values([
        {
          id: 'dec_mhx1a2b3c4d5e0001',
          at: '2026-09-01T01:00:00.000Z',
          caller: 'token:aaaaaaaaaaaa',
          agency: null,
          subject: '11010519491231002X',
          action: 'rail.ticket.hsr',
          decision: 'deny',
          reasons: JSON.stringify([
            { effect: 'deny', measure: 'm', memorandum: 'x', list: 'spc.defaulters', listing: 1, until: 'u' },
          ]),
        },
        {
          id: 'dec_mhx1a2b3c4d5e0002',
          at: '2026-09-01T01:00:01.000Z',
          caller: 'token:aaaaaaaaaaaa',
          agency: null,
          subject: '110105194912310029',
          action: 'rail.ticket.hsr',
          decision: 'allow',
          reasons: '[]',
        },
      ])
      .execute();
    const latest = await migrator.migrateToLatest();
    expect(latest.error).toBeUndefined();
    expect(await findDecision(store.db, 'dec_mhx1a2b3c4d5e0001')).toMatchObject({
      subject: '11010519491231002X',
      decision: 'deny',
      reasons: [{ list: 'spc.defaulters', listing: 1 }],
    });
    expect((await findDecision(store.db, 'dec_mhx1a2b3c4d5e0002'))?.decision).toBe('allow');
    expect((await decisionCounts(store.db, 'deny')).map((c) => [c.month, c.action, Number(c.n)])).toEqual([
      ['2026-09', 'rail.ticket.hsr', 1],
    ]);
  });
});

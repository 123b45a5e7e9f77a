// Notices end to end on both stores, against a real SMTP server and a real webhook receiver started here: a
// company's listing tells the company and its legal representative (inbox, e-mail, signed webhooks) and the
// agencies that subscribed; the notice says what, why, when, the consequences and how to object and repair.
// The outbox is made with the listing; two dispatchers at once deliver each row once; a failing receiver is
// retried with backoff and ends as a dead letter; a crashed dispatcher's claim runs out and its rows go out.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeDispatcher, signature } from '../../src/services/notice-dispatcher.js';
import { bearer, expectProblem, type TestApp, testApp, tokenFor } from '../support/http.js';
import { company, person } from '../support/identifiers.js';
import { DIALECTS, TestClock } from '../support/stores.js';

interface Received {
  path: string;
  delivery: string;
  timestamp: string;
  signature: string | undefined;
  body: string;
}

describe.each(DIALECTS)('notices on %s', (dialect) => {
  let t: TestApp;
  let spc: string;
  let samr: string;
  let operator: string;
  let repToken: string;
  let firmToken: string;
  let webhooks: Server;
  let smtp: SMTPServer;
  let hookUrl: string;
  let smtpUrl: string;
  const received: Received[] = [];
  const mails: string[] = [];
  const clock = new TestClock('2026-11-02T02:00:00.000Z');
  const firm = company(901);
  const rep = person(901);

  const send = (method: 'GET' | 'POST' | 'PUT', url: string, token?: string, payload?: object) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
  const dispatcher = (extra: object = {}) =>
    new NoticeDispatcher(t.ctx, {
      smtpUrl,
      maxAttempts: 3,
      baseDelayMs: 1000,
      batch: 2,
      timeoutMs: 5000,
      allowPrivateAddresses: true, // the receiver is on this machine
      ...extra,
    });
  const listFirm = (n: number) =>
    send('POST', '/api/v1/listings', spc, {
      list: 'spc.defaulters',
      subject: firm,
      severity: 'general',
      decisionNumber: `(2026)京0105执90${n}号`,
      conductAt: '2026-03-01',
      decidedAt: '2026-11-01',
      reason: '有履行能力而拒不履行生效法律文书确定的义务',
    });

  beforeAll(async () => {
    webhooks = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          delivery: String(req.headers['x-xinyong-delivery']),
          timestamp: String(req.headers['x-xinyong-timestamp']),
          signature: req.headers['x-xinyong-signature'] as string | undefined,
          body: Buffer.concat(parts).toString(),
        });
        res.statusCode = req.url === '/flaky' ? 500 : 204;
        res.end();
      });
    });
    webhooks.listen(0, '127.0.0.1');
    await once(webhooks, 'listening');
    hookUrl = `http://127.0.0.1:${(webhooks.address() as AddressInfo).port}`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const parts: Buffer[] = [];
        stream.on('data', (d: Buffer) => parts.push(d));
        stream.on('end', () => {
          mails.push(Buffer.concat(parts).toString());
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

    t = await testApp(dialect, { clock });
    spc = await tokenFor(t.ctx, { role: 'agency', agency: 'spc' });
    samr = await tokenFor(t.ctx, { role: 'agency', agency: 'samr' });
    operator = await tokenFor(t.ctx, { role: 'operator' });
    const relation = await send('POST', '/api/v1/relations', samr, {
      from: { id: firm, name: '告知示例有限公司' },
      to: { id: rep, name: '吴法代' },
      role: 'legal-representative',
      since: '2020-01-01',
    });
    expect(relation.statusCode, relation.body).toBe(201);
    repToken = await tokenFor(t.ctx, { role: 'subject', subject: rep });
    firmToken = await tokenFor(t.ctx, { role: 'subject', subject: firm });
  });
  afterAll(async () => {
    await t?.close();
    webhooks?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  let repSecret: string;
  let firmSecret: string;
  let agencySecret: string;

  it('keeps the addresses a subject gives, each webhook with its own secret, and agencies’ subscriptions', async () => {
    const repContacts = await send('PUT', '/api/v1/me/contacts', repToken, {
      email: 'wu@example.cn',
      webhookUrl: `${hookUrl}/rep`,
    });
    expect(repContacts.statusCode, repContacts.body).toBe(200);
    repSecret = repContacts.json().webhookSecret;
    expect(repSecret).toMatch(/^whsec_/);
    firmSecret = (
      await send('PUT', '/api/v1/me/contacts', firmToken, { webhookUrl: `${hookUrl}/firm` })
    ).json().webhookSecret;
    expect(
      expectProblem(await send('PUT', '/api/v1/me/contacts', firmToken, { email: 'not-mail', fax: 1 }), 422)
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/email', '/fax']);
    const sub = await send('POST', '/api/v1/subscriptions', samr, {
      url: `${hookUrl}/agency`,
      lists: ['spc.defaulters'],
    });
    expect(sub.statusCode, sub.body).toBe(201);
    agencySecret = sub.json().secret;
    expectProblem(
      await send('POST', '/api/v1/subscriptions', samr, { url: 'ftp://x', lists: ['no.such'] }),
      422,
    );
    // A partner at the counter must not hear of a listing before it takes effect: it asks the check API.
    const airline = await tokenFor(t.ctx, { role: 'enforcer' });
    expectProblem(await send('POST', '/api/v1/subscriptions', airline, { url: `${hookUrl}/airline` }), 403);
    expectProblem(await send('POST', '/api/v1/subscriptions', repToken, { url: `${hookUrl}/x` }), 403);
  });

  it('tells the company and its legal representative, in the inbox, with what, why, when and how to object', async () => {
    const listed = await listFirm(1);
    expect(listed.statusCode, listed.body).toBe(201);
    const listingId = listed.json().id;
    // Made with the listing, before any dispatcher runs: nothing can be lost.
    const pending = await t.ctx.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('state', '=', 'pending')
      .execute();
    expect(pending.map((o) => `${o.channel} ${o.target.replace(hookUrl, '')}`).sort()).toEqual([
      'email wu@example.cn',
      'webhook /agency',
      'webhook /firm',
      'webhook /rep',
    ]);
    const repInbox = (await send('GET', '/api/v1/me/notices', repToken)).json();
    expect(repInbox).toMatchObject({ total: 1, unread: 1 });
    const n = repInbox.items[0];
    expect(n.title).toContain('法定代表人');
    expect(n.content).toMatchObject({
      listing: listingId,
      list: { code: 'spc.defaulters' },
      reach: { role: 'legal-representative', entity: { identifier: firm } },
      why: { decisionNumber: '(2026)京0105执901号' },
      effectiveAt: listed.json().effectiveAt,
      endsAt: listed.json().endsAt,
      repair: { allowed: true },
    });
    expect(n.content.why.legalBasis.length).toBeGreaterThan(0);
    expect(n.content.consequences.map((c: { action: string }) => c.action)).toContain('air.ticket.purchase');
    expect(n.content.object.how).toContain('/api/v1/objections');
    expect(n.content.object.answerWithin).toContain('10 working days');
    const firmInbox = (await send('GET', '/api/v1/me/notices', firmToken)).json();
    expect(firmInbox.items[0].content.reach).toEqual({ role: 'self', entity: null });
    const read = await send('POST', `/api/v1/me/notices/${n.id}/read`, repToken);
    expect(read.statusCode).toBe(204);
    expect((await send('GET', '/api/v1/me/notices?unread=true', repToken)).json().total).toBe(0);
    expectProblem(await send('POST', `/api/v1/me/notices/${firmInbox.items[0].id}/read`, repToken), 404);
  });

  it('delivers each outbox row once, with two dispatchers at work: e-mail over SMTP, signed webhooks', async () => {
    const a = dispatcher();
    const b = dispatcher();
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ra.sent + rb.sent).toBe(4);
    expect(ra.failed + rb.failed + ra.dead + rb.dead).toBe(0);
    expect(received.map((r) => r.path).sort()).toEqual(['/agency', '/firm', '/rep']);
    expect(new Set(received.map((r) => r.delivery)).size).toBe(3);
    const secretOf: Record<string, string> = {
      '/agency': agencySecret,
      '/firm': firmSecret,
      '/rep': repSecret,
    };
    for (const r of received) {
      expect(r.signature).toBe(signature(secretOf[r.path]!, r.timestamp, r.body));
      expect(JSON.parse(r.body)).toMatchObject({
        kind: 'listing',
        notice: { list: { code: 'spc.defaulters' } },
      });
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('To: wu@example.cn');
    expect(mails[0]).toMatch(/Message-ID: <notice-\d+\.delivery-\d+@xinyong\.invalid>/);
    expect(await a.runOnce()).toEqual({ sent: 0, failed: 0, dead: 0 });
    const inbox = (await send('GET', '/api/v1/me/notices', repToken)).json();
    expect(inbox.items[0].deliveries.map((d: { state: string }) => d.state)).toEqual(['sent', 'sent']);
  });

  it('retries a failing receiver with backoff, then keeps it as a dead letter', async () => {
    const flaky = await send('POST', '/api/v1/subscriptions', spc, { url: `${hookUrl}/flaky` });
    expect(flaky.statusCode).toBe(201);
    received.length = 0;
    expect((await listFirm(2)).statusCode).toBe(201);
    const d = dispatcher();
    expect(await d.runOnce()).toMatchObject({ failed: 1 });
    expect(await d.runOnce()).toMatchObject({ failed: 0, sent: 0 }); // not due before its backoff
    clock.advance(1000);
    expect(await d.runOnce()).toMatchObject({ failed: 1 });
    clock.advance(1999);
    expect(await d.runOnce()).toMatchObject({ failed: 0, dead: 0 }); // the second delay is twice the first
    clock.advance(1);
    expect(await d.runOnce()).toMatchObject({ dead: 1 });
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(3);
    const dead = (await send('GET', '/api/v1/outbox?state=dead', operator)).json();
    expect(dead.items).toMatchObject([{ target: `${hookUrl}/flaky`, attempts: 3, lastError: 'HTTP 500' }]);
    expectProblem(await send('GET', '/api/v1/outbox', spc), 403);
  });

  it('takes back the rows of a dispatcher that died holding them, when its claim runs out', async () => {
    received.length = 0;
    expect((await listFirm(3)).statusCode).toBe(201);
    const until = new Date(Date.parse(clock.now()) + 60_000).toISOString();
    await t.ctx.store.db
      .updateTable('outbox')
      .set({ claimed_by: 'dispatcher:crashed', claimed_until: until })
      .where('state', '=', 'pending')
      .where('target', '!=', `${hookUrl}/flaky`)
      .execute();
    const d = dispatcher();
    expect((await d.runOnce()).sent).toBe(0);
    clock.advance(60_001);
    expect((await d.runOnce()).sent).toBe(4);
    expect(new Set(received.filter((r) => r.path !== '/flaky').map((r) => r.delivery)).size).toBe(3);
  });

  it('walks the path: listing → notice by inbox, e-mail and webhook → objection upheld → checks allow', async () => {
    const walker = person(902);
    const listed = await send('POST', '/api/v1/listings', spc, {
      list: 'spc.defaulters',
      subject: { id: walker, name: '冯走完' },
      severity: 'general',
      decisionNumber: '(2026)京0105执902号',
      conductAt: '2026-03-01',
      decidedAt: clock.now().slice(0, 10),
      reason: '有履行能力而拒不履行生效法律文书确定的义务',
    });
    expect(listed.statusCode, listed.body).toBe(201);
    const me = await tokenFor(t.ctx, { role: 'subject', subject: walker });
    // Addresses given after the listing: the inbox has the notice, and the next one goes out by both.
    await send('PUT', '/api/v1/me/contacts', me, {
      email: 'feng@example.cn',
      webhookUrl: `${hookUrl}/walker`,
    });
    expect((await send('GET', '/api/v1/me/notices', me)).json().items[0].content.listing).toBe(
      listed.json().id,
    );
    // In its notice period the listing is not applied yet; at its effect it is.
    clock.set(listed.json().effectiveAt);
    const check = async () =>
      (
        await send(
          'GET',
          `/api/v1/check?subject=${walker}&action=air.ticket.purchase`,
          await tokenFor(t.ctx, { role: 'enforcer' }),
        )
      ).json().decision;
    expect(await check()).toBe('deny');
    const objection = await send('POST', '/api/v1/objections', me, {
      itemType: 'listing',
      item: listed.json().id,
      reason: '判决已于立案前履行完毕',
    });
    expect(objection.statusCode, objection.body).toBe(201);
    const decided = await send('POST', `/api/v1/objections/${objection.json().id}/decision`, spc, {
      outcome: 'upheld',
      reason: '经核实已履行，撤销列入',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await check()).toBe('allow');
    const inbox = (await send('GET', '/api/v1/me/notices', me)).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'objection.decided', content: { outcome: 'upheld' } });
    received.length = 0;
    mails.length = 0;
    await dispatcher().runOnce();
    const mine = received.filter((r) => r.path === '/walker');
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!.body)).toMatchObject({ kind: 'objection.decided' });
    expect(mails.some((m) => m.includes('To: feng@example.cn'))).toBe(true);
  });

  it('refuses to post a notice to a loopback or private address unless allowed', async () => {
    const sub = await send('POST', '/api/v1/subscriptions', spc, {
      url: 'http://169.254.169.254/latest/meta-data',
    });
    expect(sub.statusCode).toBe(201);
    expect((await listFirm(5)).statusCode).toBe(201);
    const guarded = new NoticeDispatcher(t.ctx, { smtpUrl, maxAttempts: 1, batch: 50 });
    const r = await guarded.runOnce();
    expect(r.dead).toBeGreaterThanOrEqual(2); // the metadata address and this machine's receiver alike
    const dead = await t.ctx.store.db
      .selectFrom('outbox')
      .select(['target', 'last_error'])
      .where('state', '=', 'dead')
      .where('target', 'like', '%169.254.169.254%')
      .execute();
    expect(dead[0]!.last_error).toMatch(
      /^refused: 169\.254\.169\.254 is a loopback, private or reserved address/,
    );
  });
});

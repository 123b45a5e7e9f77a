// `xinyong check <subject> <action>` prints the decision and its chain of reasons from the store's listings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListing } from '../../src/services/listings.js';
import { runCli } from '../support/cli.js';
import { person } from '../support/identifiers.js';
import { TestClock, type TestContext, testContext } from '../support/stores.js';

describe('xinyong check', () => {
  let t: TestContext;
  beforeAll(async () => {
    // Listed in the past with the real clock's today in its effect: decided 30 days ago, ends two years later.
    t = await testContext('sqlite', new TestClock(new Date().toISOString()));
    const decided = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await createListing(
      t.ctx,
      { role: 'agency', agency: 'spc', actor: 'test' },
      {
        list: 'spc.defaulters',
        subject: person(601),
        severity: 'general',
        decisionNumber: '(2026)京0105执601号',
        conductAt: '2025-01-01',
        decidedAt: decided,
        reason: '拒不履行生效判决',
      },
    );
  });
  afterAll(async () => t?.close());

  it('prints deny with the chain for a listed person, allow for ordinary trains, and JSON with --json', async () => {
    const flight = await runCli(['check', person(601), 'air.ticket.purchase', '--db', t.url]);
    expect(flight.code, flight.stderr).toBe(0);
    expect(flight.stdout).toMatch(/^deny: air\.ticket\.purchase for /);
    expect(flight.stdout).toMatch(/memorandum .* ← listing \d+ on spc\.defaulters, until /);
    expect(flight.stdout).toMatch(/basis: .*第/);
    const ordinary = await runCli(['check', person(601), 'rail.ticket.ordinary', '--db', t.url, '--json']);
    expect(ordinary.code).toBe(0);
    expect(JSON.parse(ordinary.stdout)).toMatchObject({ decision: 'allow', reasons: [] });
    const bad = await runCli(['check', '110105194912310021', 'air.ticket.purchase', '--db', t.url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\/subject: check character is 1, expected X/);
  });
});

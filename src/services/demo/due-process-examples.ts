// For `serve --demo`: the example person and company (the ones demo tokens are issued for) are listed on the day
// the demo is loaded — the person as a court defaulter, the company on the irregularity list — so that their
// inboxes hold a notice, and objection and repair can be tried with their tokens. The bulk demo data makes no
// notices (see ingestListings).
import { shanghaiDate } from '../../domain/time.js';
import type { Context } from '../context.js';
import { createListing } from '../listings.js';
import { DEMO_ACTOR, demoExamples } from './run-demo.js';

export async function listDemoExamples(ctx: Context, seed: number): Promise<number[]> {
  const ex = demoExamples(seed);
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  // The conduct three months before the decision.
  const conduct = shanghaiDate(new Date(Date.parse(now) - 90 * 86_400_000).toISOString());
  const person = await createListing(
    ctx,
    { role: 'agency', agency: 'spc', actor: DEMO_ACTOR },
    {
      list: 'spc.defaulters',
      subject: { id: ex.person.identifier, name: ex.person.name },
      severity: 'general',
      decisionNumber: `(演示)京0105执${today.replaceAll('-', '')}号`,
      conductAt: conduct,
      decidedAt: today,
      reason: '有履行能力而拒不履行生效法律文书确定的义务（演示数据）',
    },
  );
  const company = await createListing(
    ctx,
    { role: 'agency', agency: 'samr', actor: DEMO_ACTOR },
    {
      list: 'samr.business-irregularity',
      subject: { id: ex.enterprise.identifier, name: ex.enterprise.name },
      severity: 'general',
      decisionNumber: `京市监异〔演示〕${today.replaceAll('-', '')}号`,
      conductAt: conduct,
      decidedAt: today,
      reason: '未按规定公示年度报告（演示数据）',
    },
  );
  return [person.listing.id, company.listing.id];
}

// The check answers' JSON is the text JSON.stringify writes, whichever way it is made.
import { describe, expect, it } from 'vitest';
import type { CheckAnswer, CheckError } from '../../src/check/checker.js';
import { batchAnswerJson, checkAnswerJson } from '../../src/http/presenters/check-answer.js';

const allow: CheckAnswer = {
  decision: 'allow',
  subject: 'passport:USA:X1234567',
  action: 'air.ticket.purchase',
  reasons: [],
  decisionId: 'dec_mhx8k2ab12cd0001-0a',
  at: '2026-11-23T17:04:55.255Z',
};
const deny: CheckAnswer = {
  ...allow,
  decision: 'deny',
  subject: '11010519491231002X',
  reasons: [
    {
      effect: 'deny',
      measure: 'transport.air.ticket',
      memorandum: 'court-defaulters-2016',
      list: 'spc.defaulters',
      listing: 7,
      basis: [{ title: '最高人民法院关于公布失信被执行人名单信息的若干规定', article: '第一条' }],
      until: '2028-01-01T00:00:00.000Z',
      via: { role: 'legal-representative', entity: '91110000100000000A' },
    },
    {
      effect: 'restrict',
      measure: 'transport.rail.high-speed',
      memorandum: 'court-defaulters-2016',
      list: 'spc.restricted-consumption',
      listing: 8,
      basis: [
        {
          title: '关于限制被执行人高消费及有关消费的若干规定',
          titleEn: 'Provisions "on" restricting \\ high consumption',
          article: '第三条',
        },
      ],
      until: '2028-01-01T00:00:00.000Z',
      underObjection: { objection: 3 },
    },
  ],
};
const rewarded: CheckAnswer = {
  ...allow,
  decision: 'reward',
  reasons: [
    {
      effect: 'reward',
      measure: 'library.deposit-free',
      scheme: 'fuzhou.points',
      grade: '优',
      score: 880,
      basis: [{ title: '福州市个人信用积分管理办法', article: '第十条' }],
    },
  ],
};
const refused: CheckError = {
  subject: '12"\\3',
  error: { pointer: '/subjects/2', reason: '长度 is 4, expected 18' },
};

describe('check answers as JSON', () => {
  it('writes each answer as JSON.stringify would', () => {
    for (const a of [allow, deny, rewarded, refused]) expect(checkAnswerJson(a)).toBe(JSON.stringify(a));
  });

  it('writes a batch as one document, in order, through however many times its buffer grows', () => {
    // Another action and another time in between: the pieces made once per decision, action and time.
    const later: CheckAnswer = { ...allow, action: 'rail.ticket.hsr', at: '2026-11-23T17:04:56.000Z' };
    const results = Array.from({ length: 1001 }, (_, i) => [allow, deny, later, rewarded, refused][i % 5]!);
    expect(batchAnswerJson(results).toString('utf8')).toBe(JSON.stringify({ results }));
    expect(batchAnswerJson([allow]).toString()).toBe(JSON.stringify({ results: [allow] }));
  });
});

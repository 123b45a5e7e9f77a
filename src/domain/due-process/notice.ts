// What a notice of a listing (告知) tells its recipient — the listed subject, or an officer a memorandum reaches
// through a company's listing: what (the list, by whom), why (the decision, its reason, the records, the basis),
// from when, until when, the consequences (the measures and the actions they govern), and how to object and to
// repair, with the deadlines. Pure: the service supplies the facts; the text is in Chinese, then English.
import type { CreditList, LegalBasis, Names } from '../catalog/schema.js';
import type { Reach, RuleBook } from '../check/rule-book.js';
import { RELATION_ROLE_NAMES, type RelationRole } from '../relations.js';
import type { ObjectionRule } from './objection.js';

export interface ListingNoticeFacts {
  listing: {
    id: number;
    severity: string;
    decisionNumber: string;
    decidedAt: string;
    effectiveAt: string;
    endsAt: string;
    reason: string;
    records: number[];
  };
  list: CreditList;
  /** The listings that follow it (derived lists), ending with it. */
  derived: { id: number; list: CreditList; severity: string }[];
  agency: { code: string; names: Names | null };
  recipient: { identifier: string; name: string | null };
  /** How the listing reaches the recipient: itself, or as an officer of the listed entity. */
  reach: Reach;
  entity: { identifier: string; name: string | null } | null;
  objection: ObjectionRule;
}

export interface ListingNoticeContent {
  kind: 'listing';
  listing: number;
  list: { code: string; names: Names; kind: string };
  derivedListings: { listing: number; list: string; names: Names }[];
  agency: { code: string; names: Names | null };
  recipient: { identifier: string; name: string | null };
  reach: { role: Reach; entity: { identifier: string; name: string | null } | null };
  why: {
    decisionNumber: string;
    decidedAt: string;
    reason: string;
    records: number[];
    legalBasis: LegalBasis[];
  };
  effectiveAt: string;
  endsAt: string;
  consequences: { action: string; measures: { measure: string; memorandum: string; effect: string }[] }[];
  object: { how: string; answerWithin: string; before: string; source: string };
  repair: { allowed: boolean; how: string | null; minimumPeriod: string | null; requirements: Names[] };
}

export function listingNotice(
  book: RuleBook,
  f: ListingNoticeFacts,
): { title: string; content: ListingNoticeContent } {
  const byAction = new Map<string, { measure: string; memorandum: string; effect: string }[]>();
  for (const l of [{ id: f.listing.id, list: f.list, severity: f.listing.severity }, ...f.derived]) {
    const severity = l.severity;
    for (const action of book.actionsOf(l.list.code, severity, f.reach)) {
      const list = byAction.get(action) ?? [];
      for (const m of book.measures(l.list.code, severity, f.reach, action))
        list.push({ measure: m.measure.code, memorandum: m.memorandum.code, effect: m.effect });
      byAction.set(action, list);
    }
  }
  const listName = f.list.names.zh;
  const title =
    f.reach === 'self'
      ? `您已被${f.agency.names?.zh ?? f.agency.code}列入${listName}，自${f.listing.effectiveAt.slice(0, 10)}起生效`
      : `您作为${f.entity?.name ?? f.entity?.identifier}的${RELATION_ROLE_NAMES[f.reach as RelationRole]?.zh ?? f.reach}，受其列入${listName}的影响，自${f.listing.effectiveAt.slice(0, 10)}起生效`;
  return {
    title,
    content: {
      kind: 'listing',
      listing: f.listing.id,
      list: { code: f.list.code, names: f.list.names, kind: f.list.kind },
      derivedListings: f.derived.map((d) => ({ listing: d.id, list: d.list.code, names: d.list.names })),
      agency: f.agency,
      recipient: f.recipient,
      reach: { role: f.reach, entity: f.entity },
      why: {
        decisionNumber: f.listing.decisionNumber,
        decidedAt: f.listing.decidedAt,
        reason: f.listing.reason,
        records: f.listing.records,
        legalBasis: f.list.legalBasis,
      },
      effectiveAt: f.listing.effectiveAt,
      endsAt: f.listing.endsAt,
      consequences: [...byAction].map(([action, measures]) => ({ action, measures })),
      object: {
        how: `POST /api/v1/objections {"itemType": "listing", "item": ${f.listing.id}, "reason": "…"}`,
        answerWithin: `${f.objection.answerWithin} working days, extendable once by ${f.objection.extension}`,
        before: f.listing.effectiveAt,
        source: f.objection.source,
      },
      repair: {
        allowed: f.list.repair.allowed,
        how: f.list.repair.allowed
          ? `POST /api/v1/repairs {"listing": ${f.listing.id}, "obligationsPerformed": "…", "commitmentLetter": "…"}`
          : null,
        minimumPeriod: f.list.repair.minimumPeriod ?? null,
        requirements: f.list.repair.requirements,
      },
    },
  };
}

/** The notice as plain text for e-mail: Chinese, then English. */
export function noticeText(title: string, c: ListingNoticeContent): string {
  const basis = c.why.legalBasis.map((b) => `${b.title} ${b.article}`).join('；');
  const lines = [
    title,
    '',
    `名单：${c.list.names.zh}（${c.list.code}），决定机关：${c.agency.names?.zh ?? c.agency.code}`,
    `决定书：${c.why.decisionNumber}（${c.why.decidedAt.slice(0, 10)}）`,
    `理由：${c.why.reason}`,
    `依据：${basis}`,
    `生效：${c.effectiveAt}　届满：${c.endsAt}`,
    `后果：${c.consequences.map((x) => x.action).join('、') || '无可执行的限制'}`,
    `异议：生效前后均可提出，${c.object.answerWithin}内答复（${c.object.how}）`,
    `信用修复：${c.repair.allowed ? c.repair.requirements.map((r) => r.zh).join('；') || '可申请' : '依据不允许修复'}`,
    '',
    `List: ${c.list.names.en} (${c.list.code}), decided by ${c.agency.names?.en ?? c.agency.code}`,
    `Decision: ${c.why.decisionNumber} of ${c.why.decidedAt.slice(0, 10)}: ${c.why.reason}`,
    `In effect from ${c.effectiveAt} until ${c.endsAt}`,
    `Consequences: ${c.consequences.map((x) => x.action).join(', ') || 'no enforceable restriction'}`,
    `To object: ${c.object.how}; answered within ${c.object.answerWithin}`,
    `Credit repair: ${c.repair.allowed ? c.repair.requirements.map((r) => r.en).join('; ') || 'may be applied for' : 'not allowed by the basis'}`,
  ];
  return `${lines.join('\n')}\n`;
}

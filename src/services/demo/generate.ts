// The demo population: subject i is a company, a person, a social organization or a government body by its
// position in a block of 100; companies are tied to the persons of their block as legal representatives,
// directors and shareholders; records of every catalog type are spread over them. Same seed, same data.
import type { CreditList, RecordType } from '../../domain/catalog/schema.js';
import type { CatalogView } from '../../domain/catalog/view.js';
import { describeRegion } from '../../domain/identifiers/regions.js';
import type { SubjectKind } from '../../domain/identifiers/uscc.js';
import type { ListingSubmission } from '../../domain/listings/listing.js';
import type { NormalizedRecord, SubjectRef } from '../../domain/records/submission.js';
import { normalizeRecord } from '../../domain/records/submission.js';
import type { NormalizedRelation, RelationRole } from '../../domain/relations.js';
import { notSubmittable } from '../../domain/scoring/engine.js';
import { parseInstant, shanghaiDate } from '../../domain/time.js';
import { demoFields } from './fields.js';
import { demoResidentId, demoUscc } from './identities.js';
import {
  BRANDS,
  COMPANY_SUFFIXES,
  GIVEN,
  GOV_BODIES,
  INDUSTRIES,
  ORG_SUFFIXES,
  REGIONS,
  SURNAMES,
} from './names.js';
import { type Random, rngFor } from './random.js';

/** Demo records happened before this instant, spread over four years. */
export const DEMO_ANCHOR = '2026-10-31T16:00:00.000Z';
const SPAN_DAYS = 4 * 365;

const PERSONS_START = 60;
const PERSONS_END = 98;

export function kindOf(i: number): SubjectKind {
  const k = i % 100;
  if (k < PERSONS_START) return 'enterprise';
  if (k < PERSONS_END) return 'person';
  return k === 98 ? 'social-organization' : 'government-body';
}

export function demoSubject(seed: number, i: number): SubjectRef {
  const rng = rngFor(seed, 1, i);
  const region = REGIONS[i % REGIONS.length]!;
  const kind = kindOf(i);
  if (kind === 'person') {
    const identifier = demoResidentId(i);
    const given = rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
    return {
      identifier,
      scheme: 'resident-id',
      kind,
      region: identifier.slice(0, 6),
      name: rng.pick(SURNAMES) + given,
    };
  }
  const county = region.counties[i % region.counties.length]!;
  if (kind === 'enterprise') {
    const name = `${region.city}${rng.pick(BRANDS)}${rng.pick(INDUSTRIES)}${rng.pick(COMPANY_SUFFIXES)}`;
    return { identifier: demoUscc(i, '9', '1', county), scheme: 'uscc', kind, region: county, name };
  }
  if (kind === 'social-organization') {
    const category = rng.pick(['1', '2', '3']);
    const name = `${region.city}市${rng.pick(BRANDS)}${rng.pick(ORG_SUFFIXES)}`;
    return { identifier: demoUscc(i, '5', category, county), scheme: 'uscc', kind, region: county, name };
  }
  const countyName = describeRegion(county).name.split(' ').pop() ?? region.city;
  const name = `${countyName}${rng.pick(GOV_BODIES)}`;
  return { identifier: demoUscc(i, '1', '1', county), scheme: 'uscc', kind, region: county, name };
}

export interface DemoChunk {
  subjects: SubjectRef[];
  relations: NormalizedRelation[];
  records: NormalizedRecord[];
  listings: ListingSubmission[];
}

/** How often a subject of a kind is on a list: court defaulters among people, irregularities among companies. */
function listingRate(list: CreditList, kind: SubjectKind): number {
  if (list.derivedFrom && list.code !== 'caac.no-fly' && list.code !== 'china-railway.no-ride') return 0;
  if (kind === 'person') return list.code === 'spc.defaulters' ? 0.012 : list.kind === 'black' ? 0.0005 : 0;
  if (kind !== 'enterprise' && kind !== 'social-organization') return 0;
  switch (list.kind) {
    case 'irregularity':
      return 0.02;
    case 'red':
      return 0.01;
    case 'black':
      return list.code === 'spc.defaulters' ? 0.006 : 0.002;
    default:
      return 0.003;
  }
}

function occurredAt(rng: Random): string {
  return new Date(
    Date.parse(DEMO_ANCHOR) - rng.int(1, SPAN_DAYS) * 86_400_000 - rng.int(0, 86_399) * 1000,
  ).toISOString();
}

/** How often a subject carries a record of the type: most files hold registration data, few penalties. */
function rate(t: RecordType): number {
  if (t.polarity === 'negative') return 0.03;
  if (t.polarity === 'positive') return 0.05;
  return 0.15;
}

export class DemoGenerator {
  private readonly typesByKind = new Map<SubjectKind, RecordType[]>();

  private readonly lists: CreditList[];

  constructor(
    catalog: CatalogView,
    private readonly seed: number,
  ) {
    this.lists = [...catalog.lists.values()];
    for (const t of catalog.recordTypes.values()) {
      // Scores are the scoring engine's to write (the server computes them from these records), never made up.
      if (notSubmittable(t.code)) continue;
      for (const k of t.subjectKinds) this.typesByKind.set(k, [...(this.typesByKind.get(k) ?? []), t]);
    }
  }

  /** Subjects [start, end); start and end are multiples of 100 except at the very end. */
  chunk(start: number, end: number): DemoChunk {
    const subjects: SubjectRef[] = [];
    for (let i = start; i < end; i++) subjects.push(demoSubject(this.seed, i));
    const at = (i: number) => subjects[i - start];
    const relations: NormalizedRelation[] = [];
    const related = new Set<number>();
    for (let i = start; i < end; i++) {
      if (kindOf(i) !== 'enterprise') continue;
      const rng = rngFor(this.seed, 2, i);
      const block = i - (i % 100);
      const persons: number[] = [];
      for (let p = block + PERSONS_START; p < Math.min(block + PERSONS_END, end); p++) persons.push(p);
      // Roles start at midnight, Asia/Shanghai, as a date in a register does.
      const since = parseInstant(shanghaiDate(occurredAt(rng)))!;
      const link = (to: number, role: RelationRole) => {
        const target = at(to);
        if (!target || to === i) return;
        related.add(i);
        related.add(to);
        relations.push({ from: at(i)!, to: target, role, since, until: null });
      };
      if (persons.length === 0) continue;
      link(persons[(i - block) % persons.length]!, 'legal-representative');
      if (rng.chance(0.6)) link(rng.pick(persons), 'director');
      if (rng.chance(0.3)) link(rng.pick(persons), 'supervisor');
      if (rng.chance(0.7)) link(rng.pick(persons), 'shareholder');
      if (rng.chance(0.1)) link(block + rng.int(0, PERSONS_START - 1), 'shareholder');
      if (rng.chance(0.05)) link(block + rng.int(0, PERSONS_START - 1), 'branch');
    }
    // The same holder may be drawn twice for one role: keep the first.
    const seen = new Set<string>();
    const uniqueRelations = relations.filter((r) => {
      const key = `${r.from.identifier}|${r.to.identifier}|${r.role}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

    const records: NormalizedRecord[] = [];
    for (let i = start; i < end; i++) {
      const subject = at(i)!;
      const types = this.typesByKind.get(subject.kind) ?? [];
      const rng = rngFor(this.seed, 3, i);
      let made = 0;
      types.forEach((t, k) => {
        // The first blocks carry one of every type, so every catalog type is in the demo data.
        const forced = Math.floor(i / 100) === k % 20 && i % 100 === this.firstOfKind(subject.kind);
        if (!forced && !rng.chance(rate(t))) return;
        records.push(this.record(t, subject, i, k, rng));
        made++;
      });
      if (made === 0 && !related.has(i) && types.length > 0) {
        const t = types[i % types.length]!;
        records.push(this.record(t, subject, i, types.indexOf(t), rng));
      }
    }
    const listings: ListingSubmission[] = [];
    for (let i = start; i < end; i++) {
      const subject = at(i)!;
      const rng = rngFor(this.seed, 4, i);
      for (const list of this.lists) {
        if (!list.subjectKinds.includes(subject.kind) || !rng.chance(listingRate(list, subject.kind)))
          continue;
        const decidedAt = occurredAt(rng);
        const conductAt = new Date(Date.parse(decidedAt) - rng.int(30, 400) * 86_400_000).toISOString();
        const severity =
          list.severities.length > 1 && rng.chance(0.2) ? list.severities[1]!.code : list.severities[0]!.code;
        listings.push({
          list,
          subject,
          severity,
          decisionNumber: `${list.owner.toUpperCase()}〔${decidedAt.slice(0, 4)}〕${i}号`,
          conductAt,
          decidedAt,
          reason: list.inclusionCriteria.zh.slice(0, 80),
          records: [],
        });
      }
    }
    return { subjects, relations: uniqueRelations, records, listings };
  }

  private firstOfKind(kind: SubjectKind): number {
    return kind === 'enterprise'
      ? 0
      : kind === 'person'
        ? PERSONS_START
        : kind === 'social-organization'
          ? 98
          : 99;
  }

  private record(t: RecordType, subject: SubjectRef, i: number, k: number, rng: Random): NormalizedRecord {
    const when = occurredAt(rng);
    const agency = t.submitters[(i + k) % t.submitters.length]!;
    return normalizeRecord(t, subject, agency, `demo-${t.code}-${i}`, when, demoFields(t, rng, when));
  }
}

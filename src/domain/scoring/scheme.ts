// The format of a scoring scheme, written once: it validates catalog/schemes files, types the engine (Static<>)
// and appears in the OpenAPI document. A scheme is data: a city configures its own without code.
import Type, { type Static } from 'typebox';
import { LegalBasis, Names, SubjectKindSchema } from '../catalog/schema.js';

const Code = Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$' });
const LocalCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' });
const Duration = Type.String({
  pattern: '^P(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?$',
  description: 'ISO 8601 calendar duration, e.g. P2Y.',
});
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

/** One test on a field of the record (a field holding an array matches `eq` / `in` when any element does). */
export const FieldTest = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'A field of the record type the rule reads.' }),
    eq: Type.Optional(Scalar),
    in: Type.Optional(Type.Array(Scalar, { minItems: 1 })),
    /** Holds when the field is absent or differs (for an array: holds no such element). */
    ne: Type.Optional(Scalar),
    notIn: Type.Optional(Type.Array(Scalar, { minItems: 1 })),
    gt: Type.Optional(Type.Number()),
    gte: Type.Optional(Type.Number()),
    lt: Type.Optional(Type.Number()),
    lte: Type.Optional(Type.Number()),
    exists: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type FieldTest = Static<typeof FieldTest>;

/** A field test, or alternatives: `anyOf` holds if every test of one of its groups holds. */
export const Condition = Type.Union([
  FieldTest,
  Type.Object(
    { anyOf: Type.Array(Type.Array(FieldTest, { minItems: 1 }), { minItems: 2 }) },
    { additionalProperties: false },
  ),
]);
export type Condition = Static<typeof Condition>;

/**
 * Points that depend on a number: a field of the record, or (for a rule counted per year) the sum of a field or
 * the count of the year's matching records. The highest band the value reaches gives the points; `step` adds
 * points for every full `every` above `over` ("10 points up to RMB 10,000, 5 more per further 10,000").
 */
export const Scale = Type.Object(
  {
    value: Type.String({
      pattern: '^(field|sum):[A-Za-z][A-Za-z0-9]*$|^count$',
      description: '`field:<name>` (per record), `sum:<name>` or `count` (per year).',
    }),
    bands: Type.Array(
      Type.Object(
        {
          /** The band applies when the value is above this (strictly); omit for the first band. */
          over: Type.Optional(Type.Number()),
          points: Type.Number(),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    step: Type.Optional(
      Type.Object(
        { over: Type.Number(), every: Type.Number({ exclusiveMinimum: 0 }), points: Type.Number() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Scale = Static<typeof Scale>;

export const ScoreEffect = Type.Union([
  Type.Object(
    { setScore: Type.Number({ description: 'While the input is live, the score is this, whatever else.' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { capGrade: Type.String({ description: 'While the input is live, the grade is at best this band.' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      setGrade: Type.String({
        description:
          'While the input is live, the grade is this one of the scheme’s `ruleGrades` — unless a rule pins the score or caps the grade.',
      }),
      minScore: Type.Optional(
        Type.Number({
          description: 'Only when the score is at least this (tax M: no revenue and 70 or more).',
        }),
      ),
    },
    { additionalProperties: false },
  ),
]);
export type ScoreEffect = Static<typeof ScoreEffect>;

export const Rule = Type.Object(
  {
    code: LocalCode,
    names: Names,
    description: Type.Optional(Names),
    /** The record type it reads: scores come only from records in the master database (`list.entry` for listings). */
    reads: Code,
    /** Every condition must hold. */
    when: Type.Optional(Type.Array(Condition)),
    /** Only records submitted by these agencies (e.g. the Red Cross's donations, not the Charity Federation's). */
    agencies: Type.Optional(Type.Array(Type.String(), { minItems: 1, uniqueItems: true })),
    /**
     * The record counts only with evidence attached to it (POST /api/v1/records/{id}/evidence): at least `photos`
     * photographs, or at least `videos` videos (Rongcheng: "two photos or a video" of the deed).
     */
    evidence: Type.Optional(
      Type.Object(
        { photos: Type.Integer({ minimum: 1 }), videos: Type.Optional(Type.Integer({ minimum: 1 })) },
        { additionalProperties: false },
      ),
    ),
    /**
     * A date field of the record the rule counts from instead of the record's date (a new enterprise: the
     * `establishedOn` of its registration, so that a later change of registration does not make it new again).
     */
    dated: Type.Optional(Type.String({ minLength: 1 })),
    /** Flat points per application: negative for a deduction. Either this, `scale` or `effect`. */
    points: Type.Optional(Type.Number()),
    scale: Type.Optional(Scale),
    effect: Type.Optional(ScoreEffect),
    /** `record`: each matching record counts; `year`: the matching records of one calendar year count once. */
    per: Type.Optional(Type.Union([Type.Literal('record'), Type.Literal('year')])),
    /** At most this many points (absolute) from this rule at a time — or in each calendar `capPeriod`. */
    cap: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    /** The cap binds per calendar month or year (Rongcheng: "limited to two trips a month"). */
    capPeriod: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('year')])),
    /** A group of rules that count together without doubling (the group's cap binds them all). */
    group: Type.Optional(LocalCode),
    category: LocalCode,
    /** How long the points last from the record's date (default: the scheme's). */
    lasts: Type.Optional(Duration),
    /**
     * For a rule that adds points: `open` when anyone may earn them by choice (volunteering, a donation of any
     * size); `circumstantial` when they depend on an award, an office or luck. The fairness figures count them.
     */
    access: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('circumstantial')])),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    source: Type.String({ minLength: 2, description: 'Where in the source documents the rule is written.' }),
  },
  { additionalProperties: false },
);
export type Rule = Static<typeof Rule>;

export const Band = Type.Object(
  {
    grade: Type.String({ minLength: 1, maxLength: 16 }),
    names: Names,
    /** The lowest score of the band; bands are listed from the best down, the last one's min is the range's. */
    min: Type.Number(),
  },
  { additionalProperties: false },
);
export type Band = Static<typeof Band>;

export const Scheme = Type.Object(
  {
    code: Code,
    names: Names,
    description: Type.Optional(Names),
    /** The agency that runs the scheme and writes its scores. */
    owner: Type.String(),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    subjectKinds: Type.Array(SubjectKindSchema, { minItems: 1, uniqueItems: true }),
    /** GB/T 2260 region codes (or prefixes: 3710 for Weihai and its counties) where it applies; none: nationwide. */
    regions: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{2,6}$' }), { uniqueItems: true })),
    start: Type.Number(),
    range: Type.Object({ min: Type.Number(), max: Type.Number() }, { additionalProperties: false }),
    bands: Type.Array(Band, { minItems: 1 }),
    /**
     * Grades that points do not reach: a rule's `setGrade` effect gives them while its records hold (the tax
     * grade M of a new enterprise). Each names where it is defined.
     */
    ruleGrades: Type.Optional(
      Type.Array(
        Type.Object(
          {
            grade: Type.String({ minLength: 1, maxLength: 16 }),
            names: Names,
            source: Type.String({ minLength: 2 }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    ),
    review: Type.Object(
      {
        cycle: Type.Union([
          Type.Literal('continuous'),
          Type.Literal('monthly'),
          Type.Literal('quarterly'),
          Type.Literal('annual'),
        ]),
        description: Names,
        /** What a record must carry before an assessor's report counts (Rongcheng: two photos or a video). */
        evidence: Type.Optional(Names),
      },
      { additionalProperties: false },
    ),
    effectiveFrom: Type.String({ format: 'date' }),
    effectiveUntil: Type.Optional(Type.String({ format: 'date' })),
    /** How long points last when a rule does not say. */
    lasts: Duration,
    categories: Type.Array(
      Type.Object(
        { code: LocalCode, names: Names, cap: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    groups: Type.Optional(
      Type.Array(
        Type.Object(
          {
            code: LocalCode,
            names: Names,
            cap: Type.Number({ exclusiveMinimum: 0 }),
            source: Type.String({ minLength: 2 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    rules: Type.Array(Rule),
    /** Rewards keyed to grades (city benefits): reward measures only — a score never denies anything. */
    benefits: Type.Optional(
      Type.Array(
        Type.Object(
          { measure: Code, grades: Type.Array(Type.String(), { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
      ),
    ),
    /** Where a seed is vague (band bounds, start value), what we chose and why: kept here, in one place. */
    choices: Type.Optional(
      Type.Array(
        Type.Object(
          { about: Type.String({ minLength: 2 }), choice: Type.String({ minLength: 2 }) },
          { additionalProperties: false },
        ),
      ),
    ),
    source: Type.String({ minLength: 2 }),
  },
  { additionalProperties: false },
);
export type Scheme = Static<typeof Scheme>;

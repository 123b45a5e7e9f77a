// The catalog's own format, written once: these schemas validate catalog files, type the code (Static<>), and
// appear in the OpenAPI document. Catalog data lives in /catalog as YAML.
import Type, { type Static } from 'typebox';

export const Names = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type Names = Static<typeof Names>;

export const LegalBasis = Type.Object(
  {
    title: Type.String({
      minLength: 2,
      description: 'Official title of the law, regulation or normative document.',
    }),
    titleEn: Type.Optional(Type.String({ minLength: 2 })),
    article: Type.String({
      minLength: 1,
      description: 'Article (or section) relied on, e.g. 第四十八条 / Art. 48.',
    }),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type LegalBasis = Static<typeof LegalBasis>;

export const SubjectKindSchema = Type.Union([
  Type.Literal('person'),
  Type.Literal('enterprise'),
  Type.Literal('social-organization'),
  Type.Literal('government-body'),
]);

export const AgencyLevel = Type.Union([
  Type.Literal('national'),
  Type.Literal('provincial'),
  Type.Literal('city'),
  Type.Literal('county'),
]);

export const Agency = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*$' }),
    names: Names,
    level: AgencyLevel,
    jurisdiction: Type.String({
      pattern: '^\\d{6}$',
      description: 'GB/T 2260 region code; 100000 for national.',
    }),
    kind: Type.Union([
      Type.Literal('court'),
      Type.Literal('procuratorate'),
      Type.Literal('government'),
      Type.Literal('public-institution'),
      Type.Literal('state-enterprise'),
      Type.Literal('association'),
    ]),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Agency = Static<typeof Agency>;

const Duration = Type.String({
  pattern: '^P(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?$',
  description: 'ISO 8601 calendar duration, e.g. P3Y, P6M, P90D.',
});

export const RecordType = Type.Object(
  {
    code: Type.String({
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$',
      description: 'Namespaced, e.g. administrative.penalty.',
    }),
    names: Names,
    description: Type.Optional(Names),
    subjectKinds: Type.Array(SubjectKindSchema, { minItems: 1, uniqueItems: true }),
    polarity: Type.Union([Type.Literal('negative'), Type.Literal('positive'), Type.Literal('neutral')]),
    domain: Type.String({ pattern: '^[a-z][a-z-]*$' }),
    disclosure: Type.Union(
      [Type.Literal('public'), Type.Literal('conditional'), Type.Literal('restricted')],
      {
        description:
          'public: anyone; conditional: shared with every agency (and the subject); restricted: only the submitting agencies, sharedWith, operators and the subject.',
      },
    ),
    publishPersons: Type.Optional(
      Type.Boolean({
        description: 'A public type is shown publicly for natural persons only when its basis requires it.',
      }),
    ),
    publicationPeriod: Type.Union([Duration, Type.Null()], {
      description:
        'How long after occurredAt a public record stays published; null = while it is valid on file.',
    }),
    retention: Duration,
    submitters: Type.Array(Type.String(), { minItems: 1, uniqueItems: true }),
    sharedWith: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    fields: Type.Object(
      {
        type: Type.Literal('object'),
        required: Type.Optional(Type.Array(Type.String())),
        additionalProperties: Type.Literal(false),
        properties: Type.Record(Type.String(), Type.Object({}, { additionalProperties: true })),
      },
      { additionalProperties: true, description: 'JSON Schema (draft 2020-12 subset) of the record fields.' },
    ),
    example: Type.Object({}, { additionalProperties: true }),
    source: Type.Optional(Type.String({ description: 'Where the type comes from in the source documents.' })),
  },
  { additionalProperties: false },
);
export type RecordType = Static<typeof RecordType>;

export const ProhibitedCategory = Type.Object(
  {
    code: Type.String(),
    names: Names,
    terms: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    exceptions: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  },
  { additionalProperties: false },
);
export type ProhibitedCategory = Static<typeof ProhibitedCategory>;

export const ProhibitedCatalog = Type.Object(
  {
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    categories: Type.Array(ProhibitedCategory, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ProhibitedCatalog = Static<typeof ProhibitedCatalog>;

// ---- Lists, measures, actions and memoranda (unified rewards and punishments) ----

const LocalizedText = Names;

export const Action = Type.Object(
  {
    code: Type.String({
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$',
      description: 'A transaction an enforcer asks about, e.g. air.ticket.purchase.',
    }),
    names: Names,
    description: Type.Optional(LocalizedText),
    /** Who asks: the kind of enforcer (airlines, rail ticketing, procurement platforms, banks, agencies). */
    askedBy: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    subjectKinds: Type.Array(SubjectKindSchema, { minItems: 1, uniqueItems: true }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Action = Static<typeof Action>;

export const Effect = Type.Union(
  [Type.Literal('deny'), Type.Literal('restrict'), Type.Literal('review'), Type.Literal('reward')],
  {
    description:
      'deny: refuse the action; restrict: allow only within limits; review: allow after closer examination; reward: allow with a benefit.',
  },
);
export type Effect = Static<typeof Effect>;

export const Measure = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$' }),
    names: Names,
    description: Type.Optional(LocalizedText),
    effect: Effect,
    /** The actions it governs; a measure with no enforceable action (a publication, an interview) governs none. */
    actions: Type.Array(Type.String(), { uniqueItems: true }),
    /** The agency that applies it. */
    appliedBy: Type.String(),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Measure = Static<typeof Measure>;

const Duration2 = Type.String({ pattern: '^P(?:\\d+Y)?(?:\\d+M)?(?:\\d+W)?(?:\\d+D)?$' });

export const SeverityCode = Type.Union([
  Type.Literal('general'),
  Type.Literal('serious'),
  Type.Literal('extreme'),
]);
export type SeverityCode = Static<typeof SeverityCode>;

export const Severity = Type.Object(
  {
    code: SeverityCode,
    /** How long a listing of this severity lasts from its effect. */
    duration: Duration2,
    /** A duration outside the class's default range (general P3M–P1Y, serious P6M–P3Y) must cite its own basis. */
    legalBasis: Type.Optional(Type.Array(LegalBasis, { minItems: 1 })),
  },
  { additionalProperties: false },
);
export type Severity = Static<typeof Severity>;

export const ListKind = Type.Union([
  Type.Literal('black'),
  Type.Literal('red'),
  Type.Literal('key-attention'),
  Type.Literal('irregularity'),
  Type.Literal('alert'),
]);
export type ListKind = Static<typeof ListKind>;

export const CreditList = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$' }),
    names: Names,
    description: Type.Optional(LocalizedText),
    owner: Type.String({ description: 'The agency that decides listings; only it may list and end.' }),
    kind: ListKind,
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    inclusionCriteria: LocalizedText,
    subjectKinds: Type.Array(SubjectKindSchema, { minItems: 1, uniqueItems: true }),
    severities: Type.Array(Severity, { minItems: 1 }),
    /** Time between the decision and its effect, for the subject to be told and to object (at most P30D). */
    noticePeriod: Duration2,
    /** How long the owner has to decide an objection, in working days (default 10, extendable once by 3). */
    objection: Type.Optional(
      Type.Object(
        {
          answerWithin: Type.Integer({ minimum: 1, maximum: 60 }),
          /** Working days the owner may add once, giving a reason (0: none). */
          extension: Type.Integer({ minimum: 0, maximum: 30 }),
          source: Type.String({ minLength: 2 }),
        },
        { additionalProperties: false },
      ),
    ),
    publication: Type.Object(
      {
        /** Whether listings are shown on the public portal. */
        public: Type.Boolean(),
        /** Whether natural persons are shown (by name and masked identifier) — only where the basis requires it. */
        persons: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    repair: Type.Object(
      {
        /** Whether the list's basis allows credit repair at all. */
        allowed: Type.Boolean(),
        /** Minimum time on the list before repair may be granted (P0D: as soon as the obligations are performed). */
        minimumPeriod: Type.Optional(Duration2),
        requirements: Type.Array(LocalizedText),
        legalBasis: Type.Optional(Type.Array(LegalBasis, { minItems: 1 })),
      },
      { additionalProperties: false },
    ),
    /** A list fed by another: a listing on the source list puts the subject here too, for as long. */
    derivedFrom: Type.Optional(
      Type.Array(
        Type.Object(
          {
            list: Type.String(),
            /** Only listings of these severities of the source carry over (default: all). */
            severities: Type.Optional(Type.Array(SeverityCode, { minItems: 1, uniqueItems: true })),
            /** The severity the derived listing takes. */
            severity: SeverityCode,
            legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    ),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type CreditList = Static<typeof CreditList>;

export const ExtensionRole = Type.Union([
  Type.Literal('legal-representative'),
  Type.Literal('director'),
  Type.Literal('supervisor'),
  Type.Literal('senior-manager'),
]);

export const Memorandum = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$' }),
    names: Names,
    description: Type.Optional(LocalizedText),
    documentNumber: Type.Optional(Type.String({ description: 'e.g. 发改财金〔2016〕141号' })),
    signatories: Type.Array(Type.String(), { minItems: 1, uniqueItems: true }),
    /** Listings on these lists activate the memorandum's measures. */
    triggers: Type.Array(
      Type.Object(
        {
          list: Type.String(),
          severities: Type.Optional(Type.Array(SeverityCode, { minItems: 1, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    measures: Type.Array(Type.String(), { minItems: 1, uniqueItems: true }),
    /**
     * For a legal entity's listing, the roles whose holders at the time of the conduct the measures also reach.
     * Officers only: never shareholders as such, never relatives.
     */
    extendsTo: Type.Array(ExtensionRole, { uniqueItems: true }),
    effectiveFrom: Type.String({ format: 'date' }),
    effectiveUntil: Type.Optional(Type.String({ format: 'date' })),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    source: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Memorandum = Static<typeof Memorandum>;

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

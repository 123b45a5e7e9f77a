// The answer's shape, for the OpenAPI document and for Fastify's compiled serializer (the check is the hottest
// route; JSON.stringify of an unknown shape costs more).
import Type from 'typebox';
import { LegalBasis } from '../../../domain/catalog/schema.js';

const DecisionValue = Type.Union(
  [
    Type.Literal('allow'),
    Type.Literal('reward'),
    Type.Literal('review'),
    Type.Literal('restrict'),
    Type.Literal('deny'),
  ],
  { description: 'The strongest effect of any reason; allow when there is none' },
);

export const ReasonSchema = Type.Object({
  effect: Type.String({ description: 'deny, restrict, review or reward' }),
  measure: Type.String({ description: 'Measure code (catalog/measures)' }),
  memorandum: Type.Optional(Type.String({ description: 'Memorandum code (catalog/memoranda)' })),
  list: Type.Optional(Type.String({ description: 'List code (catalog/lists)' })),
  listing: Type.Optional(Type.Integer({ description: 'Listing id (GET /api/v1/listings)' })),
  scheme: Type.Optional(
    Type.String({
      description: 'For a grade benefit (a reward only): the scheme (GET /api/v1/schemes/{code})',
    }),
  ),
  grade: Type.Optional(
    Type.String({ description: 'For a grade benefit: the subject’s grade in the scheme' }),
  ),
  score: Type.Optional(
    Type.Number({ description: 'For a grade benefit: the subject’s score in the scheme' }),
  ),
  basis: Type.Array(LegalBasis, {
    description: 'The measure’s legal basis, then the memorandum’s (or, for a grade benefit, the scheme’s)',
  }),
  until: Type.Optional(Type.String({ description: 'When the listing ends (RFC 3339)' })),
  via: Type.Optional(
    Type.Object(
      { role: Type.String(), entity: Type.String() },
      { description: 'For an officer: the role held in the listed entity at the time of the conduct' },
    ),
  ),
  underObjection: Type.Optional(
    Type.Object(
      { objection: Type.Integer() },
      {
        description:
          'The listing is under objection: the measure applies until the owning agency decides (GET /api/v1/objections/{objection})',
      },
    ),
  ),
});

const answerFields = {
  decision: DecisionValue,
  subject: Type.String({ description: 'The identifier, normalized' }),
  action: Type.String(),
  reasons: Type.Array(ReasonSchema),
  decisionId: Type.String({ description: 'GET /api/v1/decisions/{decisionId}' }),
  at: Type.String(),
};

export const CheckAnswerSchema = Type.Object(answerFields);

const FieldError = Type.Object({ pointer: Type.String(), reason: Type.String() });

export const BatchAnswerSchema = Type.Object({
  results: Type.Array(
    // One object with optional fields rather than a union: the serializer would test each result against
    // each branch. A result has either the answer's fields or `subject` and `error`.
    Type.Object(
      {
        decision: Type.Optional(DecisionValue),
        subject: Type.String(),
        action: Type.Optional(Type.String()),
        reasons: Type.Optional(Type.Array(ReasonSchema)),
        decisionId: Type.Optional(Type.String()),
        at: Type.Optional(Type.String()),
        error: Type.Optional(FieldError),
      },
      {
        description:
          'An answer as from GET /api/v1/check, or, for an identifier that is not valid, subject and error',
      },
    ),
  ),
});

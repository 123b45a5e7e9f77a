// Shared schema pieces for routes and the OpenAPI document.
import Type from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Array(Type.Object({ pointer: Type.String(), reason: Type.String() })),
  },
  { $id: 'Problem', description: 'RFC 9457 problem document' },
);

export const problemResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      c,
      { description: 'Problem', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } },
    ]),
  );

export const Paging = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
});

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const SubjectRefSchema = Type.Object(
  {
    id: Type.String({ description: 'USCC, resident identity number, or passport:<ISO alpha-3>:<number>' }),
    name: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const bearer = [{ bearer: [] }];

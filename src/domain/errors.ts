// Domain errors carry their problem type and HTTP status, so every edge reports them the same way
// (RFC 9457 problem documents over HTTP, a message and exit code on the CLI).
import type { FieldError } from './json-schema.js';

export type { FieldError };

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields.') =>
    new ProblemError(422, 'validation-failed', 'Validation failed', detail, errors),
  badRequest: (detail: string, errors: FieldError[] = []) =>
    new ProblemError(400, 'bad-request', 'Bad request', detail, errors),
  unauthorized: (detail = 'A valid bearer token is required.') =>
    new ProblemError(401, 'unauthorized', 'Unauthorized', detail),
  forbidden: (detail: string, errors: FieldError[] = []) =>
    new ProblemError(403, 'forbidden', 'Forbidden', detail, errors),
  notFound: (detail: string) => new ProblemError(404, 'not-found', 'Not found', detail),
  conflict: (detail: string, errors: FieldError[] = []) =>
    new ProblemError(409, 'conflict', 'Conflict', detail, errors),
};

// Every error leaves as an RFC 9457 problem document with an `errors` array of {pointer, reason}.
import type { ErrorObject } from 'ajv';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { type FieldError, ProblemError } from '../../domain/errors.js';
import { toFieldErrors } from '../../domain/json-schema.js';

export const PROBLEM_TYPES: Record<string, string> = {
  'validation-failed':
    'The request has fields that are missing or invalid; `errors` names each one by JSON pointer.',
  'bad-request': 'The request cannot be read (malformed JSON, a wrong content type, a bad parameter).',
  unauthorized: 'No valid bearer token: it is missing, unknown, expired or revoked.',
  forbidden: 'The token is valid but its role or scope does not allow this.',
  'not-found': 'No such resource, or none the caller may see.',
  conflict: 'The request conflicts with what is on file (e.g. an externalId reused with different content).',
  'rate-limited': 'Too many requests from this address; retry after the time in Retry-After.',
  'payload-too-large': 'The body or an uploaded file is larger than allowed.',
  internal: 'An unexpected error; it is logged with the request id.',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  type: string,
  title: string,
  detail?: string,
  errors: FieldError[] = [],
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `/api/v1/problems/${type}`,
      title,
      status,
      ...(detail ? { detail } : {}),
      errors,
      instance: reply.request.url,
    });
}

/** Fastify's schema errors are Ajv's: read as the domain reads record fields' (named values, pointers escaped). */
function validationErrors(error: FastifyError): FieldError[] {
  return toFieldErrors(error.validation as ErrorObject[] | undefined);
}

export const problemsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError)
      return sendProblem(reply, error.status, error.type, error.title, error.detail, error.errors);
    if (error.validation) {
      return sendProblem(
        reply,
        422,
        'validation-failed',
        'Validation failed',
        'The request has invalid fields.',
        validationErrors(error),
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return sendProblem(reply, 429, 'rate-limited', 'Too many requests', error.message);
    if (status === 413)
      return sendProblem(reply, 413, 'payload-too-large', 'Payload too large', error.message);
    if (status >= 400 && status < 500) {
      const detail =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'The content type is not supported here.'
          : error.message;
      return sendProblem(
        reply,
        status,
        status === 404 ? 'not-found' : 'bad-request',
        status === 404 ? 'Not found' : 'Bad request',
        detail,
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      500,
      'internal',
      'Internal error',
      `An unexpected error occurred (request ${request.id}).`,
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'not-found', 'Not found', `No route ${request.method} ${request.url}`),
  );
});

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_CODES, type ErrorCode, HeraldError } from '../core/errors.js';
import { isDatabaseUnavailable } from '../infra/database-errors.js';

/** RFC 9457 problem details; `code` is the stable code from the core error table. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';
  detail: string;
  hint?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

function send(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

const problemOf = (code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem => ({
  type: `https://herald.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  title: ERROR_CODES[code].title,
  status: ERROR_CODES[code].status,
  code,
  detail,
  ...extra,
});

/** The API's single error mapper: every failure leaves as problem+json, never with a stack trace. */
export function problemHandler(
  error: FastifyError | HeraldError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof HeraldError) {
    return send(
      reply,
      problemOf(error.code, error.message, { ...(error.hint ? { hint: error.hint } : {}), ...error.details }),
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((v) => {
      const base = `${error.validationContext ?? 'body'}${v.instancePath === '/' ? '' : v.instancePath.replaceAll('/', '.')}`;
      // Unknown fields name themselves in `keys`: one error per field, at its own path.
      const keys = (v.params as { keys?: string[] }).keys;
      return keys?.length
        ? keys.map((k) => ({ path: `${base}.${k}`, message: `unknown field "${k}"` }))
        : [{ path: base, message: v.message ?? 'invalid' }];
    });
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return send(reply, problemOf('VALIDATION_FAILED', detail, { errors }));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(reply, {
      ...problemOf('VALIDATION_FAILED', 'The body is larger than 256 kB.'),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      title: 'Payload too large',
    });
  }
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    return send(reply, problemOf('VALIDATION_FAILED', fastifyError.message));
  }
  if (isDatabaseUnavailable(error)) return databaseUnavailable(error, request, reply);
  request.log.error({ err: error }, 'unhandled API error');
  return send(
    reply,
    problemOf('INTERNAL', 'Something went wrong on our side; the details are in the server log.'),
  );
}

/**
 * Seconds a client should wait before retrying while the database is down: about how long a
 * supervised local database takes to come back, and a few driver reconnection attempts.
 */
const DATABASE_RETRY_AFTER_S = 5;

/** A 503 the client can retry, instead of a 500 that says the request itself was wrong. */
function databaseUnavailable(error: Error, request: FastifyRequest, reply: FastifyReply) {
  request.log.warn({ err: { type: error.name, message: error.message } }, 'database unavailable');
  reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
  return send(
    reply,
    problemOf(
      'DATABASE_UNAVAILABLE',
      'The database did not answer in time; the request may not have been carried out.',
      {
        hint: `Retry in ${DATABASE_RETRY_AFTER_S} s (with the same Idempotency-Key for a create); GET /readyz says when the database is back.`,
      },
    ),
  );
}

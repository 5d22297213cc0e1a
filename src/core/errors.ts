/**
 * Every error code Herald shows a user, in one place, with its HTTP status and the message
 * a user sees. Entry points (chat, console, REST) map `HeraldError` through this table.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  UNAUTHORIZED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  INVALID_TRANSITION: { status: 409, title: 'The job is not in a state that allows this' },
  VERSION_CONFLICT: { status: 409, title: 'Someone else changed this first' },
  CONFLICT: { status: 409, title: 'Conflicts with an existing post' },
  IDEMPOTENCY_MISMATCH: { status: 409, title: 'Idempotency-Key reused with a different body' },
  TIME_IN_PAST: { status: 422, title: 'That time is in the past' },
  UNPARSEABLE_TIME: { status: 422, title: 'That time could not be read' },
  TIME_OUT_OF_RANGE: { status: 422, title: 'That time is too far ahead' },
  TOO_MANY_OCCURRENCES: { status: 422, title: 'That schedule repeats too often' },
  UNKNOWN_TIMEZONE: { status: 422, title: 'Unknown time zone' },
  UNKNOWN_COMMAND: { status: 400, title: 'Unknown command' },
  CREDENTIAL_UNREADABLE: { status: 422, title: 'The stored credential cannot be used' },
  FEATURE_DISABLED: { status: 403, title: 'This feature is turned off' },
  NOT_CONNECTED: { status: 409, title: 'The account is not connected' },
  CONNECT_REFUSED: { status: 400, title: 'The platform refused to connect the account' },
  PLATFORM_UNAVAILABLE: { status: 503, title: 'The platform did not answer; try again shortly' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'The database is not answering; try again shortly' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A user-facing failure: `message` says what was wrong, `hint` how to fix it. */
export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'HeraldError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function notFound(what: string, id: string): HeraldError {
  return new HeraldError('NOT_FOUND', `No ${what} with id "${id}" in this workspace.`, {
    hint: `Check the id with \`list\`.`,
    details: { id },
  });
}

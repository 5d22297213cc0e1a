import pino, { type Logger } from 'pino';

/** Paths that may carry secrets: pino replaces them before anything is written. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'credential',
  '*.credential',
];

/** JSON logs to stderr, so stdout stays free for the console chat and CLI output. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pino.destination(2));
}

export type { Logger };

import { refusalText } from '../../core/cards/card-actions.js';
import { HeraldError } from '../../core/errors.js';
import type { Logger } from '../../infra/logger.js';

/** How each chat surface marks a refusal, in its own emoji syntax. */
const CROSS = { slack: ':x:', discord: '❌' } as const;

/**
 * The chat surfaces' one error mapper: a HeraldError becomes its message, hint and code (each
 * surface decides who sees it); anything else is logged with its context and shown as a generic
 * line, so no stack trace or internal detail reaches a channel.
 */
export function chatErrorText(
  surface: keyof typeof CROSS,
  error: unknown,
  logger: Logger,
  context: Record<string, unknown>,
): string {
  if (error instanceof HeraldError && error.code !== 'INTERNAL')
    return `${CROSS[surface]} ${refusalText(error)}  \`${error.code}\``;
  logger.error({ err: error, ...context }, `${surface} handler failed`);
  return `${CROSS[surface]} Something went wrong on our side; the details are in the Herald log.  \`INTERNAL\``;
}

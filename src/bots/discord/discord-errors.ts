import { refusalText } from '../../core/cards/card-actions.js';
import { HeraldError } from '../../core/errors.js';
import type { Logger } from '../../infra/logger.js';

/**
 * Discord's one error mapper: a HeraldError becomes its message, hint and code (shown only to
 * the person who acted); anything else is logged with its context and shown as a generic line,
 * so no stack trace or internal detail reaches a channel.
 */
export function discordErrorText(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (error instanceof HeraldError && error.code !== 'INTERNAL')
    return `❌ ${refusalText(error)}  \`${error.code}\``;
  logger.error({ err: error, ...context }, 'discord handler failed');
  return '❌ Something went wrong on our side; the details are in the Herald log.  `INTERNAL`';
}

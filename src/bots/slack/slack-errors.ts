import { refusalText } from '../../core/cards/card-actions.js';
import { HeraldError } from '../../core/errors.js';
import type { Logger } from '../../infra/logger.js';

/**
 * Slack's one error mapper: a HeraldError becomes its message, hint and code; anything else is
 * logged with its context and shown as a generic line (no stack traces reach a channel).
 */
export function slackErrorText(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (error instanceof HeraldError && error.code !== 'INTERNAL')
    return `:x: ${refusalText(error)}  \`${error.code}\``;
  logger.error({ err: error, ...context }, 'slack handler failed');
  return ':x: Something went wrong on our side; the details are in the Herald log.  `INTERNAL`';
}

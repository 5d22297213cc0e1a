import type { ActionOutcome } from '../../../core/cards/card-actions.js';
import type { Acknowledger } from '../acknowledger.js';
import { cardMessage, noticeMessage } from '../render/card-message.js';

/**
 * Shows what a press or form led to: a new card replaces the old one in place (so everyone sees
 * who decided); a refusal goes only to the person who acted. Forms are opened by the button
 * handler, which knows what to prefill.
 */
export async function showOutcome(ack: Acknowledger, outcome: ActionOutcome): Promise<void> {
  if (outcome.kind === 'card') return ack.update(cardMessage(outcome.card));
  if (outcome.kind === 'refused') return ack.reply(noticeMessage(`⛔ ${outcome.message}`), true);
  if (outcome.kind === 'private') return ack.reply(noticeMessage(outcome.message), true);
  throw new Error(`showOutcome cannot show "${outcome.kind}"`);
}

import { createHash } from 'node:crypto';
import type { App, types, webApi } from '@slack/bolt';
import { type ActionOutcome, submitNewTime, submitRejection } from '../../../core/cards/card-actions.js';
import { HeraldError } from '../../../core/errors.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { type CardMessage, cardRef, showOutcome } from '../actions/show-outcome.js';
import { commandContext, type SlackBotContext } from '../slack-context.js';
import { textInput } from './compose-view.js';
import { readMeta } from './view-meta.js';

const REJECT_CALLBACK = 'herald_reject';
const TIME_CALLBACK = 'herald_time';

/** Which card a form decides on, so the decision can replace that card in place. */
interface DecisionMeta extends CardMessage {
  /** The post; for a time form, possibly one occurrence's job of a series (see card-actions). */
  postId: string;
}

/** A modal with one line and a Close button: the placeholder while checking, or a refusal. */
export function noticeView(text: string): types.View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Herald' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
  };
}

/** Reject asks for a reason (optional, kept on the jobs and in the audit row). */
export function reasonView(meta: DecisionMeta): types.View {
  return {
    type: 'modal',
    callback_id: REJECT_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Reject post' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      textInput('reason', 'Reason', {
        multiline: true,
        optional: true,
        placeholder: 'What should change (the author sees this)',
      }),
    ],
  };
}

/** Edit time / Reschedule asks for a time in the scheduling language (or +1h / -30m). */
export function timeView(meta: DecisionMeta, current: string): types.View {
  return {
    type: 'modal',
    callback_id: TIME_CALLBACK,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'New time' },
    submit: { type: 'plain_text', text: 'Reschedule' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      textInput('when', `Now: ${current}`.slice(0, 2000), {
        placeholder: '+1h · -30m · tomorrow 9am · Dec 1 18:00 tz:Europe/Paris',
      }),
    ],
  };
}

/** The two forms' submits: a time Herald cannot read is shown on the field; the rest replaces the card. */
export function registerDecisionViews(app: App, bot: SlackBotContext): void {
  app.view(REJECT_CALLBACK, async ({ ack, body, view, client }) => {
    await ack();
    const meta = readMeta<DecisionMeta>(view.private_metadata);
    await decide(bot, client, body, meta, async (ctx) =>
      submitRejection(bot.deps, ctx, meta.postId, view.state.values.reason?.value?.value ?? ''),
    );
  });
  app.view(TIME_CALLBACK, async ({ ack, body, view, client }) => {
    const meta = readMeta<DecisionMeta>(view.private_metadata);
    const phrase = view.state.values.when?.value?.value ?? '';
    if (!(await firstSubmit(bot, view))) return void (await ack());
    // The reschedule runs before the ack, so whatever it refuses shows on the field.
    let outcome: ActionOutcome;
    try {
      const ctx = await commandContext(
        bot,
        client,
        { id: body.team?.id ?? '' },
        { id: body.user.id, name: body.user.name },
        meta.postId,
      );
      outcome = await submitNewTime(bot.deps, { ...ctx, card: cardRef(meta) }, meta.postId, phrase);
    } catch (error) {
      if (!(error instanceof HeraldError) || error.code === 'INTERNAL') throw error;
      return void (await ack({
        response_action: 'errors',
        errors: { when: `${error.message}${error.hint ? ` Try: ${error.hint}` : ''}`.slice(0, 150) },
      }));
    }
    await ack();
    await showOutcome(bot, client, meta, body.user.id, outcome);
  });
}

/**
 * Slack may deliver a submission again (a slow ack, a resubmit after "trouble connecting"):
 * each (view, values submitted) takes effect once, while a corrected resubmission is new.
 */
export async function firstSubmit(
  bot: SlackBotContext,
  view: { id: string; hash?: string; state?: unknown },
): Promise<boolean> {
  const values = createHash('sha256')
    .update(JSON.stringify(view.state ?? null))
    .digest('base64url');
  return bot.deps.notices.firstTime(
    `slack:view:${view.id}:${view.hash ?? ''}:${values}`,
    bot.deps.clock.now(),
  );
}

async function decide(
  bot: SlackBotContext,
  client: webApi.WebClient,
  body: { team: { id: string } | null; user: { id: string; name: string } },
  meta: DecisionMeta,
  run: (ctx: Awaited<ReturnType<typeof commandContext>>) => Promise<ActionOutcome>,
): Promise<void> {
  try {
    const ctx = await commandContext(
      bot,
      client,
      { id: body.team?.id ?? '' },
      { id: body.user.id, name: body.user.name },
      meta.postId,
    );
    await showOutcome(bot, client, meta, body.user.id, await run({ ...ctx, card: cardRef(meta) }));
  } catch (error) {
    const text = chatErrorText('slack', error, bot.logger, { postId: meta.postId });
    if (meta.channelId)
      await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, text });
  }
}

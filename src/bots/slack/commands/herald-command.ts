import type { App } from '@slack/bolt';
import { replyCard } from '../../../core/cards/cards.js';
import { runCommand } from '../../../core/commands/router.js';
import { chatErrorText } from '../../shared/chat-errors.js';
import { cardBlocks, cardText, noticeBlocks } from '../blocks/card-blocks.js';
import { commandContext, type SlackBotContext } from '../slack-context.js';
import { openComposeView } from '../views/compose-view.js';

/**
 * `/herald <subcommand …>`: acked at once with nothing (Slack's 3-second budget), then run
 * through the shared router; the reply goes back through response_url — in the channel when
 * it concerns the channel, else only to the sender. `/herald new [@account]` opens the compose
 * form, prefilled for that account.
 */
export function registerHeraldCommand(app: App, bot: SlackBotContext): void {
  app.command('/herald', async ({ command, ack, respond, client }) => {
    await ack();
    const text = command.text.trim();
    try {
      const ctx = await commandContext(
        bot,
        client,
        { id: command.team_id, domain: command.team_domain },
        { id: command.user_id, name: command.user_name },
        decidedPost(text),
      );
      const compose = /^(?:new|compose)\b\s*(.*)$/is.exec(text);
      if (compose) {
        await openComposeView(bot, client, ctx, {
          triggerId: command.trigger_id,
          channelId: command.channel_id,
          accounts: (compose[1] ?? '').split(/[\s,]+/).filter(Boolean),
        });
        return;
      }
      const reply = await runCommand(bot.deps, { ...ctx, channel: command.channel_id }, text);
      const card = replyCard(reply);
      await respond({
        response_type: reply.public ? 'in_channel' : 'ephemeral',
        text: cardText(card),
        blocks: cardBlocks(card),
      });
    } catch (error) {
      const message = chatErrorText('slack', error, bot.logger, { command: text, team: command.team_id });
      await respond({ response_type: 'ephemeral', text: message, blocks: noticeBlocks(message) });
    }
  });
}

/**
 * The post whose approver groups a command needs: the one a decision names (`approve|reject|now
 * <id>`), or, for a `--force` over a conflict, the post it moves (else the default campaign's).
 */
function decidedPost(text: string): string | undefined {
  if (/^calendar\b/i.test(text)) return 'all';
  const decided = /^(approve|reject|now)\s+(\S+)/i.exec(text)?.[2];
  if (decided) return decided;
  if (!/(^|\s)--force(\s|$)/.test(text)) return undefined;
  return /(?:^|\s)(pst_[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? 'default';
}

import type { App } from '@slack/bolt';
import { chatErrorText } from '../../shared/chat-errors.js';
import { commandContext, type SlackBotContext } from '../slack-context.js';
import { openComposeView } from '../views/compose-view.js';

const NEW_POST_SHORTCUT = 'herald_new';

/** The global "New post" shortcut of manifest.yml: the compose form, answered in a DM with the bot. */
export function registerNewPostShortcut(app: App, bot: SlackBotContext): void {
  app.shortcut(NEW_POST_SHORTCUT, async ({ ack, body, client }) => {
    await ack();
    try {
      const ctx = await commandContext(
        bot,
        client,
        { id: body.team?.id ?? '', domain: body.team?.domain },
        { id: body.user.id, name: body.user.username },
      );
      await openComposeView(bot, client, ctx, { triggerId: body.trigger_id, channelId: body.user.id });
    } catch (error) {
      chatErrorText('slack', error, bot.logger, { shortcut: NEW_POST_SHORTCUT });
    }
  });
}

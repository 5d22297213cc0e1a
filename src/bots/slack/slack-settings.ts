import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { Logger } from '../../infra/logger.js';
import { chatBotContext } from '../shared/chat-workspace.js';
import type { SlackTransport } from './slack-bot.js';
import { SlackCardSink } from './slack-card-sink.js';
import type { SlackBotContext } from './slack-context.js';

/** The Slack part of the configuration, as the bot takes it. */
export function slackTransport(
  config: Config,
): Partial<SlackTransport> & Pick<SlackTransport, 'mode' | 'port'> {
  return {
    ...(config.SLACK_BOT_TOKEN ? { botToken: config.SLACK_BOT_TOKEN } : {}),
    appToken: config.SLACK_APP_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    mode: config.SLACK_MODE,
    port: config.HERALD_SLACK_PORT,
    host: config.HERALD_SLACK_HOST,
    apiUrl: config.SLACK_API_URL,
  };
}

/** How a Slack team's workspace is set up the first time it uses Herald. */
export function slackBotContext(config: Config, deps: CoreDeps, logger: Logger): SlackBotContext {
  return chatBotContext(config, deps, logger, {
    name: 'slack',
    approvers: config.HERALD_SLACK_APPROVERS,
    alertsChannel: config.HERALD_SLACK_ALERTS_CHANNEL,
  });
}

/** The card sink every process with a bot token gets, so workers can post alerts without the bot running. */
export function slackCardSink(config: Config): SlackCardSink | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
  });
  return new SlackCardSink(client);
}

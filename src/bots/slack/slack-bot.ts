import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Logger } from '../../infra/logger.js';
import { registerCardActions } from './actions/card-action-handler.js';
import { registerHeraldCommand } from './commands/herald-command.js';
import { registerNewPostShortcut } from './commands/new-post-shortcut.js';
import type { SlackBotContext } from './slack-context.js';
import { ignoreReplays, signedHttpReceiver } from './slack-request-guard.js';
import { registerComposeSubmit } from './views/compose-submit.js';
import { registerDecisionViews } from './views/decision-views.js';

export interface SlackTransport {
  botToken: string;
  /** Socket Mode when set (and mode is not `http`). */
  appToken?: string | undefined;
  /** HTTP mode: requests are verified with it (signature, 5-minute timestamp window either way, replays). */
  signingSecret?: string | undefined;
  mode: 'auto' | 'socket' | 'http';
  port: number;
  /** HTTP mode: the address to listen on (default 127.0.0.1, behind a reverse proxy). */
  host?: string | undefined;
  /** Slack Web API base URL, ending in `/` (tests point it at a local fake). */
  apiUrl?: string | undefined;
}

export interface SlackBot {
  app: App;
  mode: 'socket' | 'http';
  /** The HTTP receiver's port (HTTP mode). */
  port?: number;
  /** The address the HTTP receiver listens on (HTTP mode). */
  host?: string;
  stop(): Promise<void>;
}

/** Everything Herald answers in Slack; also what the manifest test checks against. */
function registerHerald(app: App, bot: SlackBotContext): void {
  registerHeraldCommand(app, bot);
  registerNewPostShortcut(app, bot);
  registerCardActions(app, bot);
  registerComposeSubmit(app, bot);
  registerDecisionViews(app, bot);
  app.error(async (error) => {
    bot.logger.error({ err: error }, 'slack: unhandled error');
  });
}

/** The transport a configuration asks for, or why the bot stays off (one line for start-up). */
export function slackMode(t: Partial<SlackTransport>): { mode: 'socket' | 'http' } | { off: string } {
  const fix =
    'set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) — see docs/slack.md';
  if (!t.botToken) return { off: `Slack bot off: ${fix}` };
  if (t.mode !== 'http' && t.appToken) return { mode: 'socket' };
  if (t.mode !== 'socket' && t.signingSecret) return { mode: 'http' };
  return {
    off: `Slack bot off: SLACK_MODE=${t.mode} needs ${t.mode === 'socket' ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'}; ${fix}`,
  };
}

/** Starts Bolt in Socket Mode or HTTP mode with Herald's handlers. */
export async function startSlackBot(transport: SlackTransport, bot: SlackBotContext): Promise<SlackBot> {
  const chosen = slackMode(transport);
  if ('off' in chosen) throw new Error(chosen.off);
  const common = {
    token: transport.botToken,
    logger: boltLogger(bot.logger),
    logLevel: LogLevel.WARN,
    ...(transport.apiUrl ? { clientOptions: { slackApiUrl: transport.apiUrl } } : {}),
  };
  const app =
    chosen.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken: transport.appToken as string })
      : new App({
          ...common,
          receiver: signedHttpReceiver(transport.signingSecret as string, bot, common.logger),
        });
  // Socket Mode has no request signatures to replay: Slack authenticates the socket itself.
  if (chosen.mode === 'http') ignoreReplays(app, bot);
  registerHerald(app, bot);
  const listen = { port: transport.port, host: transport.host ?? '127.0.0.1' };
  const started = (await (chosen.mode === 'http' ? app.start(listen) : app.start())) as unknown;
  const address = chosen.mode === 'http' ? (started as Server).address() : null;
  return {
    app,
    mode: chosen.mode,
    ...(address && typeof address === 'object' ? { port: address.port, host: address.address } : {}),
    stop: () => app.stop().then(() => undefined),
  };
}

/** Bolt logs through Herald's pino logger, so tokens stay redacted there too. */
function boltLogger(logger: Logger) {
  let level = LogLevel.WARN;
  return {
    debug: (...msg: unknown[]) => logger.debug({ slack: msg }, 'bolt'),
    info: (...msg: unknown[]) => logger.info({ slack: msg }, 'bolt'),
    warn: (...msg: unknown[]) => logger.warn({ slack: msg }, 'bolt'),
    error: (...msg: unknown[]) => logger.error({ slack: msg }, 'bolt'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  type AllMiddlewareArgs,
  type AnyMiddlewareArgs,
  type App,
  HTTPReceiver,
  type Logger,
} from '@slack/bolt';
import type { SlackBotContext } from './slack-context.js';

/**
 * How far a request's X-Slack-Request-Timestamp may be from our clock, either way. Bolt only
 * refuses old timestamps; a future one would let a captured request be replayed for as long
 * as its timestamp is ahead, so both directions are bounded here.
 */
const SLACK_WINDOW_SECONDS = 5 * 60;

/** The custom context property carrying a verified request's replay key. */
const REPLAY_KEY = 'heraldSignedRequest';

/**
 * Bolt's HTTP receiver with two additions: a timestamp outside the window is refused (401)
 * before Bolt reads the body, and every request Bolt has verified carries a replay key in its
 * context for {@link ignoreReplays}.
 */
export function signedHttpReceiver(
  signingSecret: string,
  bot: SlackBotContext,
  logger: Logger,
): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret,
    logger,
    // Bolt calls this only once the signature has checked out, so a forged request (say, a
    // real signature over a tampered body) cannot use up the key of the real request.
    customPropertiesExtractor: (req) => {
      const key = replayKey(req.headers);
      return key ? { [REPLAY_KEY]: key } : {};
    },
  });
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    if (outsideWindow(req.headers, bot.deps.clock.now())) {
      const timestamp = req.headers['x-slack-request-timestamp'];
      bot.logger.warn({ timestamp }, 'slack: refused a request with a timestamp outside the window');
      res.writeHead(401);
      res.end();
      return;
    }
    boltListener(req, res);
  };
  return receiver;
}

/**
 * Acks a byte-identical re-send of a request already accepted (200, empty) and runs nothing.
 * The notice log is shared through the database, so this holds across processes. Slack's own
 * retries carry a new timestamp and signature and pass; the handlers' own idempotency (presses
 * by action_ts, submissions by view and values) covers those. Socket Mode requests carry no
 * signature (the socket itself is authenticated by the app token): they have no key and pass.
 */
export function ignoreReplays(app: App, bot: SlackBotContext): void {
  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const key = args.context[REPLAY_KEY];
    if (typeof key !== 'string' || (await bot.deps.notices.firstTime(key, bot.deps.clock.now()))) {
      await args.next();
      return;
    }
    bot.logger.warn({ type: args.body.type }, 'slack: ignored a replayed signed request');
    // Events were acked by Bolt already; everything else is answered here, empty.
    const { ack } = args as { ack?: () => Promise<void> };
    if (ack) await ack();
  });
}

/** A timestamp that is not whole seconds, or more than the window from `now` either way. */
function outsideWindow(headers: IncomingHttpHeaders, now: Date): boolean {
  const raw = headers['x-slack-request-timestamp'];
  // A missing timestamp is Bolt's to refuse, with its own message.
  if (raw === undefined) return false;
  if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) return true;
  return Math.abs(Number(raw) - Math.floor(now.getTime() / 1000)) > SLACK_WINDOW_SECONDS;
}

/** The signature covers timestamp and body, so it names one exact request. */
function replayKey(headers: IncomingHttpHeaders): string | undefined {
  const [timestamp, signature] = [headers['x-slack-request-timestamp'], headers['x-slack-signature']];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return undefined;
  const digest = createHash('sha256').update(`${timestamp}:${signature}`).digest('base64url');
  return `slack:request:${digest}`;
}

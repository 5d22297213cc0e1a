import { randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { type SlackBot, type SlackTransport, startSlackBot } from '../../../src/bots/slack/slack-bot.js';
import type { SlackBotContext } from '../../../src/bots/slack/slack-context.js';
import { slackTransport } from '../../../src/bots/slack/slack-settings.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import type { CoreDeps } from '../../../src/core/use-cases/deps.js';
import { createLogger } from '../../../src/infra/logger.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { SIGNING_SECRET } from '../../support/slack-harness.js';
import { postSigned } from '../../support/slack-signing.js';

/** Only url_verification is sent, which no handler sees: a clock is all the bot needs. */
const context: SlackBotContext = {
  deps: { clock: systemClock } as Partial<CoreDeps> as CoreDeps,
  logger: createLogger('silent'),
  settings: { timezone: 'UTC', seed: false, mode: 'auto', approvers: [] },
};

const env = (extra: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_MODE: 'http',
  HERALD_SLACK_PORT: '0',
  ...extra,
});

async function withBot(transport: Partial<SlackTransport>, check: (bot: SlackBot) => Promise<void>) {
  const bot = await startSlackBot(transport as SlackTransport, context);
  try {
    await check(bot);
  } finally {
    await bot.stop();
  }
}

describe('Slack HTTP receiver: where it listens (HERALD_SLACK_HOST)', () => {
  it('listens on 127.0.0.1 by default, unreachable from the other interfaces', async () => {
    expect(loadConfig({}).HERALD_SLACK_HOST).toBe('127.0.0.1');
    await withBot(slackTransport(loadConfig(env())), async (bot) => {
      expect(bot.host).toBe('127.0.0.1');
      expect(await answers('127.0.0.1', bot.port as number)).toBe(true);
      const outside = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && !i.internal)
        .map((i) => i?.address as string);
      for (const address of outside) expect(await answers(address, bot.port as number)).toBe(false);
    });
  });

  it.skipIf(process.platform !== 'linux')('listens on the configured address only', async () => {
    // All of 127.0.0.0/8 is loopback on Linux, so a second address needs no network setup.
    await withBot(slackTransport(loadConfig(env({ HERALD_SLACK_HOST: '127.0.0.2' }))), async (bot) => {
      expect(bot.host).toBe('127.0.0.2');
      expect(await answers('127.0.0.2', bot.port as number)).toBe(true);
      expect(await answers('127.0.0.1', bot.port as number)).toBe(false);
    });
  });

  it('refuses an address that is neither an IP nor a host name, naming the variable', () => {
    for (const HERALD_SLACK_HOST of ['http://0.0.0.0', '127.0.0.1:3001', 'two words']) {
      expect(() => loadConfig({ HERALD_SLACK_HOST })).toThrow(ConfigError);
      expect(() => loadConfig({ HERALD_SLACK_HOST })).toThrow(
        `HERALD_SLACK_HOST=${JSON.stringify(HERALD_SLACK_HOST)}: expected an IP address`,
      );
    }
    expect(loadConfig({ HERALD_SLACK_HOST: '::' }).HERALD_SLACK_HOST).toBe('::');
    expect(loadConfig({ HERALD_SLACK_HOST: 'slack-receiver.internal' }).HERALD_SLACK_HOST).toBe(
      'slack-receiver.internal',
    );
  });
});

/**
 * Whether our receiver answers at host:port: a signed url_verification whose challenge it echoes.
 * Another process may hold the same port on another loopback address, so a bare connection proves
 * nothing.
 */
async function answers(host: string, port: number): Promise<boolean> {
  const challenge = randomUUID();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/slack/events`;
  const body = JSON.stringify({ token: 'verification-token', type: 'url_verification', challenge });
  try {
    const res = await postSigned(url, SIGNING_SECRET, body, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 && res.body.includes(challenge);
  } catch {
    return false;
  }
}

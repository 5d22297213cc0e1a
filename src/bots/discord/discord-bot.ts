import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, RESTEvents } from 'discord.js';
import type { DiscordBotContext } from './discord-context.js';
import type { DiscordTransport } from './discord-settings.js';
import { routeInteraction } from './interaction-router.js';

/** A running bot: its client (logged in and ready), its guild count, and how to stop it. */
export interface DiscordBot {
  client: Client<true>;
  /** Guilds the bot is in once ready: each one is (or becomes on first use) one Herald workspace. */
  guildCount: number;
  stop(): Promise<void>;
}

/** Whether the configuration turns the bot on, or why it stays off (one line for start-up). */
export function discordMode(t: Partial<DiscordTransport>): { on: true } | { off: string } {
  if (t.token && t.applicationId) return { on: true };
  return { off: 'Discord bot off: set DISCORD_TOKEN and DISCORD_APPLICATION_ID — see docs/discord.md' };
}

/**
 * Logs the real discord.js client in over the Gateway (only the Guilds intent: interactions
 * need no privileged intent) and answers Herald's interactions. Resolves once the client is
 * ready with its guilds; a refused token or a Gateway that never gets ready stops start-up
 * with a message that says what to fix.
 */
export async function startDiscordBot(
  transport: DiscordTransport,
  bot: DiscordBotContext,
  opts: { readyTimeoutMs?: number } = {},
): Promise<DiscordBot> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Cards mention people; nobody is pinged by Herald's messages.
    allowedMentions: { parse: [] },
    ...(transport.apiUrl ? { rest: { api: transport.apiUrl } } : {}),
  });
  client.on(Events.InteractionCreate, (interaction) => void routeInteraction(bot, interaction));
  client.on(Events.Error, (err) => bot.logger.error({ err }, 'discord: client error'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    bot.logger.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'discord: 429, waiting',
    ),
  );
  await login(client, transport.token, opts.readyTimeoutMs ?? 30_000);
  const ready = client as Client<true>;
  if (ready.application.id !== transport.applicationId)
    bot.logger.warn(
      { configured: transport.applicationId, actual: ready.application.id },
      'DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN; `herald discord register` will fail',
    );
  return { client: ready, guildCount: ready.guilds.cache.size, stop: () => client.destroy() };
}

/** The start-up line: how many guilds, and which. */
export function discordStartupLine(bot: DiscordBot): string {
  const names = bot.client.guilds.cache.map((g) => g.name);
  const list = names.length > 0 ? ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : '';
  const hint = names.length === 0 ? ' — invite it with the URL from `herald discord invite`' : '';
  return `Discord bot on as ${bot.client.user.tag}: ${names.length} guild(s)${list}${hint}`;
}

async function login(client: Client, token: string, timeoutMs: number): Promise<void> {
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(timeoutMs) });
  ready.catch(() => undefined);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    const code = (error as { code?: string; name?: string }).code ?? (error as Error).name;
    if (code === 'TokenInvalid')
      throw new Error(
        'Discord refused DISCORD_TOKEN: copy it again from Developer Portal → Bot → Reset Token.',
      );
    if (code === 'AbortError' || code === 'TimeoutError')
      throw new Error(
        `Discord did not get ready within ${timeoutMs / 1000} s; check the network and try again.`,
      );
    throw error;
  }
}

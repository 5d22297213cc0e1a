import { parseArgs } from 'node:util';
import { DiscordAPIError, PermissionFlagsBits, Routes } from 'discord.js';
import type { Config } from '../../config.js';
import { heraldCommandJson, SUBCOMMANDS } from './command-definitions.js';
import { type DiscordTransport, discordRest, discordTransport } from './discord-settings.js';

/** What the bot needs in a channel: see it, post cards (embeds) and edit them after a decision. */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

const USAGE = 'usage: herald discord register [--global] | herald discord invite';

type Out = (line: string) => void;

/** The link that adds the bot to a server with the `bot` and `applications.commands` scopes. */
function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params}`;
}

/**
 * `herald discord register [--global]` and `herald discord invite`. Registering bulk-overwrites
 * `/herald` in every DISCORD_GUILD_ID (instant, the way to start) or globally (every server the
 * bot is in); it needs no database, and says what it did or why Discord refused.
 */
export async function runDiscordCli(args: string[], config: Config, out: Out, err: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { global: { type: 'boolean', default: false } },
  });
  const transport = discordTransport(config);
  if (positionals[0] !== 'register' && positionals[0] !== 'invite') {
    err(USAGE);
    return 2;
  }
  if (!transport.token || !transport.applicationId) {
    err('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env first (see docs/discord.md).');
    return 2;
  }
  if (positionals[0] === 'invite') {
    out(inviteUrl(transport.applicationId));
    return 0;
  }
  try {
    return await registerCommands(
      transport as DiscordTransport,
      { global: values.global === true },
      out,
      err,
    );
  } catch (error) {
    err(`Discord refused: ${describeError(error)}`);
    return 1;
  }
}

/** Checks the token's application, then overwrites `/herald` where asked; 0 when all succeeded. */
export async function registerCommands(
  t: DiscordTransport,
  opts: { global: boolean },
  out: Out,
  err: Out,
): Promise<number> {
  const rest = discordRest(t.token, t.apiUrl);
  const app = (await rest.get(Routes.currentApplication())) as { id: string; name: string };
  if (app.id !== t.applicationId) {
    err(
      `DISCORD_APPLICATION_ID=${t.applicationId} is not the application of DISCORD_TOKEN (that is ${app.id}).`,
    );
    return 2;
  }
  const what = `/herald (${SUBCOMMANDS.length} subcommands)`;
  if (opts.global) {
    await rest.put(Routes.applicationCommands(app.id), { body: [heraldCommandJson('global')] });
    out(`Registered ${what} globally for "${app.name}": every server the bot is in gets it.`);
    return 0;
  }
  if (t.guildIds.length === 0) {
    err('Set DISCORD_GUILD_ID (your server id, comma-separated for several) or pass --global.');
    return 2;
  }
  let failed = 0;
  for (const guildId of t.guildIds) {
    try {
      await rest.put(Routes.applicationGuildCommands(app.id, guildId), {
        body: [heraldCommandJson('guild')],
      });
      out(`Registered ${what} in guild ${guildId}.`);
    } catch (error) {
      failed += 1;
      err(`Could not register in guild ${guildId}: ${describeError(error)}`);
    }
  }
  if (failed > 0) err(`Is the bot in that server? Invite it: ${inviteUrl(app.id)}`);
  return failed > 0 ? 1 : 0;
}

function describeError(error: unknown): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401)
      return 'the token is not valid (401). Copy it again from Developer Portal → Bot.';
    if (error.code === 50001) return 'Missing Access (50001): the bot is not in that server.';
    return `${error.message} (HTTP ${error.status}, code ${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

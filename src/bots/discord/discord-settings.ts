import { REST } from 'discord.js';
import type { Config } from '../../config.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { Logger } from '../../infra/logger.js';
import { chatBotContext } from '../shared/chat-workspace.js';
import { DiscordCardSink } from './discord-card-sink.js';
import type { DiscordBotContext } from './discord-context.js';

/** How Herald reaches Discord: the bot's credentials and, in tests, a local API. */
export interface DiscordTransport {
  token: string;
  applicationId: string;
  /** Guilds `herald discord register` registers `/herald` in. */
  guildIds: string[];
  /** Discord API base URL without the version (default https://discord.com/api). */
  apiUrl?: string | undefined;
}

/** The Discord part of the configuration, as the bot and the register command take it. */
export function discordTransport(
  config: Config,
): Partial<DiscordTransport> & Pick<DiscordTransport, 'guildIds'> {
  return {
    ...(config.DISCORD_TOKEN ? { token: config.DISCORD_TOKEN } : {}),
    ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
    guildIds: config.DISCORD_GUILD_ID?.split(',') ?? [],
    apiUrl: config.DISCORD_API_URL,
  };
}

/** How a guild's workspace is set up the first time it uses Herald. */
export function discordBotContext(config: Config, deps: CoreDeps, logger: Logger): DiscordBotContext {
  return chatBotContext(config, deps, logger, {
    name: 'discord',
    approvers: config.HERALD_DISCORD_APPROVER_ROLES,
    alertsChannel: config.HERALD_DISCORD_ALERTS_CHANNEL,
  });
}

/** A REST client with the bot token, pointed at DISCORD_API_URL when set. */
export function discordRest(token: string, apiUrl?: string): REST {
  return new REST({ version: '10', ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token);
}

/** The card sink every process with a bot token gets, so workers can post alerts without the bot running. */
export function discordCardSink(config: Config): DiscordCardSink | undefined {
  if (!config.DISCORD_TOKEN) return undefined;
  return new DiscordCardSink(discordRest(config.DISCORD_TOKEN, config.DISCORD_API_URL));
}

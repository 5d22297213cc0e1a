import type { Guild, GuildMember, Interaction } from 'discord.js';
import type { Workspace } from '../../core/domain/types.js';
import { HeraldError } from '../../core/errors.js';
import type { OperationContext } from '../../core/operations/context.js';
import { type ChatBotContext, ensureWorkspace } from '../shared/chat-workspace.js';

/** What every handler needs (the same for both bots). */
export type DiscordBotContext = ChatBotContext;

/**
 * The Herald workspace of the guild an interaction comes from (exactly one per guild, created on
 * first use) and the member acting, with the role ids they hold right now — taken from this
 * interaction's payload, so a role removed after a card was posted stops working at the next
 * click. Outside a guild (DMs) Herald has no tenant and refuses.
 */
export async function commandContext(
  bot: DiscordBotContext,
  interaction: Interaction,
): Promise<OperationContext> {
  if (!interaction.inGuild())
    throw new HeraldError('VALIDATION_FAILED', 'Herald works inside a server, not in direct messages.', {
      hint: 'Use /herald in a channel of your server.',
    });
  const workspace = await workspaceOf(bot, interaction.guildId, interaction.guild);
  const actor = { kind: 'discord' as const, id: interaction.user.id, name: interaction.user.username };
  return { workspace, actor, actorRoles: roleIds(interaction.member), confirmSchedules: true };
}

/** The guild's workspace; the configured alerts channel is adopted only if it is in this guild. */
async function workspaceOf(bot: DiscordBotContext, guildId: string, guild: Guild | null): Promise<Workspace> {
  const existing = await bot.deps.workspaces.findByExternalId('discord', guildId);
  if (existing && (existing.alertsChannel || !bot.settings.alertsChannel)) return existing;
  const alertsChannel = ownChannel(guild, bot.settings.alertsChannel);
  if (existing && !alertsChannel) return existing;
  if (!existing) bot.logger.info({ guild: guildId }, 'new Discord guild');
  return ensureWorkspace(bot.deps, {
    kind: 'discord',
    externalId: guildId,
    name: guild?.name ?? guildId,
    ...bot.settings,
    alertsChannel,
  });
}

/**
 * `channelId` if it belongs to `guild` — one setting must never send a guild's alerts to
 * another. The Gateway delivers every channel of a guild with it, so the cache decides, with no
 * request on the way of an interaction.
 */
function ownChannel(guild: Guild | null, channelId: string | undefined): string | undefined {
  return channelId && guild?.channels.cache.has(channelId) ? channelId : undefined;
}

/** Role ids of the member as this interaction delivered them (cached member or raw payload). */
function roleIds(member: GuildMember | { roles: string[] } | null): string[] {
  if (!member) return [];
  return Array.isArray(member.roles) ? [...member.roles] : [...(member as GuildMember).roles.cache.keys()];
}

import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import { summarizePostStatus } from '../../../core/domain/post-status.js';
import type { OperationContext } from '../../../core/operations/context.js';
import { listPosts } from '../../../core/use-cases/list-posts.js';
import { commandContext, type DiscordBotContext } from '../discord-context.js';

/** Autocomplete cannot be deferred: whatever is not found by then is left out. */
const AUTOCOMPLETE_BUDGET_MS = 2000;
/** How far back "recent posts" go; the search is over this window. */
const RECENT_MS = 30 * 24 * 3600_000;

type Choice = ApplicationCommandOptionChoiceData<string>;

/**
 * Suggestions while a member types an account or a post id: only this guild's workspace is
 * searched, so no id of another tenant is ever offered. Posts are the workspace's recent ones
 * nearest to now, matched on id or caption. Discord needs the answer within 3 s and takes 25.
 */
export async function onAutocomplete(
  bot: DiscordBotContext,
  interaction: AutocompleteInteraction,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).trim().toLowerCase();
  const work = (async () => {
    const ctx = await commandContext(bot, interaction);
    return focused.name === 'account' ? accountChoices(bot, ctx, typed) : postChoices(bot, ctx, typed);
  })();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Choice[]>((resolve) => {
    timer = setTimeout(() => resolve([]), AUTOCOMPLETE_BUDGET_MS);
  });
  const choices = await Promise.race([work, late])
    .catch((err: unknown) => {
      bot.logger.warn({ err, option: focused.name }, 'discord: autocomplete failed');
      return [];
    })
    .finally(() => clearTimeout(timer));
  await interaction.respond(choices.slice(0, 25));
}

async function accountChoices(
  bot: DiscordBotContext,
  ctx: OperationContext,
  typed: string,
): Promise<Choice[]> {
  const accounts = await bot.deps.accounts.list(ctx.workspace.id);
  return accounts
    .filter((a) => `${a.platform}:@${a.handle}`.toLowerCase().includes(typed.replace(/^@/, '')))
    .map((a) => ({
      name: clip(`@${a.handle} (${a.platform}) · ${a.timezone}`),
      value: `${a.platform}:@${a.handle}`,
    }));
}

async function postChoices(bot: DiscordBotContext, ctx: OperationContext, typed: string): Promise<Choice[]> {
  const now = bot.deps.clock.now().getTime();
  const page = await listPosts(bot.deps, {
    workspaceId: ctx.workspace.id,
    from: new Date(now - RECENT_MS),
    limit: 100,
  });
  return page.items
    .filter((v) => v.post.id.toLowerCase().includes(typed) || v.post.caption.toLowerCase().includes(typed))
    .sort(
      (a, b) => Math.abs(a.post.scheduledAt.getTime() - now) - Math.abs(b.post.scheduledAt.getTime() - now),
    )
    .map((v) => {
      const when = `${v.post.localTime.replace('T', ' ')} ${v.post.timezone}`;
      const status = summarizePostStatus(v.jobs);
      return { name: clip(`${v.post.id} · ${status} · ${when} · ${v.post.caption}`), value: v.post.id };
    });
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= 100 ? flat : `${flat.slice(0, 99)}…`;
}

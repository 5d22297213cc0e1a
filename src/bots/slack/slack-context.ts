import type { webApi } from '@slack/bolt';
import type { Workspace } from '../../core/domain/types.js';
import type { OperationContext } from '../../core/operations/context.js';
import { type ChatBotContext, ensureWorkspace } from '../shared/chat-workspace.js';

/** What every handler needs (the same for both bots). */
export type SlackBotContext = ChatBotContext;

/**
 * The Herald workspace of a Slack team (exactly one per team, created on first use) and the
 * person acting, with the user groups they belong to among the post's approvers — read from
 * Slack on every press, so a removal from the group takes effect at once.
 */
export async function commandContext(
  bot: SlackBotContext,
  client: webApi.WebClient,
  team: { id: string; domain?: string | undefined },
  user: { id: string; name?: string | undefined },
  /**
   * The post whose approvers matter, `default` for the default campaign's (a `--force` schedule),
   * or `all` for every campaign's (a calendar link acts on any post).
   */
  about?: string | 'default' | 'all',
): Promise<OperationContext> {
  const workspace = await workspaceOf(bot, team);
  const actor = { kind: 'slack' as const, id: user.id, ...(user.name ? { name: user.name } : {}) };
  const actorRoles = about ? await userGroupsOf(bot, client, workspace, user.id, about) : [];
  return { workspace, actor, actorRoles, confirmSchedules: true };
}

async function workspaceOf(
  bot: SlackBotContext,
  team: { id: string; domain?: string | undefined },
): Promise<Workspace> {
  const existing = await bot.deps.workspaces.findByExternalId('slack', team.id);
  if (existing) return existing;
  bot.logger.info({ team: team.id }, 'new Slack workspace');
  return ensureWorkspace(bot.deps, {
    kind: 'slack',
    externalId: team.id,
    name: team.domain ?? team.id,
    ...bot.settings,
  });
}

/** The approver user groups (S…) of the post's campaign that `userId` is in right now. */
async function userGroupsOf(
  bot: SlackBotContext,
  client: webApi.WebClient,
  workspace: Workspace,
  userId: string,
  about: string,
): Promise<string[]> {
  const groups = (await approversOf(bot, workspace, about)).filter((id) => id.startsWith('S'));
  const held: string[] = [];
  for (const usergroup of groups) {
    try {
      const res = await client.usergroups.users.list({ usergroup });
      if (res.users?.includes(userId)) held.push(usergroup);
    } catch (err) {
      bot.logger.warn(
        { err, usergroup },
        'could not read a Slack user group; treating the user as not in it',
      );
    }
  }
  return held;
}

async function approversOf(bot: SlackBotContext, workspace: Workspace, about: string): Promise<string[]> {
  if (about === 'all')
    return [...new Set((await bot.deps.campaigns.list(workspace.id)).flatMap((c) => c.approvers))];
  const post = about === 'default' ? null : await bot.deps.posts.get(workspace.id, about);
  const campaignId = about === 'default' ? workspace.defaultCampaignId : post?.campaignId;
  const campaign = campaignId ? await bot.deps.campaigns.get(workspace.id, campaignId) : null;
  return campaign?.approvers ?? [];
}

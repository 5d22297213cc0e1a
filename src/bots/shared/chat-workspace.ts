import type { Config } from '../../config.js';
import type { AutonomyMode, Workspace, WorkspaceKind } from '../../core/domain/types.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { Logger } from '../../infra/logger.js';

interface ChatWorkspaceOptions {
  kind: WorkspaceKind;
  /** Slack team id, Discord guild id, or `local` for the console. */
  externalId: string;
  name: string;
  timezone: string;
  /** Give a new workspace a demo creator with a dryrun account and a default campaign. */
  seed: boolean;
  /** Mode and approvers of that default campaign (later changes go through `/v1/campaigns`). */
  mode: AutonomyMode;
  approvers: string[];
  /** Where alerts go; set once when the workspace has none yet. */
  alertsChannel?: string | undefined;
}

type Deps = Pick<CoreDeps, 'workspaces' | 'campaigns' | 'influencers' | 'accounts'>;

/**
 * The one Herald workspace of a Slack team, a Discord guild or the console, created on first
 * use (idempotent under races). With `seed`, it can be tried at once: `@demo` posts to dryrun,
 * which records instead of publishing.
 */
export async function ensureWorkspace(deps: Deps, opts: ChatWorkspaceOptions): Promise<Workspace> {
  let workspace = await deps.workspaces.ensure({
    kind: opts.kind,
    externalId: opts.externalId,
    name: opts.name,
    timezone: opts.timezone,
    ...(opts.alertsChannel ? { alertsChannel: opts.alertsChannel } : {}),
  });
  if (opts.alertsChannel && !workspace.alertsChannel)
    workspace =
      (await deps.workspaces.update(workspace.id, { alertsChannel: opts.alertsChannel })) ?? workspace;
  if (!opts.seed) return workspace;
  const campaign = await deps.campaigns.ensure({
    workspaceId: workspace.id,
    name: `${opts.kind}-default`,
    mode: opts.mode,
    approvers: opts.approvers,
    fourEyes: false,
    minGapMinutes: 0,
    dailyCap: 0,
  });
  const influencer = await deps.influencers.ensure({
    workspaceId: workspace.id,
    handle: 'demo',
    displayName: 'Demo creator',
  });
  await deps.accounts.ensure({
    workspaceId: workspace.id,
    influencerId: influencer.id,
    platform: 'dryrun',
    handle: 'demo',
    timezone: opts.timezone,
  });
  if (workspace.defaultCampaignId) return workspace;
  return (await deps.workspaces.update(workspace.id, { defaultCampaignId: campaign.id })) ?? workspace;
}

/** What every chat bot handler needs: the core, and how a new team or guild's workspace is set up. */
export interface ChatBotContext {
  deps: CoreDeps;
  logger: Logger;
  settings: {
    timezone: string;
    seed: boolean;
    mode: AutonomyMode;
    /** Approvers of a new workspace's default campaign: Slack user/group ids or Discord role ids. */
    approvers: string[];
    /** Alerts channel of a new workspace (Discord: used only by the guild that owns it). */
    alertsChannel?: string | undefined;
  };
}

/**
 * The bot context of one surface from the configuration: the settings a new team or guild
 * starts with are shared, only its approvers and alerts channel are per surface.
 */
export function chatBotContext(
  config: Config,
  deps: CoreDeps,
  logger: Logger,
  surface: {
    name: 'slack' | 'discord';
    approvers?: string[] | undefined;
    alertsChannel?: string | undefined;
  },
): ChatBotContext {
  return {
    deps,
    logger: logger.child({ surface: surface.name }),
    settings: {
      timezone: config.HERALD_TIMEZONE,
      seed: config.HERALD_CHAT_SEED,
      mode: config.HERALD_CHAT_DEFAULT_MODE,
      approvers: surface.approvers ?? [],
      alertsChannel: surface.alertsChannel,
    },
  };
}

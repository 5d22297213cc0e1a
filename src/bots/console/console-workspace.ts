import type { Workspace } from '../../core/domain/types.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';

export const CONSOLE_ACTOR_ID = 'console';

/**
 * The console's tenant. With `seed`, it gets a demo influencer with a dryrun account and a
 * default campaign in `auto` mode: dryrun publishes nothing real, so posts scheduled from the
 * console publish on their own. Campaigns created any other way default to suggest_only (SPEC §4).
 */
export async function ensureConsoleWorkspace(
  deps: Pick<CoreDeps, 'workspaces' | 'campaigns' | 'influencers' | 'accounts'>,
  opts: { timezone: string; seed: boolean },
): Promise<Workspace> {
  const workspace = await deps.workspaces.ensure({
    kind: 'console',
    externalId: 'local',
    name: 'Local console',
    timezone: opts.timezone,
  });
  if (!opts.seed) return workspace;
  const campaign = await deps.campaigns.ensure({
    workspaceId: workspace.id,
    name: 'console-default',
    mode: 'auto',
    approvers: [],
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

import type { AutonomyMode, Campaign } from '../../src/core/domain/types.js';
import type { CoreDeps } from '../../src/core/use-cases/deps.js';

/** One workspace with a default campaign in `mode` and a dryrun account @demo. */
export async function seedWorkspace(deps: CoreDeps, mode: AutonomyMode, externalId = 'test') {
  const workspace = await deps.workspaces.ensure({
    kind: 'console',
    externalId,
    name: 'Test',
    timezone: 'UTC',
  });
  const campaign = await deps.campaigns.ensure({
    workspaceId: workspace.id,
    name: 'default',
    mode,
    approvers: [],
    fourEyes: false,
    minGapMinutes: 0,
    dailyCap: 0,
  });
  await deps.workspaces.update(workspace.id, { defaultCampaignId: campaign.id });
  const influencer = await deps.influencers.ensure({
    workspaceId: workspace.id,
    handle: 'demo',
    displayName: 'Demo',
  });
  const account = await deps.accounts.ensure({
    workspaceId: workspace.id,
    influencerId: influencer.id,
    platform: 'dryrun',
    handle: 'demo',
    timezone: 'UTC',
  });
  return { workspace: { ...workspace, defaultCampaignId: campaign.id }, campaign, account };
}

/** Changes a campaign's policy as an operator would: through the repository, so every cache sees it. */
export async function setCampaign(
  deps: Pick<CoreDeps, 'campaigns'>,
  workspaceId: string,
  campaignId: string,
  patch: Partial<Omit<Campaign, 'id' | 'workspaceId' | 'createdAt' | 'version'>>,
): Promise<void> {
  const current = await deps.campaigns.get(workspaceId, campaignId);
  if (!current) throw new Error(`no campaign ${campaignId}`);
  const updated = await deps.campaigns.update(workspaceId, campaignId, current.version, patch);
  if (!updated) throw new Error(`campaign ${campaignId} changed meanwhile`);
}

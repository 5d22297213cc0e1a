import type { AutonomyMode } from '../../src/core/domain/types.js';
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

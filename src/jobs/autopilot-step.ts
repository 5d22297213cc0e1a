import { runAutopilot } from '../core/use-cases/autopilot.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import type { Logger } from '../infra/logger.js';

const CAMPAIGNS_PER_SWEEP = 200;

/**
 * The sweep's autopilot step: every campaign whose autopilot is on gets its picks for the due
 * times within the look-ahead. Each due time is claimed, so workers sweeping together make each
 * pick once. One campaign's failure is logged and does not stop the others.
 */
export async function sweepAutopilot(deps: CoreDeps, owner: string, logger: Logger): Promise<number> {
  let picked = 0;
  for (const campaign of await deps.campaigns.withAutopilot(CAMPAIGNS_PER_SWEEP)) {
    try {
      for (const outcome of await runAutopilot(deps, campaign, owner)) {
        if (outcome.kind === 'picked') {
          picked += 1;
          logger.info(
            {
              campaignId: campaign.id,
              postId: outcome.post.id,
              assetId: outcome.asset.id,
              score: outcome.asset.score,
            },
            'autopilot picked an asset',
          );
        } else if (outcome.kind === 'empty' && outcome.firstToday) {
          logger.warn(
            { campaignId: campaign.id, influencerId: campaign.autopilot?.influencerId, at: outcome.at },
            'autopilot found the library empty: nothing to post',
          );
        } else if (outcome.kind === 'refused') {
          logger.warn(
            { campaignId: campaign.id, at: outcome.at, reason: outcome.reason },
            'autopilot pick refused by the campaign',
          );
        }
      }
    } catch (error) {
      logger.error({ campaignId: campaign.id, err: error }, 'autopilot step failed for a campaign');
    }
  }
  return picked;
}

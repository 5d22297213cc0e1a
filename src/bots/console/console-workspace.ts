import type { Workspace } from '../../core/domain/types.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import { ensureWorkspace } from '../shared/chat-workspace.js';

export const CONSOLE_ACTOR_ID = 'console';

/**
 * The console's tenant. With `seed`, it gets a demo influencer with a dryrun account and a
 * default campaign in `auto` mode: dryrun publishes nothing real, so posts scheduled from the
 * console publish on their own. Campaigns created any other way default to suggest_only
 * (docs/product.md#campaign-modes).
 */
export function ensureConsoleWorkspace(
  deps: Pick<CoreDeps, 'workspaces' | 'campaigns' | 'influencers' | 'accounts'>,
  opts: { timezone: string; seed: boolean },
): Promise<Workspace> {
  return ensureWorkspace(deps, {
    kind: 'console',
    externalId: 'local',
    name: 'Local console',
    timezone: opts.timezone,
    seed: opts.seed,
    mode: 'auto',
    approvers: [],
  });
}

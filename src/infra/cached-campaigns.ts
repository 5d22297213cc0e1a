import type { Campaign } from '../core/domain/types.js';
import type { CampaignRepository } from '../core/ports/campaign-repository.js';
import type { Clock } from '../core/ports/clock.js';

/** How long a campaign read is reused: a policy change made in another process applies within this. */
const CAMPAIGN_CACHE_MS = 5000;
const MAX_ENTRIES = 2000;

/**
 * Remembers campaigns read in the last few seconds. Nearly every operation and publish reads its
 * post's campaign (policy: mode, gap, cap, approvers, retries), and policy changes are rare:
 * a cached read saves that round trip on every reschedule, cancel and publish. A change made
 * through this process is seen at once; one made elsewhere within `ttlMs`.
 */
export class CachedCampaigns implements CampaignRepository {
  private readonly entries = new Map<string, { campaign: Campaign | null; until: number }>();

  constructor(
    private readonly inner: CampaignRepository,
    private readonly clock: Clock,
    private readonly ttlMs = CAMPAIGN_CACHE_MS,
  ) {}

  async get(workspaceId: string, id: string): Promise<Campaign | null> {
    const key = `${workspaceId}:${id}`;
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.campaign;
    const campaign = await this.inner.get(workspaceId, id);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { campaign, until: now + this.ttlMs });
    return campaign;
  }

  async ensure(input: Omit<Campaign, 'id' | 'createdAt' | 'version'>): Promise<Campaign> {
    const campaign = await this.inner.ensure(input);
    this.entries.delete(`${campaign.workspaceId}:${campaign.id}`);
    return campaign;
  }

  list(workspaceId: string): Promise<Campaign[]> {
    return this.inner.list(workspaceId);
  }

  withAutopilot(limit: number): Promise<Campaign[]> {
    return this.inner.withAutopilot(limit);
  }

  async update(...args: Parameters<CampaignRepository['update']>): Promise<Campaign | null> {
    this.entries.delete(`${args[0]}:${args[1]}`);
    const updated = await this.inner.update(...args);
    this.entries.delete(`${args[0]}:${args[1]}`);
    return updated;
  }
}

import type { Campaign } from '../domain/types.js';

/** Campaigns hold the publishing policy (autonomy, approvers, gaps, caps, retries). */
export interface CampaignRepository {
  /** Creates the campaign or returns the one with that name (unique per workspace). */
  ensure(input: Omit<Campaign, 'id' | 'createdAt' | 'version'>): Promise<Campaign>;
  get(workspaceId: string, id: string): Promise<Campaign | null>;
  list(workspaceId: string): Promise<Campaign[]>;
  /** Campaigns of every workspace whose autopilot is on: what the sweep picks for. */
  withAutopilot(limit: number): Promise<Campaign[]>;
  /** Policy change; compare-and-set on the version so two admins cannot silently overwrite each other. */
  update(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<Campaign, 'id' | 'workspaceId' | 'createdAt' | 'version'>>,
  ): Promise<Campaign | null>;
}

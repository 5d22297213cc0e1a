import type { Influencer } from '../domain/types.js';

/** Creators of a workspace, addressed in commands by handle. */
export interface InfluencerRepository {
  /** Creates the influencer or returns the existing one with that handle (handles are unique per workspace). */
  ensure(input: Omit<Influencer, 'id' | 'createdAt'>): Promise<Influencer>;
  get(workspaceId: string, id: string): Promise<Influencer | null>;
  list(workspaceId: string): Promise<Influencer[]>;
}

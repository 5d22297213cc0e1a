import type { Asset, AssetState } from '../domain/types.js';

/** The content library: each influencer's assets, what an autopilot picks from (docs/library.md). */
export interface AssetRepository {
  /** False when the influencer already has an asset with that URL (nothing is stored). */
  insert(asset: Asset): Promise<boolean>;
  /** Many new assets at once (an import); returns the ids actually stored. */
  insertMany(assets: Asset[]): Promise<string[]>;
  get(workspaceId: string, id: string): Promise<Asset | null>;
  /** The influencer's asset with that URL. */
  byUrl(workspaceId: string, influencerId: string, url: string): Promise<Asset | null>;
  /** Every asset of the workspace (or of one influencer), for imports and exports. */
  list(workspaceId: string, influencerId?: string): Promise<Asset[]>;
  /** The assets a pick may consider: `ready` ones, and `posted` ones (evergreen). */
  pickable(workspaceId: string, influencerId: string): Promise<Asset[]>;
  /** The asset reserved for (or last posted by) a post. */
  byPick(workspaceId: string, postId: string): Promise<Asset | null>;
  /**
   * Compare-and-set on the version: an edit (import, re-queue), or a reservation. Null when
   * the asset changed meanwhile — for a reservation, another worker took it.
   */
  update(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<Asset, 'id' | 'workspaceId' | 'influencerId' | 'addedAt' | 'version'>>,
  ): Promise<Asset | null>;
  /**
   * Settles the pick of `postId`: only while the asset is still that post's pick and in one of
   * `from` (a replayed settle changes nothing).
   */
  settle(
    workspaceId: string,
    id: string,
    postId: string,
    from: readonly AssetState[],
    patch: Partial<Pick<Asset, 'state' | 'timesPosted' | 'postedAt' | 'pick'>>,
  ): Promise<Asset | null>;
}

/**
 * One record per due time of an autopilot rule: the first worker to claim it makes the pick;
 * the others see it taken. A claim whose worker died is taken over after its lease.
 */
export interface PickClaim {
  id: string;
  workspaceId: string;
  campaignId: string;
  at: Date;
  state: 'claimed' | 'done' | 'empty' | 'refused';
  owner: string;
  until: Date;
  postId?: string | undefined;
  assetId?: string | undefined;
  reason?: string | undefined;
  version: number;
}

export interface PickClaims {
  /**
   * The claim when this caller won it: new, or taken over once its `until` passed while it was
   * still `claimed` (its worker died) or `empty` (tried again later); null otherwise.
   */
  claim(input: Omit<PickClaim, 'state' | 'version'>, now: Date): Promise<PickClaim | null>;
  finish(
    id: string,
    version: number,
    outcome: Pick<PickClaim, 'state'> & Partial<Pick<PickClaim, 'postId' | 'assetId' | 'reason' | 'until'>>,
  ): Promise<void>;
  /** Claims of a campaign at these instants (the calendar leaves them out of its tentative tiles). */
  between(workspaceId: string, campaignId: string, from: Date, to: Date): Promise<PickClaim[]>;
}

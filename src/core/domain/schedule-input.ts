import type { Actor, Cover, Media, Recurrence } from './types.js';

/** A post to schedule, its time already resolved from the user's words by the language layer. */
export interface ScheduleInput {
  workspaceId: string;
  actor: Actor;
  accountIds: string[];
  caption: string;
  /** Own captions of some of the accounts, by account id. */
  captions?: Record<string, string>;
  media?: Media[];
  /** The video's cover: a moment of the clip or a picture. */
  cover?: Cover;
  /** The (first) occurrence, already resolved from the user's words by the language layer. */
  scheduledAt: Date;
  timezone: string;
  localTime: string;
  recurrence?: Recurrence;
  campaignId?: string;
  draftId?: string;
  /** The library asset the post is made from (an autopilot pick). */
  assetId?: string;
  /** Also keep the post's media in its first account's influencer's library ("save to library"). */
  saveToLibrary?: boolean;
  /**
   * The request's Idempotency-Key (as scoped by the API): the post's id is derived from it, so a
   * create re-run after a crash finds what its first run stored instead of making a second post.
   */
  requestKey?: string;
  /**
   * Accept despite a minimum-gap or daily-cap conflict: only by someone allowed to
   * (docs/product.md#conflicts-and-caps).
   */
  force?: boolean;
  /** Groups/roles the surface says the actor holds (Slack user groups, Discord roles): who may force. */
  actorRoles?: string[];
}

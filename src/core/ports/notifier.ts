import type { Actor, Platform, Post, PublishJob } from '../domain/types.js';
import type { CardMessageRef } from './card-ref-store.js';

/** What the team is told about, in the alerts and approvals channels (chat) or on the console. */
export type Notification =
  | { type: 'published'; job: PublishJob }
  | { type: 'needs_attention'; job: PublishJob; reason: string }
  | { type: 'failed'; job: PublishJob; reason: string }
  /** A new post waits for an approver: one card per post, whatever its number of jobs. */
  | { type: 'approval_requested'; post: Post; jobs: PublishJob[] }
  /** A suggest-only post: a card with "Publish now", since nothing publishes on its own. */
  | { type: 'suggested'; post: Post; jobs: PublishJob[] }
  /** A job still unapproved close to its due time: at due time it stops with needs_attention. */
  | { type: 'approval_expiring'; job: PublishJob }
  /**
   * A post waiting for a decision got one — approved, rejected, cancelled, or a suggestion
   * published now — by a button, a command or the API: cards still offering the choice must stop.
   */
  | {
      type: 'post_decided';
      post: Post;
      decision: 'approved' | 'rejected' | 'cancelled' | 'publish_now';
      by: Actor;
      reason?: string;
      /** The card the decision was made on, which its surface has already replaced. */
      madeOn?: CardMessageRef;
    }
  | { type: 'token_expiring'; workspaceId: string; accountId: string; expiresAt: Date }
  /** An account was connected (or reconnected): said where the person asked, else in the alerts channel. */
  | {
      type: 'account_connected';
      workspaceId: string;
      accountId: string;
      /** "@mia on TikTok", for surfaces that show the event without reading the account. */
      handle: string;
      platform: Platform;
      channel?: string | undefined;
      reconnected: boolean;
      /** Jobs held for the account that went back to their time. */
      resumed: number;
    }
  /** A refresh failed for good: someone must reconnect the account; its jobs are held meanwhile. */
  | {
      type: 'account_needs_reconnect';
      workspaceId: string;
      accountId: string;
      handle: string;
      platform: Platform;
      reason: string;
      since: Date;
      held: number;
    }
  /** An autopilot found nothing to post in an influencer's library (once a day). */
  | {
      type: 'library_empty';
      workspaceId: string;
      influencerId: string;
      handle: string;
      campaign: string;
      /** The local day the pick was for, e.g. `Tue 9 Dec`. */
      day: string;
    };

/** Fan-out to the surfaces a workspace uses. Delivery failures must never fail a publish. */
export interface Notifier {
  /**
   * Rejects when a surface could not deliver, so that a caller that sees the event again (a
   * sweep) can try again; what was delivered is not sent twice. Publish paths go through
   * `notifySafely`, which swallows the rejection.
   */
  notify(workspaceId: string, notification: Notification): Promise<void>;
}

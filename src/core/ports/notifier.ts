import type { PublishJob } from '../domain/types.js';

/** What the team is told about, in the alerts channel (chat) or on the console. */
export type Notification =
  | { type: 'published'; job: PublishJob }
  | { type: 'needs_attention'; job: PublishJob; reason: string }
  | { type: 'failed'; job: PublishJob; reason: string }
  | { type: 'approval_requested'; job: PublishJob }
  | { type: 'token_expiring'; workspaceId: string; accountId: string; expiresAt: Date };

/** Fan-out to the surfaces a workspace uses. Delivery failures must never fail a publish. */
export interface Notifier {
  notify(workspaceId: string, notification: Notification): Promise<void>;
}

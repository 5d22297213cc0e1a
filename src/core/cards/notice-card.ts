import type { PublishJob, Workspace } from '../domain/types.js';
import type { Notification } from '../ports/notifier.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { jobsOfPost } from '../use-cases/jobs-of-post.js';
import type { PostView } from '../use-cases/list-posts.js';
import { connectedCard, reconnectCard } from './account-cards.js';
import type { Card } from './card.js';
import { onlyJob, postCard, sameOccurrence, tokenCard } from './cards.js';

/** A notification as chat shows it: which card, in which channel, under which once-only key. */
export interface NoticeCard {
  /** Unique per event: the same event seen twice (a retried sweep, two workers) gives the same key. */
  key: string;
  channel: string;
  card: Card;
}

type Deps = Pick<CoreDeps, 'posts' | 'jobs' | 'accounts' | 'campaigns' | 'clock'>;

/**
 * Builds the card for a notification (docs/product.md#alerts): alerts (needs_attention, failed, expiring
 * tokens and approvals) go to the workspace's alerts channel; approval and suggestion cards go
 * to the campaign's approvals channel, else the alerts channel. Null when there is nowhere to
 * post, or nothing worth a card (a plain "published" is shown on cards, not posted).
 */
export async function noticeCard(
  deps: Deps,
  workspace: Workspace,
  n: Notification,
): Promise<NoticeCard | null> {
  const alerts = workspace.alertsChannel;
  const now = deps.clock.now();
  switch (n.type) {
    case 'published':
    // A decision changes the cards already posted (ChatNotifier), it posts none.
    case 'post_decided':
      return null;
    case 'token_expiring': {
      const account = await deps.accounts.get(workspace.id, n.accountId);
      if (!alerts || !account) return null;
      return {
        key: `token_expiring:${account.id}:${n.expiresAt.toISOString()}`,
        channel: alerts,
        card: tokenCard(account, n.expiresAt),
      };
    }
    case 'library_empty':
      if (!alerts) return null;
      return {
        key: `library_empty:${n.influencerId}:${n.day}`,
        channel: alerts,
        card: {
          title: `Library for @${n.handle} is empty: nothing to post on ${n.day}`,
          lines: [
            `The autopilot of campaign "${n.campaign}" found no asset it may post. It keeps running and picks as soon as there is one.`,
            `Add some: library add @${n.handle} https://… score:80, or import a file.`,
          ],
          fields: [],
          badges: [],
          actions: [],
          tone: 'warning',
        },
      };
    case 'account_connected': {
      const account = await deps.accounts.get(workspace.id, n.accountId);
      const channel = n.channel ?? alerts;
      if (!account || !channel) return null;
      return {
        key: `account_connected:${account.id}:${account.version}`,
        channel,
        card: connectedCard(account, n.reconnected, n.resumed),
      };
    }
    case 'account_needs_reconnect': {
      const account = await deps.accounts.get(workspace.id, n.accountId);
      if (!alerts || !account) return null;
      return {
        key: `account_needs_reconnect:${account.id}:${n.since.toISOString()}`,
        channel: alerts,
        card: reconnectCard(account, n.reason, n.held),
      };
    }
    case 'approval_requested':
    case 'suggested': {
      const view = await viewOf(deps, workspace.id, n.post.id);
      // Decided before the card went out (approved, cancelled, published now): nothing to ask.
      const waits = n.type === 'suggested' ? 'suggested' : 'awaiting_approval';
      if (!view?.jobs.some((j) => j.status === waits)) return null;
      const channel = (await approvalsChannel(deps, workspace, view)) ?? alerts;
      if (!view || !channel) return null;
      const purpose =
        n.type === 'suggested' ? ({ kind: 'suggestion' } as const) : ({ kind: 'approval' } as const);
      return { key: `${n.type}:${n.post.id}:${n.post.version}`, channel, card: postCard(view, purpose, now) };
    }
    case 'approval_expiring': {
      const view = await viewOf(deps, workspace.id, n.job.postId);
      // Decided since the sweep read it: nothing is expiring any more.
      const occurrence = view && sameOccurrence(view, n.job);
      if (!occurrence?.jobs.some(awaitsApproval)) return null;
      const channel = alerts ?? (await approvalsChannel(deps, workspace, view));
      if (!channel) return null;
      return {
        key: `approval_expiring:${n.job.postId}:${n.job.occurrenceAt.toISOString()}:${n.job.nextAttemptAt.toISOString()}`,
        channel,
        card: postCard(occurrence, { kind: 'approval_expiring' }, now),
      };
    }
    case 'needs_attention':
    case 'failed': {
      const view = await viewOf(deps, workspace.id, n.job.postId);
      if (!view || !alerts) return null;
      const purpose = { kind: 'alert', status: n.type, reason: n.reason, jobId: n.job.id } as const;
      return {
        key: `${n.type}:${n.job.id}:${n.job.version}`,
        channel: alerts,
        card: postCard(onlyJob(view, n.job), purpose, now),
      };
    }
  }
}

const awaitsApproval = (job: PublishJob) => job.status === 'awaiting_approval';

/** A post with its current jobs and accounts, or null when it is gone or foreign. */
export async function viewOf(deps: Deps, workspaceId: string, postId: string): Promise<PostView | null> {
  const post = await deps.posts.get(workspaceId, postId);
  if (!post) return null;
  const [jobs, accounts] = await Promise.all([
    jobsOfPost(deps, post),
    deps.accounts.getMany(workspaceId, post.accountIds),
  ]);
  return { post, jobs, accounts };
}

async function approvalsChannel(
  deps: Deps,
  workspace: Workspace,
  view: PostView | null,
): Promise<string | undefined> {
  const campaignId = view?.post.campaignId;
  const campaign = campaignId ? await deps.campaigns.get(workspace.id, campaignId) : null;
  return campaign?.approvalsChannel ?? workspace.alertsChannel;
}

import type { Notification, Notifier } from '../../core/ports/notifier.js';

/** Prints alerts and publish results on the terminal, as the alerts channel would show them. */
export class ConsoleNotifier implements Notifier {
  constructor(private readonly write: (line: string) => void) {}

  async notify(_workspaceId: string, n: Notification): Promise<void> {
    this.write(describe(n));
  }
}

function describe(n: Notification): string {
  switch (n.type) {
    case 'published':
      return `✓ published ${n.job.postId} on ${n.job.platform}${n.job.platformUrl ? ` — ${n.job.platformUrl}` : ''}`;
    case 'needs_attention':
      return `⚠ ${n.job.postId} (${n.job.id}) needs attention: ${n.reason}`;
    case 'failed':
      return `✗ ${n.job.postId} (${n.job.id}) failed: ${n.reason}`;
    case 'approval_requested':
      return `? ${n.post.id} is waiting for approval (approve ${n.post.id})`;
    case 'suggested':
      return `? ${n.post.id} is a suggestion: nothing publishes until "now ${n.post.id}"`;
    case 'approval_expiring':
      return `⏳ ${n.job.postId} is due ${n.job.nextAttemptAt.toISOString()} and still not approved`;
    case 'token_expiring':
      return `⚠ the token of account ${n.accountId} expires ${n.expiresAt.toISOString()}`;
    case 'approval_decided':
      return `${n.decision === 'approved' ? '✓' : '✗'} ${n.post.id} ${n.decision} by ${n.by.name ?? n.by.id}`;
  }
}

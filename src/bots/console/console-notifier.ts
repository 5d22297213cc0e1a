import { PLATFORM_NAMES } from '../../core/domain/connection.js';
import type { Notification, Notifier } from '../../core/ports/notifier.js';

/** Prints alerts and publish results on the terminal, as the alerts channel would show them. */
export class ConsoleNotifier implements Notifier {
  /** Sweep alerts already printed: a sweep hands one over again when a chat surface refused it. */
  private readonly printed = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  async notify(_workspaceId: string, n: Notification): Promise<void> {
    const key = sweepKey(n);
    if (key) {
      if (this.printed.has(key)) return;
      if (this.printed.size >= 10_000) this.printed.clear();
      this.printed.add(key);
    }
    this.write(describe(n));
  }
}

/** The event a sweep alert is about; undefined for notifications that only ever come once. */
function sweepKey(n: Notification): string | undefined {
  if (n.type === 'token_expiring') return `token:${n.accountId}:${n.expiresAt.toISOString()}`;
  if (n.type === 'library_empty') return `library_empty:${n.influencerId}:${n.day}`;
  if (n.type === 'approval_expiring') return `approval:${n.job.id}:${n.job.nextAttemptAt.toISOString()}`;
  return undefined;
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
    case 'account_connected':
      return `✓ ${n.reconnected ? 'Reconnected' : 'Connected'} @${n.handle} on ${PLATFORM_NAMES[n.platform]}${n.resumed ? ` (${n.resumed} held post job(s) resumed)` : ''}`;
    case 'account_needs_reconnect':
      return `⚠ ${n.reason} ${n.held} post job(s) held; reconnect with: connect @${n.handle}`;
    case 'library_empty':
      return `⚠ Library for @${n.handle} is empty: nothing to post on ${n.day} (campaign ${n.campaign}). Add some with: library add @${n.handle} https://…`;
    case 'post_decided':
      return `${n.decision === 'approved' ? '✓' : '✗'} ${n.post.id} ${n.decision} by ${n.by.name ?? n.by.id}`;
  }
}

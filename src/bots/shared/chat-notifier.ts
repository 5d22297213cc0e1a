import type { Card } from '../../core/cards/card.js';
import { noticeCard } from '../../core/cards/notice-card.js';
import type { Workspace, WorkspaceKind } from '../../core/domain/types.js';
import type { Notification, Notifier } from '../../core/ports/notifier.js';
import type { CoreDeps } from '../../core/use-cases/deps.js';
import type { Logger } from '../../infra/logger.js';

/** Where a surface puts a card: Slack's chat.postMessage, Discord's channel message create. */
export interface CardSink {
  /**
   * Posts `card` to `channel` of `workspace`. A channel that does not belong to the workspace's
   * own team or guild is refused (a campaign setting must never route one tenant's cards to another).
   */
  post(channel: string, card: Card, workspace: Workspace): Promise<{ channel: string; messageId: string }>;
}

/**
 * Posts notifications as cards in the workspace's own chat (a Slack workspace's alerts go to
 * Slack, a guild's to Discord). Each event goes out once: the notice log decides, across
 * workers and retries, before anything is posted.
 */
export class ChatNotifier implements Notifier {
  constructor(
    private readonly deps: Pick<
      CoreDeps,
      'workspaces' | 'posts' | 'jobs' | 'accounts' | 'campaigns' | 'notices' | 'clock'
    >,
    private readonly sinks: Partial<Record<WorkspaceKind, CardSink>>,
    private readonly logger: Logger,
  ) {}

  async notify(workspaceId: string, n: Notification): Promise<void> {
    const workspace = await this.deps.workspaces.get(workspaceId);
    const sink = workspace ? this.sinks[workspace.kind] : undefined;
    if (!workspace || !sink) return;
    const notice = await noticeCard(this.deps, workspace, n);
    if (!notice) return;
    const key = `chat:${notice.key}`;
    if (!(await this.deps.notices.firstTime(key, this.deps.clock.now()))) return;
    try {
      await sink.post(notice.channel, notice.card, workspace);
    } catch (err) {
      // Not posted: give the key back so the event can go out when it is seen again.
      await this.deps.notices.forget(key).catch(() => undefined);
      this.logger.error({ err, workspaceId, notice: notice.key }, 'could not post a notification card');
      throw err;
    }
  }
}

/** Hands every notification to each notifier; one failing never stops the others. */
export class FanoutNotifier implements Notifier {
  private readonly targets: Notifier[] = [];

  constructor(...targets: Notifier[]) {
    this.targets.push(...targets);
  }

  /** Surfaces start after the core is wired (they need it), so they join later. */
  add(target: Notifier): void {
    this.targets.push(target);
  }

  /** Rejects, once every target has had its turn, when any of them could not deliver. */
  async notify(workspaceId: string, n: Notification): Promise<void> {
    const results = await Promise.allSettled(this.targets.map((t) => t.notify(workspaceId, n)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} notification target(s) failed`);
  }
}

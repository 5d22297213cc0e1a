import type { Card } from '../../core/cards/card.js';
import { decidedCard, postCard } from '../../core/cards/cards.js';
import { noticeCard, viewOf } from '../../core/cards/notice-card.js';
import type { PublishJob, Workspace, WorkspaceKind } from '../../core/domain/types.js';
import type { CardRef, CardRefStore } from '../../core/ports/card-ref-store.js';
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
  /** Replaces a card this sink posted (Slack's chat.update, Discord's message edit). */
  update(channel: string, messageId: string, card: Card): Promise<void>;
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
    private readonly cards: CardRefStore,
  ) {}

  async notify(workspaceId: string, n: Notification): Promise<void> {
    const workspace = await this.deps.workspaces.get(workspaceId);
    const sink = workspace ? this.sinks[workspace.kind] : undefined;
    if (!workspace || !sink) return;
    if (n.type === 'post_decided') return this.closeDecisionCards(workspace, sink, n);
    const notice = await noticeCard(this.deps, workspace, n);
    if (!notice) return;
    const key = `chat:${notice.key}`;
    if (!(await this.deps.notices.firstTime(key, this.deps.clock.now()))) return;
    let posted: { channel: string; messageId: string };
    try {
      posted = await sink.post(notice.channel, notice.card, workspace);
    } catch (err) {
      // Not posted: give the key back so the event can go out when it is seen again.
      await this.deps.notices.forget(key).catch(() => undefined);
      this.logger.error({ err, workspaceId, notice: notice.key }, 'could not post a notification card');
      throw err;
    }
    const postId = decisionPostOf(n);
    if (postId) await this.keepDecisionCard(workspace, sink, { workspaceId, postId, ...posted });
  }

  /**
   * Remembers a card that asks for a decision (Approve/Reject, Publish now) so the decision can
   * close it, then looks at the post once more: a decision made while the card was on its way
   * found nothing to close, so the card closes itself. A card that cannot be remembered is only
   * logged: posted either way, it just keeps its buttons after a decision.
   */
  private async keepDecisionCard(workspace: Workspace, sink: CardSink, ref: CardRef): Promise<void> {
    try {
      await this.cards.remember(ref, this.deps.clock.now());
      const view = await viewOf(this.deps, workspace.id, ref.postId);
      if (!view || view.jobs.some(waitsForDecision)) return;
      const status = postCard(view, { kind: 'status' }, this.deps.clock.now());
      const approval = view.jobs.find((j) => j.approval)?.approval;
      const card = approval
        ? decidedCard(status, 'Approved', approval.by, approval.at)
        : { ...status, actions: [] };
      await sink.update(ref.channel, ref.messageId, card);
      await this.cards.forget([ref]);
    } catch (err) {
      this.logger.warn({ err, postId: ref.postId }, 'could not remember or settle a decision card');
    }
  }

  /**
   * Replaces the post's decision cards with the decision: who decided and when, no buttons left
   * to press. While part of the post still waits (other occurrences of a series), they stay as
   * they are. A card that cannot be changed (deleted, say) is logged and left.
   */
  private async closeDecisionCards(
    workspace: Workspace,
    sink: CardSink,
    n: Extract<Notification, { type: 'post_decided' }>,
  ): Promise<void> {
    const refs = await this.cards.forPost(workspace.id, n.post.id);
    if (refs.length === 0) return;
    const view = await viewOf(this.deps, workspace.id, n.post.id);
    if (!view || view.jobs.some(waitsForDecision)) return;
    const now = this.deps.clock.now();
    const verb = DECIDED_VERB[n.decision];
    const card = decidedCard(postCard(view, { kind: 'status' }, now), verb, n.by, now, n.reason);
    const open = refs.filter(
      (r) => !(n.madeOn && r.channel === n.madeOn.channel && r.messageId === n.madeOn.messageId),
    );
    await Promise.all(
      open.map((ref) =>
        sink.update(ref.channel, ref.messageId, card).catch((err: unknown) => {
          this.logger.warn(
            { err, postId: n.post.id, messageId: ref.messageId },
            'could not close a decision card',
          );
        }),
      ),
    );
    await this.cards.forget(refs);
  }
}

const DECIDED_VERB = {
  approved: 'Approved',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  publish_now: 'Publish now requested',
} as const;

/** Jobs a decision card still asks about: an approval, or a suggestion nobody took up yet. */
const waitsForDecision = (job: PublishJob) =>
  job.status === 'awaiting_approval' || job.status === 'suggested';

/** The post whose decision buttons (Approve/Reject, Publish now) a notification's card carries. */
function decisionPostOf(n: Notification): string | undefined {
  if (n.type === 'approval_requested' || n.type === 'suggested') return n.post.id;
  if (n.type === 'approval_expiring') return n.job.postId;
  return undefined;
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

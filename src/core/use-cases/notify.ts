import type { Actor, Post } from '../domain/types.js';
import type { CardMessageRef } from '../ports/card-ref-store.js';
import type { Notification } from '../ports/notifier.js';
import type { CoreDeps } from './deps.js';

/** A notification that cannot be delivered is dropped: it must never undo or fail a publish. */
export async function notifySafely(
  deps: Pick<CoreDeps, 'notifier'>,
  workspaceId: string,
  n: Notification,
): Promise<void> {
  try {
    await deps.notifier.notify(workspaceId, n);
  } catch {
    // Delivery is best-effort; the job row and audit trail already hold the truth.
  }
}

/**
 * Tells the surfaces a post waiting for a decision got one, however it was made, so the cards
 * still offering the choice lose their buttons (`madeOn`, the card pressed, changes itself).
 * Not awaited: a slow or unreachable chat must not hold up the decision's reply.
 */
export function announceDecision(
  deps: Pick<CoreDeps, 'notifier'>,
  post: Post,
  decision: {
    decision: Extract<Notification, { type: 'post_decided' }>['decision'];
    by: Actor;
    reason?: string;
  },
  madeOn: CardMessageRef | undefined,
): void {
  void notifySafely(deps, post.workspaceId, {
    type: 'post_decided',
    post,
    ...decision,
    ...(madeOn ? { madeOn } : {}),
  });
}

/**
 * Sends a notification a sweep finds again and again (a token about to expire, an approval
 * about to lapse) once per `key`, across workers. When it cannot be delivered the key is given
 * back after ALERT_RETRY_MS, so a later sweep tries again instead of the alert being lost while
 * chat was down, and a channel Herald cannot post to costs one try per 5 minutes.
 * True when it was sent now.
 */
export async function notifyOnce(
  deps: Pick<CoreDeps, 'notifier' | 'notices' | 'clock'>,
  key: string,
  workspaceId: string,
  n: Notification,
): Promise<boolean> {
  const now = deps.clock.now();
  if (!(await deps.notices.firstTime(key, now))) return false;
  try {
    await deps.notifier.notify(workspaceId, n);
    return true;
  } catch {
    await deps.notices.retryAfter(key, new Date(now.getTime() + ALERT_RETRY_MS)).catch(() => undefined);
    return false;
  }
}

/** How long an alert chat refused waits before a sweep tries it again (sweeps run every 10 s). */
export const ALERT_RETRY_MS = 5 * 60_000;

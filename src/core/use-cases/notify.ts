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

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
 * back, so the next sweep tries again instead of the alert being lost while chat was down.
 * True when it was sent now.
 */
export async function notifyOnce(
  deps: Pick<CoreDeps, 'notifier' | 'notices' | 'clock'>,
  key: string,
  workspaceId: string,
  n: Notification,
): Promise<boolean> {
  if (!(await deps.notices.firstTime(key, deps.clock.now()))) return false;
  try {
    await deps.notifier.notify(workspaceId, n);
    return true;
  } catch {
    await deps.notices.forget(key).catch(() => undefined);
    return false;
  }
}

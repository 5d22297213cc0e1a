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

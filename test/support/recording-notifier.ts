import type { Notification, Notifier } from '../../src/core/ports/notifier.js';

/** Keeps every notification so tests can assert "exactly one alert". */
export class RecordingNotifier implements Notifier {
  readonly sent: { workspaceId: string; notification: Notification }[] = [];

  async notify(workspaceId: string, notification: Notification): Promise<void> {
    this.sent.push({ workspaceId, notification });
  }

  ofType(type: Notification['type']) {
    return this.sent.filter((s) => s.notification.type === type);
  }
}

import type { ChangeClock } from '../core/ports/change-clock.js';
import { preciseNow } from '../infra/change-tracking.js';

/**
 * How long a computed calendar answer is reused when no write of this process says it changed:
 * a write made by another process (a separate worker or bot) shows within this, plus a poll.
 */
export const FEED_CACHE_MS = 800;
const MAX_ENTRIES = 200;

interface Entry {
  /** When its reads began: a write after this may be missing from it. */
  startedAt: number;
  doneAt: number;
  body: string;
  etag: string;
}

/**
 * The calendar feed's answers, per workspace, window and viewer. Pages poll every second: while
 * nothing changed, they are answered from memory. An answer computed from reads that began at
 * `startedAt` stands until this process writes the workspace after that instant, or until it is
 * FEED_CACHE_MS old. Concurrent requests for the same answer share one computation.
 */
export class FeedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, { startedAt: number; job: Promise<Entry> }>();

  constructor(private readonly changes: ChangeClock) {}

  async get(
    workspaceId: string,
    key: string,
    compute: () => Promise<{ body: string; etag: string }>,
  ): Promise<Entry> {
    const full = `${workspaceId}|${key}`;
    const hit = this.entries.get(full);
    const now = preciseNow();
    if (hit && now - hit.doneAt < FEED_CACHE_MS && this.changes.lastChange(workspaceId) < hit.startedAt)
      return hit;
    const running = this.pending.get(full);
    if (running && this.changes.lastChange(workspaceId) < running.startedAt) return running.job;
    const startedAt = now;
    const job = compute().then((answer) => {
      const entry = { startedAt, doneAt: preciseNow(), ...answer };
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(full, entry);
      return entry;
    });
    const mine = { startedAt, job };
    this.pending.set(full, mine);
    try {
      return await job;
    } finally {
      if (this.pending.get(full) === mine) this.pending.delete(full);
    }
  }
}

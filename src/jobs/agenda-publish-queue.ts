import type { Agenda } from 'agenda';
import { startOfSecond, wakeSecond } from '../core/domain/wake-second.js';
import type { Clock } from '../core/ports/clock.js';
import type { PublishQueue } from '../core/ports/publish-queue.js';
import { dueSignal } from './due-signal.js';

/** The Agenda job that wakes the workers' dispatchers: one per second in which jobs are due. */
export const DISPATCH_JOB = 'herald.dispatch';

/**
 * How far ahead the sweeper queues wake-ups (see `sweep`). Agenda keeps only these near ones, so
 * its polls read a few rows whatever number of posts is scheduled over the coming months.
 */
export const WAKE_UP_HORIZON_MS = 600_000;

/**
 * The queue stores wake-ups a little further out than the sweeper's horizon. A job written
 * after a sweep read its window is queued by its writer (who enqueues after writing), so the
 * margin only has to cover clock differences between processes.
 */
const QUEUE_MARGIN_MS = 60_000;

/** Whether the queue stores a wake-up for `at` now, or leaves it to the sweeper. */
export function storesWakeUp(at: Date, now: Date): boolean {
  return at.getTime() <= now.getTime() + WAKE_UP_HORIZON_MS + QUEUE_MARGIN_MS;
}

/** How many seconds a queue remembers having stored a wake-up for. */
const REMEMBERED = 4096;
/**
 * A wake-up for a second already begun may have run (and been removed) since it was stored, so
 * it is stored again, but not more than once this often: other processes' polls find the rest.
 */
const RESTORE_AFTER_MS = 1000;

/**
 * One Agenda wake-up per second in which jobs are due, stored once that second is within the
 * horizon (a later one is left to the sweeper). It wakes a worker's dispatcher, which claims
 * every job due then, whichever job asked for the wake-up; the job rows stay the truth, so a
 * stale or duplicate wake-up costs one look. A due time already past wakes at once. The worker
 * of this process, if any, is told directly too (`dueSignal`).
 */
export class AgendaPublishQueue implements PublishQueue {
  /** Seconds this queue stored a wake-up for, and when: the next jobs of that second skip the write. */
  private readonly stored = new Map<string, number>();

  constructor(
    private readonly agenda: Agenda,
    private readonly clock: Clock,
  ) {}

  async enqueue(_jobId: string, at: Date): Promise<void> {
    const now = this.clock.now();
    dueSignal(this.agenda).emit('due', at);
    if (!storesWakeUp(at, now)) return;
    const when = at.getTime() > now.getTime() ? at : now;
    const second = wakeSecond(when);
    const storedAt = this.stored.get(second);
    const begun = when.getTime() < now.getTime() + 1000;
    if (storedAt !== undefined && (!begun || now.getTime() - storedAt < RESTORE_AFTER_MS)) return;
    await this.agenda
      .create(DISPATCH_JOB, { second })
      .unique({ 'data.second': second }, { insertOnly: true })
      .schedule(startOfSecond(when))
      .save();
    if (this.stored.size >= REMEMBERED) this.stored.clear();
    this.stored.set(second, now.getTime());
  }
}

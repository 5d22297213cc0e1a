import type { Agenda } from 'agenda';
import type { Clock } from '../core/ports/clock.js';
import type { PublishQueue } from '../core/ports/publish-queue.js';

/** The name of wake-ups queued before publish jobs were spread over shards; still run. */
const LEGACY_PUBLISH_JOB = 'herald.publish';

/**
 * Publish wake-ups are spread over this many Agenda job names. Agenda locks the next job with
 * one query per job name, and on the local FerretDB that query reads every pending wake-up of
 * its name: with one name, a burst of 1,000 due posts would make each lock read 1,000 rows;
 * over 32 names it reads about 31. On MongoDB the name index makes it free.
 */
export const PUBLISH_SHARDS = 32;

/** Every Agenda job name a worker must run publish wake-ups for. */
export const PUBLISH_JOB_NAMES: readonly string[] = [
  ...Array.from({ length: PUBLISH_SHARDS }, (_, i) => `${LEGACY_PUBLISH_JOB}.${i}`),
  LEGACY_PUBLISH_JOB,
];

/** The Agenda job name for a PublishJob: always the same shard for the same job (FNV-1a). */
export function publishJobName(jobId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < jobId.length; i += 1) hash = Math.imul(hash ^ jobId.charCodeAt(i), 0x01000193);
  return `${LEGACY_PUBLISH_JOB}.${(hash >>> 0) % PUBLISH_SHARDS}`;
}

/**
 * How far ahead the sweeper queues wake-ups (see `sweep`). Agenda keeps only these near ones:
 * its lock query reads every pending wake-up of a job name, so 100,000 posts scheduled over the
 * coming months would otherwise make every poll of every worker read them all.
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

/**
 * One Agenda job per (PublishJob, due time), stored once the time is within the horizon; a later
 * time is left to the sweeper, which queues it as it comes near. A reschedule adds a new wake-up instead of
 * editing the old one, so an Agenda job that is finishing can never overwrite a newer time;
 * the old wake-up still fires and the handler skips it (the row is not due).
 */
export class AgendaPublishQueue implements PublishQueue {
  constructor(
    private readonly agenda: Agenda,
    private readonly clock: Clock,
  ) {}

  async enqueue(jobId: string, at: Date): Promise<void> {
    if (!storesWakeUp(at, this.clock.now())) return;
    await this.agenda
      .create(publishJobName(jobId), { jobId, at: at.toISOString() })
      .unique({ 'data.jobId': jobId, 'data.at': at.toISOString() }, { insertOnly: true })
      .schedule(at)
      .save();
  }
}

import type { Agenda } from 'agenda';
import type { PublishQueue } from '../core/ports/publish-queue.js';

export const PUBLISH_JOB = 'herald.publish';

/**
 * One Agenda job per (PublishJob, due time). A reschedule adds a new wake-up instead of
 * editing the old one, so an Agenda job that is finishing can never overwrite a newer time;
 * the old wake-up still fires and the handler skips it (the row is not due).
 */
export class AgendaPublishQueue implements PublishQueue {
  constructor(private readonly agenda: Agenda) {}

  async enqueue(jobId: string, at: Date): Promise<void> {
    await this.agenda
      .create(PUBLISH_JOB, { jobId, at: at.toISOString() })
      .unique({ 'data.jobId': jobId, 'data.at': at.toISOString() }, { insertOnly: true })
      .schedule(at)
      .save();
  }
}

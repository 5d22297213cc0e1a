/**
 * Wakes the worker when a job is due. Implemented by Agenda; the job row in our own store stays
 * the source of truth, so a stale or duplicate wake-up is harmless (the handler re-reads and claims).
 */
export interface PublishQueue {
  /**
   * Ensures a worker wakes up for `jobId` at `at`. Call it after the job row is written: an
   * implementation may store only near wake-ups and find later ones from the rows.
   */
  enqueue(jobId: string, at: Date): Promise<void>;
}

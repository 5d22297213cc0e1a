/**
 * Wakes the worker when a job is due. Implemented by Agenda; the job row in our own store stays
 * the source of truth, so a stale or duplicate wake-up is harmless (the handler re-reads and claims).
 */
export interface PublishQueue {
  /** Ensures exactly one wake-up for `jobId` at `at` (replacing an earlier one). */
  enqueue(jobId: string, at: Date): Promise<void>;
}

/**
 * How far ahead the workers' sweeps have queued publish wake-ups, shared by every worker: a
 * restarted worker goes on from there instead of queuing every wake-up within its horizon again.
 */
export interface SweepState {
  /** The end of the window already queued; undefined on a database never swept (queue everything). */
  queuedUntil(): Promise<Date | undefined>;
  /** Records a window a sweep has fully queued. Only moves forward, so a slow sweep never rewinds a faster one. */
  recordQueuedUntil(until: Date): Promise<void>;
}

/**
 * The PublishJob status machine (docs/product.md#job-statuses), as one explicit table.
 * Every status change in Herald goes through `assertTransition` and is then stored with a
 * compare-and-set on (status, version), so two actors can never both move a job.
 */
export const JOB_STATUSES = [
  'suggested',
  'awaiting_approval',
  'scheduled',
  'publishing',
  'retry_wait',
  'published',
  'needs_attention',
  'failed',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** from → the statuses it may move to. Anything not listed is refused. */
const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  // Suggest-only: never publishes on its own; "Publish now" schedules it, or it is dismissed.
  suggested: ['scheduled', 'cancelled'],
  // Approve → scheduled; reject → cancelled; still unapproved at due time → needs_attention.
  awaiting_approval: ['scheduled', 'cancelled', 'needs_attention'],
  // Claim → publishing; preflight failure → needs_attention; an edit in approval mode
  // asks for approval again.
  scheduled: ['publishing', 'needs_attention', 'cancelled', 'awaiting_approval'],
  // Success; transient error → retry_wait; permanent → failed; last retry or unknown outcome
  // → needs_attention; rate-limited by the platform → back to scheduled (not a failure).
  publishing: ['published', 'retry_wait', 'failed', 'needs_attention', 'scheduled'],
  // A reschedule of an approved job asks for approval again (an approval is for a time).
  retry_wait: ['publishing', 'scheduled', 'needs_attention', 'cancelled', 'awaiting_approval'],
  published: [],
  // A human acts: retry-now / reschedule → scheduled, or cancel; a reschedule goes back to
  // awaiting_approval when the job was approved (for the old time) or nobody approved it in time.
  needs_attention: ['scheduled', 'cancelled', 'awaiting_approval'],
  // A permanent rejection can be retried after the cause is fixed, or dismissed.
  failed: ['scheduled', 'cancelled'],
  cancelled: [],
};

/** Statuses in which a job may still be published later (cancel/reschedule act on these). */
export const PENDING_STATUSES: readonly JobStatus[] = [
  'suggested',
  'awaiting_approval',
  'scheduled',
  'retry_wait',
  'needs_attention',
];

/** Statuses a worker wakes a job in at its time: to publish it, or to mark an approval missing. */
export const WAKING_STATUSES: readonly JobStatus[] = ['scheduled', 'retry_wait', 'awaiting_approval'];

/**
 * The queue: jobs not yet finished, publishing ones included, and failed ones (a human may still
 * retry them). What queue-depth metrics count.
 */
export const QUEUED_STATUSES: readonly JobStatus[] = [...PENDING_STATUSES, 'publishing', 'failed'];

/** True when the machine allows `from → to`. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` may be reached: the guard of a compare-and-set update. */
export function sourcesOf(to: JobStatus): JobStatus[] {
  return JOB_STATUSES.filter((from) => canTransition(from, to));
}

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

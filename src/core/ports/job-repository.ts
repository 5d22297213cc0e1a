import type { JobStatus } from '../domain/job-status.js';
import type { PublishJob } from '../domain/types.js';

/** The fields a transition may change besides status/version. `null` removes a field. */
export type JobPatch = {
  [K in keyof Omit<PublishJob, 'id' | 'workspaceId' | 'status' | 'version' | 'createdAt'>]?:
    | PublishJob[K]
    | null;
};

/** Publish jobs: one per (post occurrence, account). The unit the worker claims. */
export interface JobRepository {
  /**
   * Inserts new jobs; a duplicate idempotency key (same occurrence twice) is skipped, not an
   * error. Returns the jobs actually inserted, so only those get a wake-up.
   */
  insertMany(jobs: PublishJob[]): Promise<PublishJob[]>;
  get(workspaceId: string, id: string): Promise<PublishJob | null>;
  /** Worker-side read by id alone: Agenda job data carries only the id, the workspace comes from the row. */
  getForWorker(id: string): Promise<PublishJob | null>;
  listByPost(workspaceId: string, postId: string): Promise<PublishJob[]>;
  /** Jobs by id (missing or foreign ids are skipped), in the order given. */
  getMany(workspaceId: string, ids: string[]): Promise<PublishJob[]>;
  /** Jobs of a workspace, newest occurrence first, optionally of one status: `/v1/jobs`. */
  list(query: { workspaceId: string; status?: JobStatus; limit: number }): Promise<PublishJob[]>;
  /** Posts (ids, at most `limit`) with a job in one of `statuses`: what a list filtered by status shows. */
  postIdsWithStatus(workspaceId: string, statuses: readonly JobStatus[], limit: number): Promise<string[]>;
  /** The next `limit` jobs due from `now` on, soonest first, of the given statuses: `stats` shows them. */
  nextDue(
    workspaceId: string,
    statuses: readonly JobStatus[],
    now: Date,
    limit: number,
  ): Promise<PublishJob[]>;
  /** Counts by platform and status for one workspace: `stats` per platform. */
  countByPlatform(workspaceId: string): Promise<{ platform: string; status: JobStatus; n: number }[]>;
  /**
   * What a list shows of a series: its first `limit` jobs still ahead or needing a person (soonest
   * first), then its latest finished ones — never its whole history.
   */
  firstOfPost(workspaceId: string, postId: string, limit: number): Promise<PublishJob[]>;
  /** How many jobs each of `postIds` has, for a list's counts. */
  countByPosts(workspaceId: string, postIds: readonly string[]): Promise<Record<string, number>>;
  /**
   * A page of jobs, soonest first for one post or newest first for the workspace, after a cursor
   * a previous page returned: `/v1/jobs` pages a series of any length.
   */
  page(query: {
    workspaceId: string;
    postId?: string;
    status?: JobStatus;
    limit: number;
    cursor?: string;
  }): Promise<{ items: PublishJob[]; nextCursor?: string }>;
  /** Jobs of many posts at once, for list views. */
  listByPosts(workspaceId: string, postIds: string[]): Promise<PublishJob[]>;
  /**
   * The latest planned time among an account's jobs still ahead (waiting or publishing), or
   * null: what `random:` chains after, so two random posts never land on the same instant.
   */
  latestPlanned(workspaceId: string, accountId: string): Promise<Date | null>;
  /** Jobs of a workspace planned in [from, to), soonest first: what a calendar shows. */
  listInWindow(workspaceId: string, from: Date, to: Date): Promise<PublishJob[]>;
  /** Jobs of one account with an occurrence in [from, to): the input of conflict and cap checks. */
  listByAccountInWindow(workspaceId: string, accountId: string, from: Date, to: Date): Promise<PublishJob[]>;
  /**
   * The single atomic state change: sets `to` + `patch` and bumps the version only if the job
   * is still in one of `from` (and, when given, at `expectedVersion`, due at `dueAt`, without an
   * approval). Returns the updated job, or null when another actor changed it first — the caller
   * must then re-read, never retry blindly.
   */
  transition(
    id: string,
    guard: {
      from: readonly JobStatus[];
      expectedVersion?: number;
      /** Only while it is due at this instant. */
      dueAt?: Date;
      /** Only while it has no approval on record. */
      unapproved?: true;
    },
    to: JobStatus,
    patch?: JobPatch,
  ): Promise<PublishJob | null>;
  /** Same-status CAS update (reschedule, lease extension): only while status and version match. */
  patch(
    id: string,
    guard: { status: readonly JobStatus[]; expectedVersion?: number },
    patch: JobPatch,
  ): Promise<PublishJob | null>;
  /**
   * Due work for the sweeper: jobs in `statuses` with nextAttemptAt ≤ `now`, oldest first (ties by
   * id). With `after`, only jobs after that (nextAttemptAt, id) position: the sweeper pages through a
   * window by passing the last job of the previous page, so ties beyond `limit` are not skipped.
   */
  findDue(
    statuses: readonly JobStatus[],
    now: Date,
    limit: number,
    after?: { at: Date; id: string },
  ): Promise<PublishJob[]>;
  /**
   * Claim candidates: jobs waiting to be woken (`scheduled`, `retry_wait`, `awaiting_approval`)
   * whose wake second lies in the last `lookbackMs` up to `now`'s, or is one of `seconds` (a
   * backlog the caller is draining), at most `limit`, oldest second first, in no other order.
   * Jobs of `now`'s own second may not be due yet: the caller checks. Its cost follows the jobs
   * due, not the jobs stored (older overdue jobs: `rewake`).
   */
  findWaking(query: {
    now: Date;
    lookbackMs: number;
    seconds?: readonly string[];
    limit: number;
  }): Promise<PublishJob[]>;
  /**
   * Claims many jobs at once: each one moves to `publishing` with `lease` and one more attempt
   * counted, only while it is still at the status and version given (a compare-and-set per job,
   * atomic per job on every supported server). Returns the jobs claimed, as stored after the
   * claim; the others were changed by someone else first and are left alone.
   */
  claimMany(jobs: readonly PublishJob[], lease: { owner: string; until: Date }): Promise<PublishJob[]>;
  /**
   * Waiting jobs whose wake second is one of `seconds`, at most `limit`, in no set order. A job
   * is never given a wake second already past, so the seconds that just turned overdue hold
   * every job the dispatchers missed (the sweep's look; its cost follows those seconds).
   */
  inWakeSeconds(seconds: readonly string[], limit: number): Promise<PublishJob[]>;
  /**
   * Which of `seconds` hold waiting jobs, with one such job each: what the sweep queues a
   * wake-up for, reading a page per query however many jobs a second holds.
   */
  busyWakeSeconds(seconds: readonly string[]): Promise<Map<string, PublishJob>>;
  /**
   * Moves the wake second of waiting jobs to `at`'s, so `findWaking` finds them again: jobs
   * overdue for longer than its look-back (workers were down, or a backlog outlasted it).
   */
  rewake(ids: readonly string[], at: Date): Promise<void>;
  /** `publishing` jobs whose lease ended before `now`: a worker died mid-publish. */
  findExpiredLeases(now: Date, limit: number): Promise<PublishJob[]>;
  /** Publish times of an account since `since`, oldest first: the input of the sliding-window rate limit. */
  publishedSince(workspaceId: string, accountId: string, since: Date): Promise<Date[]>;
  /**
   * Counts by status for one workspace (or all when omitted), of the given statuses only (or all):
   * `stats` shows a workspace's whole history; metrics count only the queue (`QUEUED_STATUSES`),
   * so a scrape's cost follows the queue, not the ever-growing published history.
   */
  countByStatus(
    workspaceId?: string,
    statuses?: readonly JobStatus[],
  ): Promise<Partial<Record<JobStatus, number>>>;
}

import type { AccountConnection } from './connection.js';
import type { JobStatus } from './job-status.js';

/**
 * Entities (docs/product.md#entities). Plain data, no behaviour: use cases and the status
 * machine act on them.
 * Every entity except Workspace carries `workspaceId`; nothing is ever looked up without it.
 */

/** Platforms Herald can publish to. `dryrun` only records, and is the default for `npm start`. */
export const PLATFORMS = ['instagram', 'tiktok', 'mastodon', 'bluesky', 'webhook', 'dryrun'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Where a workspace (tenant) lives: a Slack team, a Discord guild, or the local console. */
export type WorkspaceKind = 'slack' | 'discord' | 'console';

export interface Workspace {
  id: string;
  kind: WorkspaceKind;
  /** Slack team id, Discord guild id, or a fixed name for the console. Unique per kind. */
  externalId: string;
  name: string;
  /** IANA zone used when neither the command nor the account names one. */
  timezone: string;
  alertsChannel?: string | undefined;
  /** The campaign a post joins when it names none. */
  defaultCampaignId?: string | undefined;
  createdAt: Date;
}

export interface Influencer {
  id: string;
  workspaceId: string;
  /** Short name used in commands, without the leading @ (e.g. `mia`). */
  handle: string;
  displayName: string;
  createdAt: Date;
}

export interface Account {
  id: string;
  workspaceId: string;
  influencerId: string;
  platform: Platform;
  /** The handle on the platform, used in commands as `@handle` or `platform:@handle`. */
  handle: string;
  /** The platform's own id for the account (Instagram user id, Bluesky DID) when the API needs it. */
  platformUserId?: string | undefined;
  /** IANA zone: the default for times typed for this account. */
  timezone: string;
  /** `HH:mm` in the account's zone: the time a phrase without a time of day (`tomorrow`) means. */
  defaultTime?: string | undefined;
  /** The account's weekly posting plan: what `queue` and `next slot` fill, in the account's zone. */
  slots?: PostingSlot[] | undefined;
  /** Id of the encrypted Credential; absent means "not connected". */
  credentialId?: string | undefined;
  tokenExpiresAt?: Date | undefined;
  /** How it was connected from chat or the calendar (OAuth, a Bluesky session); absent for a pasted token. */
  connection?: AccountConnection | undefined;
  createdAt: Date;
  version: number;
}

/** Local times (`HH:mm`) an account posts at on some weekdays (0 = Sunday … 6 = Saturday). */
export interface PostingSlot {
  days: number[];
  times: string[];
}

/** Stored form of a platform token: AES-256-GCM, bound to its account through the AAD. */
export interface Credential {
  id: string;
  workspaceId: string;
  accountId: string;
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
  createdAt: Date;
}

export type AutonomyMode = 'suggest_only' | 'approval' | 'auto';

export interface RetryPolicy {
  /** Delay before each retry, in ms; its length is the number of retries. */
  delaysMs: number[];
}

export interface Campaign {
  id: string;
  workspaceId: string;
  name: string;
  mode: AutonomyMode;
  /** Slack user / user-group ids or Discord role ids allowed to approve. */
  approvers: string[];
  fourEyes: boolean;
  /** Minimum gap between two posts of one account, in minutes (0 = none). */
  minGapMinutes: number;
  /** Most posts per account per local day (0 = no cap). */
  dailyCap: number;
  retryPolicy?: RetryPolicy | undefined;
  approvalsChannel?: string | undefined;
  /** Picks posts from the library on its own; absent or `enabled: false` = off (the default). */
  autopilot?: Autopilot | undefined;
  createdAt: Date;
  version: number;
}

/**
 * A campaign's autopilot: when a rule's time comes near, it picks the best asset of the
 * accounts' influencer's library (curator's choice: highest score not yet posted) and makes a
 * post of it, which then goes through the campaign's mode like any other post.
 */
export interface Autopilot {
  enabled: boolean;
  /** The accounts a pick is posted to; all belong to one influencer, whose library is used. */
  accountIds: string[];
  influencerId: string;
  /** The rule as the person typed it (`every day at 09:00`, `each free slot`). */
  phrase: string;
  /** When picks are due: a series (RRULE from `start`, a wall time in `zone`), or the first account's free posting slots. */
  rule: { kind: 'series'; rrule: string; start: string; zone: string } | { kind: 'slots' };
  /** An asset already posted may come back after `afterDays`, at most `maxTimes` times. */
  evergreen?: { afterDays: number; maxTimes: number } | undefined;
  /** Who turned it on, and when. */
  by: Actor;
  since: Date;
}

/**
 * Where an asset stands: `ready` to be picked; `reserved` for a post not yet published;
 * `posted` (it may come back when its campaign recycles evergreen content); `failed` (its
 * publish failed for good: never picked again on its own, a person may re-queue it); `retired`
 * (a person said "not this one").
 */
export type AssetState = 'ready' | 'reserved' | 'posted' | 'failed' | 'retired';

/** One piece of an influencer's content library. */
export interface Asset {
  id: string;
  workspaceId: string;
  influencerId: string;
  /** Where the media is; unique per influencer (what an import matches rows on). */
  url: string;
  kind: 'image' | 'video';
  width?: number | undefined;
  height?: number | undefined;
  durationSeconds?: number | undefined;
  /** The caption a pick is posted with (before its hashtags). */
  caption: string;
  /** Without the leading `#`. */
  hashtags: string[];
  tags: string[];
  /** 0–100: how good the curator (or an import) says it is. */
  score: number;
  state: AssetState;
  timesPosted: number;
  postedAt?: Date | undefined;
  /** The post it is reserved for (or was last posted by), and the state it had before. */
  pick?: { postId: string; at: Date; from: AssetState } | undefined;
  addedAt: Date;
  addedBy: Actor;
  updatedAt: Date;
  version: number;
}

export interface Media {
  url: string;
  kind: 'image' | 'video';
}

/**
 * What a video opens on: a moment of the clip (`atMs` after its start) or a picture of its own.
 * Instagram Reels take either (`thumb_offset`, `cover_url`); TikTok takes the moment only.
 */
export type Cover = { kind: 'frame'; atMs: number } | { kind: 'picture'; url: string };

export interface Recurrence {
  /** RFC 5545 RRULE text, without DTSTART (`start` is the start). */
  rrule: string;
  /** Local dates (YYYY-MM-DD) or instants excluded from the series. */
  exdates: string[];
  /**
   * DTSTART: the wall time (`YYYY-MM-DDTHH:mm`, in the post's zone) the rule counts from. Absent
   * on series stored before the post's own time began to follow its jobs: their `localTime` is it.
   */
  start?: string | undefined;
  /**
   * Bumped each time the whole series is re-timed: part of its jobs' idempotency keys, so a new
   * occurrence at the instant of an old, cancelled one is a new job, not a duplicate.
   */
  generation?: number | undefined;
}

export type PostStatus = 'active' | 'cancelled';

export interface Post {
  id: string;
  workspaceId: string;
  draftId?: string | undefined;
  influencerId?: string | undefined;
  accountIds: string[];
  caption: string;
  /** An account's own caption (its hashtags, its voice), by account id; the others use `caption`. */
  captions?: Record<string, string> | undefined;
  media: Media[];
  /** The video's cover, when the author chose one (else each platform opens on its default). */
  cover?: Cover | undefined;
  /**
   * When the post next publishes, UTC: its earliest job still to publish (the jobs are the truth;
   * `plannedTime` derives it and every operation that moves jobs writes it back), or its last
   * job's time once none is left.
   */
  scheduledAt: Date;
  /** IANA zone the user's wall time is in. */
  timezone: string;
  /** `scheduledAt` as a wall time in `timezone`, `YYYY-MM-DDTHH:mm`. */
  localTime: string;
  recurrence?: Recurrence | undefined;
  campaignId?: string | undefined;
  /** The library asset an autopilot pick made this post from. */
  assetId?: string | undefined;
  /**
   * Ids of a one-off post's jobs, written once at creation: lets controls read them by id
   * instead of searching (series grow jobs over time and are found by post id).
   */
  jobIds?: string[] | undefined;
  status: PostStatus;
  createdBy: Actor;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface JobError {
  code: string;
  message: string;
}

/** One publish of one post occurrence to one account. */
export interface PublishJob {
  id: string;
  workspaceId: string;
  postId: string;
  accountId: string;
  platform: Platform;
  /** When this job is planned to publish: moved by reschedules and shifts, not by retries. */
  occurrenceAt: Date;
  /**
   * For a series: the occurrence of the rule this job publishes (its identity in the series,
   * what a skip or an exception names), which stays when the job itself is moved.
   */
  seriesAt?: Date | undefined;
  status: JobStatus;
  /** Attempts started (rate-limited ones included): numbers the PublishAttempt rows. */
  attemptCount: number;
  /** Transient failures so far: what the retry budget is spent on. */
  failureCount: number;
  lastError?: JobError | undefined;
  /** When the job is next due (first try, retry, or after a rate-limit delay). */
  nextAttemptAt: Date;
  /** Stable across retries and workers: the platform-side duplicate guard. */
  idempotencyKey: string;
  /** Held while `publishing`: a worker that dies leaves it to expire. */
  lease?: { owner: string; until: Date } | undefined;
  /** Who approved this job, when the campaign requires approval: preflight checks it is on record. */
  approval?: { by: Actor; at: Date } | undefined;
  publishedAt?: Date | undefined;
  platformPostId?: string | undefined;
  platformUrl?: string | undefined;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export type AttemptResult =
  | 'pending'
  | 'success'
  | 'transient_error'
  | 'permanent_error'
  | 'rate_limited'
  | 'unknown';

export interface PublishAttempt {
  id: string;
  workspaceId: string;
  jobId: string;
  postId: string;
  attemptNumber: number;
  workerId: string;
  startedAt: Date;
  finishedAt?: Date | undefined;
  result: AttemptResult;
  errorCode?: string | undefined;
  errorDetails?: string | undefined;
  platformRequestId?: string | undefined;
  platformPostId?: string | undefined;
  platformUrl?: string | undefined;
  /** Worker clock minus database clock, in ms, measured when the attempt started. */
  clockOffsetMs?: number | undefined;
}

export type ActorKind = 'slack' | 'discord' | 'console' | 'api_key' | 'system';

export interface Actor {
  kind: ActorKind;
  id: string;
  name?: string | undefined;
}

export interface AuditEvent {
  id: string;
  workspaceId: string;
  at: Date;
  actor: Actor;
  /** Dotted verb, e.g. `post.scheduled`, `job.transition`. */
  action: string;
  subject: {
    type: 'post' | 'job' | 'attempt' | 'account' | 'campaign' | 'workspace' | 'api_key' | 'asset';
    id: string;
  };
  before?: Record<string, unknown> | undefined;
  after?: Record<string, unknown> | undefined;
  /** Inputs of an automated or human decision: policy mode, approver, model/version. */
  decision?: Record<string, unknown> | undefined;
}

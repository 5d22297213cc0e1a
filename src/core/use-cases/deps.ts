import type { RateLimit } from '../domain/rate-limits.js';
import type { Platform } from '../domain/types.js';
import type { AccountRepository } from '../ports/account-repository.js';
import type { AssetRepository, PickClaims } from '../ports/asset-repository.js';
import type { AttemptRepository } from '../ports/attempt-repository.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { CalendarSource } from '../ports/calendar-source.js';
import type { CampaignRepository } from '../ports/campaign-repository.js';
import type { ChangeClock } from '../ports/change-clock.js';
import type { Clock } from '../ports/clock.js';
import type { ConnectRequestStore } from '../ports/connect-request-store.js';
import type { ConnectionMeter } from '../ports/connection-meter.js';
import type { CredentialVault } from '../ports/credential-vault.js';
import type { DraftStore } from '../ports/draft-store.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { InfluencerRepository } from '../ports/influencer-repository.js';
import type { JobRepository } from '../ports/job-repository.js';
import type { MediaInspector } from '../ports/media-inspector.js';
import type { MediaStore } from '../ports/media-store.js';
import type { NoticeLog } from '../ports/notice-log.js';
import type { Notifier } from '../ports/notifier.js';
import type { OAuthClientStore } from '../ports/oauth-client-store.js';
import type { PlatformConnector } from '../ports/platform-connector.js';
import type { PostRepository } from '../ports/post-repository.js';
import type { PublishQueue } from '../ports/publish-queue.js';
import type { Publisher } from '../ports/publisher.js';
import type { Secrets } from '../ports/secrets.js';
import type { WebSessionStore } from '../ports/web-session-store.js';
import type { WorkspaceRepository } from '../ports/workspace-repository.js';
import type { WriteScope } from '../ports/write-scope.js';

/** Everything a use case may depend on; each use case picks the few it needs with Pick<>. */
export interface CoreDeps {
  workspaces: WorkspaceRepository;
  influencers: InfluencerRepository;
  accounts: AccountRepository;
  campaigns: CampaignRepository;
  posts: PostRepository;
  jobs: JobRepository;
  attempts: AttemptRepository;
  /** The content library, and the claims autopilot rules are picked under. */
  assets: AssetRepository;
  picks: PickClaims;
  audit: AuditLog;
  /** Writes a use case's change marks once, after all its writes; absent: each write marks its own. */
  writes?: WriteScope | undefined;
  clock: Clock;
  ids: IdGenerator;
  /** Uniform draws in [0, 1): what `random:10m-20m` picks its offset with (seeded in tests). */
  random: () => number;
  queue: PublishQueue;
  notifier: Notifier;
  notices: NoticeLog;
  drafts: DraftStore;
  /** When this process last wrote each workspace's posts and jobs (the calendar feed's cache). */
  changes: ChangeClock;
  /** The calendar's read side: a window's jobs and posts, re-read only where they changed. */
  calendar: CalendarSource;
  /** Login links and sessions of the web calendar. */
  sessions: WebSessionStore;
  secrets: Secrets;
  publisherFor: (platform: Platform) => Publisher | undefined;
  /** Absent when no credential key is configured: then only dryrun can publish. */
  vault?: CredentialVault | undefined;
  /** How accounts of a platform are connected (OAuth, a Bluesky session); absent when not configured. */
  connectorFor: (platform: Platform) => PlatformConnector | undefined;
  /** Connect links and authorization states in flight. */
  connectRequests: ConnectRequestStore;
  /** OAuth clients Herald registered with a server (a Mastodon instance). */
  oauthClients: OAuthClientStore;
  /** Counts connects, refreshes and disconnects (`/metrics`); absent in tests that do not look. */
  meter?: ConnectionMeter | undefined;
  mediaInspector: MediaInspector;
  /** Where uploaded library files are kept; absent when the process has no data directory to keep them in. */
  media?: MediaStore | undefined;
  settings: CoreSettings;
}

export interface CoreSettings {
  /** How long a claim on a publishing job lasts before another worker may reconcile it. */
  leaseMs: number;
  /** Default retry delays (5m / 15m / 30m, docs/product.md#retries), overridable per campaign. */
  retryDelaysMs: number[];
  /** Whether publish-now (force publish) is enabled. */
  publishNowEnabled: boolean;
  /** How far ahead an autopilot pick is made (so a suggestion or an approval has time for a person). */
  autopilotLookaheadMs: number;
  /** Where people reach the admin API and the web calendar (links sent in chat start with it). */
  publicUrl: string;
  /** Per-platform overrides of DEFAULT_RATE_LIMITS (null = unlimited). */
  rateLimits?: Partial<Record<Platform, RateLimit | null>>;
}

export const DEFAULT_RETRY_DELAYS_MS = [5 * 60_000, 15 * 60_000, 30 * 60_000];

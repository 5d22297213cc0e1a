import type { Db } from 'mongodb';
import type { Platform } from './core/domain/types.js';
import type { Clock } from './core/ports/clock.js';
import type { ConnectionMeter } from './core/ports/connection-meter.js';
import type { CredentialVault } from './core/ports/credential-vault.js';
import type { IdGenerator } from './core/ports/id-generator.js';
import type { MediaInspector } from './core/ports/media-inspector.js';
import type { MediaStore } from './core/ports/media-store.js';
import type { Notifier } from './core/ports/notifier.js';
import type { PlatformConnector } from './core/ports/platform-connector.js';
import type { PublishQueue } from './core/ports/publish-queue.js';
import type { Publisher } from './core/ports/publisher.js';
import { type CoreDeps, type CoreSettings, DEFAULT_RETRY_DELAYS_MS } from './core/use-cases/deps.js';
import { CachedCampaigns } from './infra/cached-campaigns.js';
import { LocalChanges, trackJobs, trackPosts } from './infra/change-tracking.js';
import { cryptoSecrets } from './infra/crypto-secrets.js';
import { DryrunPublisher } from './publishers/dryrun-publisher.js';
import type { FetchPolicy } from './publishers/index.js';
import { HttpMediaInspector } from './publishers/media-inspector.js';
import { HeldMarks, withMarksHeld } from './store/change-marks.js';
import { MongoCalendarSource } from './store/mongo-calendar-source.js';
import { MongoConnectRequestStore } from './store/mongo-connect-request-store.js';
import { MongoDraftStore } from './store/mongo-draft-store.js';
import { MongoNoticeLog } from './store/mongo-notice-log.js';
import { MongoOAuthClientStore } from './store/mongo-oauth-client-store.js';
import { MongoPublicationLog } from './store/mongo-publication-log.js';
import { createRepositories } from './store/mongo-store.js';
import { MongoWebSessionStore } from './store/mongo-web-session-store.js';

export interface ComposeInput {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** Default: Math.random. */
  random?: () => number;
  queue: PublishQueue;
  notifier: Notifier;
  settings?: Partial<CoreSettings>;
  /** Platform adapters by platform; dryrun is always present. */
  publishers?: Partial<Record<Platform, Publisher>>;
  vault?: CredentialVault;
  mediaInspector?: MediaInspector;
  /** Where uploaded library files are kept (the data directory's `media`). */
  media?: MediaStore;
  /** Which non-public hosts the default media inspector may fetch (HERALD_FETCH_ALLOW). */
  fetchPolicy?: FetchPolicy;
  /** How accounts of each platform are connected (configured platforms only). */
  connectors?: Partial<Record<Platform, PlatformConnector>>;
  meter?: ConnectionMeter;
}

/** Builds the dependencies every use case receives, over one database. Used by main and by tests. */
export function composeCore(input: ComposeInput): CoreDeps {
  const publishers: Partial<Record<Platform, Publisher>> = {
    dryrun: new DryrunPublisher(new MongoPublicationLog(input.db)),
    ...input.publishers,
  };
  const repositories = createRepositories(input.db, { ids: input.ids, clock: input.clock });
  const changes = new LocalChanges();
  return {
    ...repositories,
    jobs: trackJobs(repositories.jobs, changes),
    posts: trackPosts(repositories.posts, changes),
    changes,
    writes: {
      together: async (run) => {
        const marks = new HeldMarks();
        try {
          return await run((store) => withMarksHeld(store, marks));
        } finally {
          await marks.release();
        }
      },
    },
    calendar: new MongoCalendarSource(input.db),
    campaigns: new CachedCampaigns(repositories.campaigns, input.clock),
    clock: input.clock,
    ids: input.ids,
    random: input.random ?? Math.random,
    queue: input.queue,
    notifier: input.notifier,
    notices: new MongoNoticeLog(input.db),
    drafts: new MongoDraftStore(input.db),
    sessions: new MongoWebSessionStore(input.db),
    secrets: cryptoSecrets,
    publisherFor: (platform) => publishers[platform],
    vault: input.vault,
    connectorFor: (platform) => input.connectors?.[platform],
    connectRequests: new MongoConnectRequestStore(input.db),
    oauthClients: new MongoOAuthClientStore(input.db),
    meter: input.meter,
    media: input.media,
    mediaInspector: input.mediaInspector ?? new HttpMediaInspector({ fetchPolicy: input.fetchPolicy }),
    settings: {
      leaseMs: 120_000,
      retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
      publishNowEnabled: false,
      autopilotLookaheadMs: 24 * 3_600_000,
      publicUrl: 'http://127.0.0.1:3000',
      ...input.settings,
    },
  };
}

import type { FetchPolicy } from '../../../src/publishers/url-guard.js';

/** Local fake platform servers for adapter, pipeline and bench tests (all on 127.0.0.1, port 0). */

/**
 * Media and webhook URLs on 127.0.0.1 are refused unless allowlisted; adapters and compositions
 * that must reach these fakes take this policy, the way an operator allows an intranet host.
 */
export const LOCAL_FAKES: FetchPolicy = { allow: ['127.0.0.1'] };

export { type BlueskyFakeState, expireSessions, type FakeBluesky, startFakeBluesky } from './bluesky-fake.js';
export type { FailSpec, FakeReply, FakeServer, RecordedRequest } from './fake-server.js';
export {
  type FakeInstagram,
  graphError,
  type InstagramFakeState,
  startFakeInstagram,
} from './instagram-fake.js';
export { type FakeMastodon, type MastodonFakeState, startFakeMastodon } from './mastodon-fake.js';
export { type FakeMediaHost, SAMPLE_JPEG, SAMPLE_MP4, startFakeMediaHost } from './media-host.js';
export { type FakeTikTok, startFakeTikTok, type TikTokFakeState, tiktokReply } from './tiktok-fake.js';
export { type FakeWebhook, startFakeWebhook, type WebhookFakeState } from './webhook-fake.js';

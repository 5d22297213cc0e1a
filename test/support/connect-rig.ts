import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { buildApi } from '../../src/api/build-api.js';
import { CachedApiKeyStore } from '../../src/api/cached-api-keys.js';
import { runCommand } from '../../src/core/commands/router.js';
import type { Actor } from '../../src/core/domain/types.js';
import type { Reply } from '../../src/core/operations/reply.js';
import type { Clock } from '../../src/core/ports/clock.js';
import { CredentialCipher } from '../../src/infra/credential-cipher.js';
import { connectionMeter } from '../../src/infra/metrics.js';
import { createConnectors } from '../../src/publishers/connect/index.js';
import { BlueskyPublisher, MastodonPublisher, TikTokPublisher } from '../../src/publishers/index.js';
import { InstagramPublisher } from '../../src/publishers/instagram.js';
import { MongoApiKeyStore } from '../../src/store/mongo-api-key-store.js';
import { MongoCredentialVault } from '../../src/store/mongo-credential-vault.js';
import { addSessions, type BlueskySessionState } from './fakes/bluesky-session-fake.js';
import {
  type FakeBluesky,
  type FakeInstagram,
  type FakeMastodon,
  type FakeTikTok,
  LOCAL_FAKES,
  startFakeBluesky,
  startFakeInstagram,
  startFakeMastodon,
  startFakeTikTok,
} from './fakes/index.js';
import { acceptedBy, addOAuth, type OAuthFakeState } from './fakes/oauth-fake.js';
import { createHarness, type Harness } from './harness.js';

/** The person who types `connect` in the tests. */
export const MIA_PERSON: Actor = { kind: 'slack', id: 'U0MIA', name: 'mia' };

export interface ConnectRig {
  h: Harness;
  app: Awaited<ReturnType<typeof buildApi>>;
  tiktok: FakeTikTok;
  tiktokAuth: OAuthFakeState;
  instagram: FakeInstagram;
  instagramAuth: OAuthFakeState;
  mastodon: FakeMastodon;
  mastodonAuth: OAuthFakeState;
  bluesky: FakeBluesky;
  blueskySessions: BlueskySessionState;
  /** Every log line the API wrote (JSON), for the "no token in any log line" checks. */
  logs: string[];
  logger: pino.Logger;
  key(scopes: ('read' | 'write' | 'approve' | 'admin')[]): Promise<string>;
  /** A chat command as the person types it in channel C0TEAM. */
  command(text: string, actor?: Actor): Promise<Reply>;
  /** Opens a connect link like a browser: the redirect (or form) and the binding cookie. */
  start(
    linkUrl: string,
    cookie?: string,
  ): Promise<{ res: LightMyRequestResponse; location: string; cookie: string }>;
  /** The person allows Herald on the fake platform's page: where the platform sends the browser back. */
  allow(authorizeUrl: string): Promise<URL>;
  /** The platform's redirect arriving at Herald. */
  callback(callbackUrl: URL, cookie: string): Promise<LightMyRequestResponse>;
  /** The whole flow for `connect <words>`: the callback's answer. */
  connect(words: string, actor?: Actor): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The API over a test database with the four fake platforms on 127.0.0.1, each with its
 * authorization server, Herald's connectors and publishers pointed at them, a credential key,
 * and a logger whose every line is kept.
 */
export async function startConnectRig(label: string, clock?: Clock): Promise<ConnectRig> {
  const h = await createHarness({ label, ...(clock ? { clock } : {}) });
  const [tiktok, instagram, mastodon, bluesky] = await Promise.all([
    startFakeTikTok({ processingPolls: 0 }),
    startFakeInstagram(),
    startFakeMastodon(),
    startFakeBluesky(),
  ]);
  const tiktokAuth = addOAuth(tiktok, 'tiktok', { onIssue: acceptedBy(tiktok) });
  const instagramAuth = addOAuth(instagram, 'instagram', { onIssue: acceptedBy(instagram) });
  const mastodonAuth = addOAuth(mastodon, 'mastodon', { onIssue: acceptedBy(mastodon) });
  const blueskySessions = addSessions(bluesky);
  const now = () => h.deps.clock.now();
  const connectors = createConnectors({
    tiktok: {
      clientKey: 'tiktok-client',
      clientSecret: 'tiktok-secret',
      authUrl: tiktok.url,
      apiUrl: tiktok.url,
      timeoutMs: 3000,
      now,
    },
    instagram: {
      appId: 'instagram-client',
      appSecret: 'instagram-secret',
      authUrl: instagram.url,
      tokenUrl: instagram.url,
      graphUrl: instagram.url,
      timeoutMs: 3000,
      now,
    },
    mastodon: { timeoutMs: 3000 },
    bluesky: { baseUrl: bluesky.url, timeoutMs: 3000, now },
    fetchPolicy: LOCAL_FAKES,
  });
  const publishers = {
    tiktok: new TikTokPublisher({ baseUrl: tiktok.url, pollIntervalMs: 10, timeoutMs: 3000 }),
    instagram: new InstagramPublisher({ baseUrl: `${instagram.url}/v21.0`, pollIntervalMs: 10 }),
    mastodon: new MastodonPublisher({ fetchPolicy: LOCAL_FAKES, pollIntervalMs: 10 }),
    bluesky: new BlueskyPublisher({ baseUrl: bluesky.url, fetchPolicy: LOCAL_FAKES }),
  };
  h.deps.vault = new MongoCredentialVault(
    h.testDb.db,
    new CredentialCipher([{ id: 'k1', key: randomBytes(32) }]),
    h.deps.clock,
  );
  h.deps.connectorFor = (platform) => connectors[platform];
  const dryrun = h.deps.publisherFor('dryrun');
  h.deps.publisherFor = (platform) =>
    platform === 'dryrun' ? dryrun : publishers[platform as keyof typeof publishers];
  h.deps.meter = connectionMeter;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const keys = new CachedApiKeyStore(new MongoApiKeyStore(h.testDb.db, h.deps.clock), h.deps.clock);
  const app = await buildApi({ logger, readiness: [], deps: h.deps, keys, trustProxy: true });

  const rig: ConnectRig = {
    h,
    app,
    tiktok,
    tiktokAuth,
    instagram,
    instagramAuth,
    mastodon,
    mastodonAuth,
    bluesky,
    blueskySessions,
    logs,
    logger,
    key: async (scopes) => (await keys.create(h.workspace.id, scopes, scopes.join('+'))).key,
    command: (text, actor = MIA_PERSON) =>
      runCommand(h.deps, { workspace: h.workspace, actor, actorRoles: [], channel: 'C0TEAM' }, text),
    start: async (linkUrl, cookie) => {
      const url = new URL(linkUrl);
      const res = await app.inject({
        method: 'GET',
        url: `${url.pathname}${url.search}`,
        headers: cookie ? { cookie } : {},
      });
      const set = res.headers['set-cookie'];
      return {
        res,
        location: String(res.headers.location ?? ''),
        cookie: set ? (String(set).split(';')[0] as string) : (cookie ?? ''),
      };
    },
    allow: async (authorizeUrl) => {
      const page = new URL(authorizeUrl);
      const res = await fetch(`${page.origin}/__consent/allow${page.search}`, { redirect: 'manual' });
      return new URL(res.headers.get('location') ?? '');
    },
    callback: (callbackUrl, cookie) =>
      app.inject({ method: 'GET', url: `${callbackUrl.pathname}${callbackUrl.search}`, headers: { cookie } }),
    connect: async (words, actor) => {
      const reply = await rig.command(`connect ${words}`, actor);
      const started = await rig.start(reply.lines[0] as string);
      return rig.callback(await rig.allow(started.location), started.cookie);
    },
    close: async () => {
      await app.close();
      await Promise.all([tiktok.close(), instagram.close(), mastodon.close(), bluesky.close()]);
      await h.close();
    },
  };
  return rig;
}

/** Everything the rig knows is secret, for grepping logs and audit rows. */
export function secretsOf(rig: ConnectRig): string[] {
  return [
    ...rig.tiktokAuth.issued,
    ...rig.instagramAuth.issued,
    ...rig.mastodonAuth.issued,
    ...rig.blueskySessions.issued,
    rig.bluesky.state.appPassword,
    'tiktok-secret',
    'instagram-secret',
  ];
}

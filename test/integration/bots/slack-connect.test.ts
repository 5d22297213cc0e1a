import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/api/build-api.js';
import { CredentialCipher } from '../../../src/infra/credential-cipher.js';
import { createConnectors } from '../../../src/publishers/connect/index.js';
import { MongoCredentialVault } from '../../../src/store/mongo-credential-vault.js';
import { type FakeTikTok, startFakeTikTok } from '../../support/fakes/index.js';
import { acceptedBy, addOAuth } from '../../support/fakes/oauth-fake.js';
import { blocksText, type SlackHarness, startSlackHarness } from '../../support/slack-harness.js';
import { SLACK_DEFAULTS } from '../../support/slack-signing.js';

/** `/herald connect tiktok` in Slack: a link only the person sees, "Connected" in the channel where it was typed. */
describe('Slack: connect an account', () => {
  let h: SlackHarness;
  let tiktok: FakeTikTok;
  let app: Awaited<ReturnType<typeof buildApi>>;
  beforeAll(async () => {
    h = await startSlackHarness({});
    tiktok = await startFakeTikTok();
    addOAuth(tiktok, 'tiktok', { onIssue: acceptedBy(tiktok) });
    const connectors = createConnectors({
      tiktok: {
        clientKey: 'tiktok-client',
        clientSecret: 'tiktok-secret',
        authUrl: tiktok.url,
        apiUrl: tiktok.url,
      },
    });
    h.deps.connectorFor = (platform) => connectors[platform];
    h.deps.vault = new MongoCredentialVault(
      h.testDb.db,
      new CredentialCipher([{ id: 'k', key: randomBytes(32) }]),
      h.deps.clock,
    );
    app = await buildApi({ logger: pino({ level: 'silent' }), readiness: [], deps: h.deps });
  });
  afterAll(async () => {
    await app?.close();
    await tiktok?.close();
    await h?.close();
  });

  it('answers the person alone with a link; the callback says "Connected @mia on TikTok" in the channel the command came from', async () => {
    const reply = await h.reply((await h.command('connect tiktok')).responseId);
    expect(reply.response_type).toBe('ephemeral');
    const link = new URL(
      /http:\/\/\S+\/oauth\/tiktok\/start\?link=[\w-]+/.exec(blocksText(reply.blocks))?.[0] as string,
    );
    const started = await app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    const authorize = new URL(String(started.headers.location));
    const allowed = await fetch(`${authorize.origin}/__consent/allow${authorize.search}`, {
      redirect: 'manual',
    });
    const back = new URL(allowed.headers.get('location') as string);
    const done = await app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: String(started.headers['set-cookie']).split(';')[0] as string },
    });
    expect(done.statusCode).toBe(200);
    await expect
      .poll(
        () =>
          h.fake.state.messages.find((m) => blocksText(m.blocks).includes('Connected @mia on TikTok'))
            ?.channel,
      )
      .toBe(SLACK_DEFAULTS.channelId);
  });
});

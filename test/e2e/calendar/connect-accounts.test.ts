import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeMastodon,
  type FakeTikTok,
  startFakeMastodon,
  startFakeTikTok,
} from '../../support/fakes/index.js';
import { acceptedBy, addOAuth, type OAuthFakeState } from '../../support/fakes/oauth-fake.js';
import { openCalendar } from './calendar-page.js';
import { type CalendarRig, HAS_CHROMIUM, SKIP_REASON, startCalendarRig } from './rig.js';

if (!HAS_CHROMIUM) console.warn(`[connect e2e] skipped: ${SKIP_REASON}`);
let rig: CalendarRig;
let tiktok: FakeTikTok;
let tiktokAuth: OAuthFakeState;
let mastodon: FakeMastodon;
let mastodonAuth: OAuthFakeState;

/**
 * Connecting accounts in a real headless Chromium against a real `herald start`: from the link
 * the console chat prints for `connect tiktok`, through the fake platform's authorization page,
 * to Herald's "Connected" page; and from the calendar's Accounts panel and a Connect button.
 */
describe.skipIf(!HAS_CHROMIUM)('connecting accounts in Chromium', () => {
  beforeAll(async () => {
    tiktok = await startFakeTikTok();
    tiktokAuth = addOAuth(tiktok, 'tiktok', { onIssue: acceptedBy(tiktok) });
    mastodon = await startFakeMastodon();
    mastodonAuth = addOAuth(mastodon, 'mastodon', { onIssue: acceptedBy(mastodon) });
    rig = await startCalendarRig('connect', {
      HERALD_CREDENTIAL_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      HERALD_TIKTOK_CLIENT_KEY: 'tiktok-client',
      HERALD_TIKTOK_CLIENT_SECRET: 'tiktok-secret',
      HERALD_TIKTOK_AUTH_URL: tiktok.url,
      HERALD_TIKTOK_BASE_URL: tiktok.url,
      HERALD_FETCH_ALLOW: '127.0.0.1',
    });
  }, 180_000);
  afterAll(async () => {
    await rig?.close();
    await tiktok?.close();
    await mastodon?.close();
  });

  it('goes from the link `connect tiktok` prints, through TikTok’s consent page, to "Connected @mia on TikTok"', async () => {
    const herald = rig.herald;
    const from = herald.lines.length;
    const link = await rig.chatLine('connect tiktok', /http:\/\/\S+\/oauth\/tiktok\/start\?link=[\w-]+/);
    const context = await rig.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(link);
      expect(page.url()).toContain(`${tiktok.url}/v2/auth/authorize/`);
      expect(await page.locator('#who').textContent()).toBe('@mia');
      await page.click('#allow');
      await page.waitForURL(/\/oauth\/tiktok\/callback\?/);
      expect(await page.locator('#outcome').textContent()).toBe('Connected @mia on TikTok');
      // The team hears it where the command was typed: on the console, Herald's own output.
      await herald.waitForLine(/Connected @mia on TikTok/, 10_000, from);
      const [account] = await rig.repos.accounts.findByHandle(rig.workspaceId, 'mia', 'tiktok');
      expect(account?.connection).toMatchObject({ method: 'oauth', status: 'connected' });
      expect(account?.platformUserId).toBe('user-mia-1');
      expect(tiktokAuth.tokenCalls.authorization_code).toBe(1);
      // Used once: the same link opened again is refused.
      await page.goto(link);
      expect(await page.locator('#outcome').textContent()).toBe('Not connected');
      expect(await page.locator('main').textContent()).toContain('used already');
    } finally {
      await context.close();
    }
  });

  it('connects a Mastodon account from the calendar’s Accounts panel, and a not-connected account from its Connect button', async () => {
    const zoe = await rig.api('POST', '/v1/accounts', { platform: 'tiktok', handle: 'zoe', timezone: 'UTC' });
    expect(zoe.status).toBe(201);
    const { context, page } = await openCalendar(rig);
    try {
      await page.click('#accounts-button');
      const row = page.locator(`.account-row[data-account="${zoe.body.id}"]`);
      expect(await row.locator('.badge').textContent()).toBe('not connected');
      expect(
        await page.locator('.account-row', { hasText: '@mia · tiktok' }).locator('.badge').textContent(),
      ).toBe('connected');

      await page.selectOption('#connect-platform', 'mastodon');
      await page.fill('#connect-server', mastodon.url);
      await page.click('#connect-new');
      await page.waitForURL(/\/oauth\/authorize\?/);
      await page.click('#allow');
      await page.waitForURL(/\/oauth\/mastodon\/callback\?/);
      expect(await page.locator('#outcome').textContent()).toBe('Connected @mia on Mastodon');
      expect(mastodonAuth.appsRegistered).toBe(1);

      await page.goto(`${rig.base}/calendar`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.click('#accounts-button');
      tiktokAuth.user = { id: 'user-zoe-2', handle: 'zoe' };
      await page.locator(`.account-row[data-account="${zoe.body.id}"] button`).click();
      await page.waitForURL(/\/v2\/auth\/authorize\//);
      await page.click('#allow');
      await page.waitForURL(/\/oauth\/tiktok\/callback\?/);
      expect(await page.locator('#outcome').textContent()).toBe('Connected @zoe on TikTok');
      const connected = await rig.repos.accounts.get(rig.workspaceId, zoe.body.id);
      expect(connected?.connection?.status).toBe('connected');
      expect(connected?.platformUserId).toBe('user-zoe-2');
    } finally {
      await context.close();
    }
  });
});

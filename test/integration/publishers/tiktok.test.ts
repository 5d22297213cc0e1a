import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../../src/core/ports/publisher.js';
import { classifyError, TikTokPublisher } from '../../../src/publishers/tiktok.js';
import { type FakeTikTok, startFakeTikTok, tiktokReply } from '../../support/fakes/index.js';
import { expectPublishError, testAccount } from './helpers.js';

const TOKEN = 'act.tt-test-token';
const VIDEO = 'https://cdn.example/verified/clip.mp4';

describe('TikTokPublisher against the fake Content Posting API', () => {
  let fake: FakeTikTok;
  let publisher: TikTokPublisher;
  const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
    idempotencyKey: 'job-1',
    account: testAccount('tiktok'),
    caption: 'Morning routine #fyp',
    media: [{ url: VIDEO, kind: 'video' }],
    token: TOKEN,
    ...overrides,
  });

  beforeEach(async () => {
    fake = await startFakeTikTok({ token: TOKEN, processingPolls: 2 });
    publisher = new TikTokPublisher({ baseUrl: fake.url, pollIntervalMs: 5, maxPolls: 10, timeoutMs: 1000 });
  });
  afterEach(() => fake.close());

  it('publishes: creator_info, video/init with PULL_FROM_URL, status/fetch until PUBLISH_COMPLETE', async () => {
    const result = await publisher.publish(request());

    const [video] = fake.state.videos;
    expect(result.platformPostId).toBe(video!.id);
    expect(result.url).toBe(`https://www.tiktok.com/@mia/video/${video!.id}`);
    expect(result.requestId).toMatch(/^log-/);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/v2/post/publish/creator_info/query/',
      '/v2/post/publish/video/init/',
      '/v2/post/publish/status/fetch/',
      '/v2/post/publish/status/fetch/',
      '/v2/post/publish/status/fetch/',
    ]);
    expect(
      fake.requests.every((r) => r.method === 'POST' && r.headers.authorization === `Bearer ${TOKEN}`),
    ).toBe(true);
    expect(fake.requests[1]!.body).toEqual({
      post_info: {
        title: 'Morning routine #fyp',
        privacy_level: 'PUBLIC_TO_EVERYONE',
        disable_comment: false,
        disable_duet: false,
        disable_stitch: false,
      },
      source_info: { source: 'PULL_FROM_URL', video_url: VIDEO },
    });
    const publishId = [...fake.state.publishes.keys()][0];
    expect(fake.requests[2]!.body).toEqual({ publish_id: publishId });
  });

  it('opens the video on the moment chosen (video_cover_timestamp_ms); a cover picture is not sent', async () => {
    await publisher.publish(request({ cover: { kind: 'frame', atMs: 3000 } }));
    await publisher.publish(
      request({ idempotencyKey: 'job-2', cover: { kind: 'picture', url: 'https://cdn.example/c.jpg' } }),
    );
    const [framed, pictured] = [...fake.state.publishes.values()];
    expect(framed?.coverTimestampMs).toBe(3000);
    expect(pictured).not.toHaveProperty('coverTimestampMs');
  });

  it('posts privately when the creator only offers SELF_ONLY (unaudited client)', async () => {
    fake.state.privacyLevelOptions = ['SELF_ONLY'];
    await publisher.publish(request());
    expect([...fake.state.publishes.values()][0]!.privacyLevel).toBe('SELF_ONLY');
  });

  it('refuses a configured privacy level the creator does not offer, before init', async () => {
    fake.state.privacyLevelOptions = ['SELF_ONLY'];
    const strict = new TikTokPublisher({ baseUrl: fake.url, privacyLevel: 'PUBLIC_TO_EVERYONE' });
    await expectPublishError(strict.publish(request()), {
      kind: 'permanent',
      code: 'privacy_level_option_mismatch',
    });
    expect(fake.state.publishes.size).toBe(0);
  });

  it('refuses anything but exactly one video without calling TikTok', async () => {
    await expectPublishError(
      publisher.publish(request({ media: [{ url: 'https://cdn.example/a.jpg', kind: 'image' }] })),
      {
        kind: 'permanent',
        code: 'media_unsupported',
      },
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('reports access_token_invalid as permanent without repeating the token', async () => {
    await expectPublishError(
      publisher.publish(request({ token: 'act.revoked-456' })),
      { kind: 'permanent', code: 'access_token_invalid' },
      ['act.revoked-456'],
    );
  });

  it('reports scope_not_authorized as permanent', async () => {
    fake.failNext(tiktokReply(401, {}, 'scope_not_authorized', 'The user did not authorize the scope'));
    await expectPublishError(publisher.publish(request()), {
      kind: 'permanent',
      code: 'scope_not_authorized',
    });
  });

  it('reports rate_limit_exceeded (429) as rate_limited, using Retry-After or the one-minute window', async () => {
    fake.failNext({
      ...tiktokReply(429, {}, 'rate_limit_exceeded', 'API rate limit exceeded'),
      headers: { 'Retry-After': '30' },
    });
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      code: 'rate_limit_exceeded',
      retryAfterMs: 30_000,
    });
    fake.failNext(tiktokReply(429, {}, 'rate_limit_exceeded', 'API rate limit exceeded'));
    await expectPublishError(publisher.publish(request()), { kind: 'rate_limited', retryAfterMs: 60_000 });
  });

  it('reports spam_risk_text as permanent and spam_risk_too_many_posts as a delay', async () => {
    fake.failNext({ ...tiktokReply(403, {}, 'spam_risk_text', 'spam'), match: 'video/init' });
    await expectPublishError(publisher.publish(request()), { kind: 'permanent', code: 'spam_risk_text' });
    fake.failNext({ ...tiktokReply(403, {}, 'spam_risk_too_many_posts', 'daily cap'), match: 'video/init' });
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      code: 'spam_risk_too_many_posts',
    });
  });

  it('reports internal_error before init as transient', async () => {
    fake.failNext(tiktokReply(500, {}, 'internal_error', 'oops'));
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'internal_error' });
  });

  it('reports a FAILED publish by its fail_reason', async () => {
    fake.state.failReason = 'duration_check_failed';
    await expectPublishError(publisher.publish(request()), {
      kind: 'permanent',
      code: 'duration_check_failed',
    });
    expect(fake.state.videos).toHaveLength(0);
  });

  it('reports a status/fetch failure after init as outcome_unknown: TikTok may still post it', async () => {
    fake.failNext({ ...tiktokReply(500, {}, 'internal_error', 'oops'), match: 'status/fetch' });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'outcome_unknown' });
  });

  it('reports a publish still processing after maxPolls as outcome_unknown', async () => {
    fake.state.processingPolls = 100;
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'outcome_unknown' });
    expect(fake.requestsTo('status/fetch')).toHaveLength(10);
  });

  it('times out on a slow creator_info with a transient timeout that does not contain the token', async () => {
    fake.setLatency(300);
    const slow = new TikTokPublisher({ baseUrl: fake.url, timeoutMs: 100 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [TOKEN]);
  });

  it('reports a video/init that times out as outcome_unknown', async () => {
    fake.failNext({ ...tiktokReply(200, { publish_id: 'p1' }), match: 'video/init', delayMs: 2000 });
    const slow = new TikTokPublisher({ baseUrl: fake.url, timeoutMs: 200 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'outcome_unknown' }, [
      TOKEN,
    ]);
  });

  it('lookup finds the video by caption in video/list', async () => {
    const notBefore = new Date(Date.now() - 1000);
    const published = await publisher.publish(request());
    const other = new TikTokPublisher({ baseUrl: fake.url });

    const found = await other.lookup('job-1', request().account, {
      token: TOKEN,
      caption: 'Morning routine #fyp',
      notBefore,
    });

    expect(found).toEqual({ platformPostId: published.platformPostId, url: published.url });
    const list = fake.requestsTo('/v2/video/list/')[0]!;
    expect(list.query).toEqual({ fields: 'id,title,video_description,create_time,share_url' });
    expect(list.body).toEqual({ max_count: 20 });
  });

  it('lookup returns null when no recent video has the caption', async () => {
    await publisher.publish(request());
    expect(
      await publisher.lookup('job-2', request().account, {
        token: TOKEN,
        caption: 'nope',
        notBefore: new Date(),
      }),
    ).toBeNull();
  });

  it('lookup without a token cannot tell, and says so', async () => {
    await expectPublishError(publisher.lookup('job-1', request().account), {
      kind: 'permanent',
      code: 'lookup_unavailable',
    });
  });

  it('classifyError maps the documented error codes', () => {
    const kind = (status: number, code: string) =>
      classifyError(status, { data: {}, error: { code, message: '', log_id: 'l' } }).kind;
    expect(kind(401, 'access_token_invalid')).toBe('permanent');
    expect(kind(401, 'scope_permission_missed')).toBe('permanent');
    expect(kind(400, 'privacy_level_option_mismatch')).toBe('permanent');
    expect(kind(403, 'url_ownership_unverified')).toBe('permanent');
    expect(kind(429, 'rate_limit_exceeded')).toBe('rate_limited');
    expect(kind(500, 'internal_error')).toBe('transient');
    expect(classifyError(502, undefined).kind).toBe('transient');
  });
});

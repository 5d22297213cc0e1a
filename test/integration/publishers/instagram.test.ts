import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../../src/core/ports/publisher.js';
import { classifyError, InstagramPublisher } from '../../../src/publishers/instagram.js';
import { type FakeInstagram, graphError, startFakeInstagram } from '../../support/fakes/index.js';
import { expectPublishError, testAccount } from './helpers.js';

const TOKEN = 'ig-test-token';
const IG_USER = '17841400000000001';
const IMAGE = 'https://cdn.example/summer.jpg';

describe('InstagramPublisher against the fake Graph API', () => {
  let fake: FakeInstagram;
  let publisher: InstagramPublisher;
  const paths = () => fake.requests.map((r) => `${r.method} ${r.path}`);
  const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
    idempotencyKey: 'job-1',
    account: testAccount('instagram', { handle: 'mia', platformUserId: IG_USER }),
    caption: 'Hello #summer',
    media: [{ url: IMAGE, kind: 'image' }],
    token: TOKEN,
    ...overrides,
  });

  beforeEach(async () => {
    fake = await startFakeInstagram({ token: TOKEN, processingPolls: 1 });
    publisher = new InstagramPublisher({
      baseUrl: `${fake.url}/v21.0`,
      pollIntervalMs: 5,
      maxPolls: 5,
      timeoutMs: 1000,
    });
  });
  afterEach(() => fake.close());

  it('publishes an image: container, status polls until FINISHED, media_publish, permalink', async () => {
    const result = await publisher.publish(request());

    const [media] = fake.state.media;
    const container = media!.containerId;
    expect(result).toEqual({
      platformPostId: media!.id,
      url: media!.permalink,
      requestId: `trace-${media!.id}`,
    });
    expect(paths()).toEqual([
      `POST /${IG_USER}/media`,
      `GET /${container}`,
      `GET /${container}`,
      `POST /${IG_USER}/media_publish`,
      `GET /${media!.id}`,
    ]);
    expect(fake.requests[0]!.body).toEqual({
      image_url: IMAGE,
      caption: 'Hello #summer',
      access_token: TOKEN,
    });
    expect(fake.requests[0]!.query).toEqual({});
    expect(fake.requests[1]!.query).toEqual({ fields: 'status_code,status', access_token: TOKEN });
    expect(fake.requests[3]!.body).toEqual({ creation_id: container, access_token: TOKEN });
  });

  it('publishes a single video as REELS', async () => {
    await publisher.publish(request({ media: [{ url: 'https://cdn.example/clip.mp4', kind: 'video' }] }));

    expect(fake.requests[0]!.body).toMatchObject({
      video_url: 'https://cdn.example/clip.mp4',
      media_type: 'REELS',
    });
    expect(fake.state.media).toHaveLength(1);
  });

  it('gives a reel the cover chosen: a picture as cover_url, a moment as thumb_offset (ms)', async () => {
    const clip = { url: 'https://cdn.example/clip.mp4', kind: 'video' as const };
    await publisher.publish(
      request({ media: [clip], cover: { kind: 'picture', url: 'https://cdn.example/cover.jpg' } }),
    );
    await publisher.publish(request({ media: [clip], cover: { kind: 'frame', atMs: 2500 } }));
    const [picture, frame] = [...fake.state.containers.values()].map((c) => c.params);
    expect(picture).toMatchObject({ media_type: 'REELS', cover_url: 'https://cdn.example/cover.jpg' });
    expect(picture).not.toHaveProperty('thumb_offset');
    expect(frame).toMatchObject({ media_type: 'REELS', thumb_offset: '2500' });
    expect(frame).not.toHaveProperty('cover_url');
  });

  it('publishes several items as one CAROUSEL built from child containers', async () => {
    const media = [
      { url: IMAGE, kind: 'image' as const },
      { url: 'https://cdn.example/clip.mp4', kind: 'video' as const },
    ];
    await publisher.publish(request({ media }));

    const creates = fake.requestsTo('/media').filter((r) => r.path.endsWith('/media'));
    expect(creates.map((r) => r.body)).toEqual([
      { image_url: IMAGE, is_carousel_item: 'true', access_token: TOKEN },
      {
        video_url: 'https://cdn.example/clip.mp4',
        media_type: 'VIDEO',
        is_carousel_item: 'true',
        access_token: TOKEN,
      },
      {
        media_type: 'CAROUSEL',
        children: expect.stringMatching(/^\d+,\d+$/),
        caption: 'Hello #summer',
        access_token: TOKEN,
      },
    ]);
    expect(fake.state.media).toHaveLength(1);
  });

  it('refuses an account without an ig-user-id before sending anything', async () => {
    const account = testAccount('instagram', { handle: 'mia' });
    await expectPublishError(publisher.publish(request({ account })), {
      kind: 'permanent',
      code: 'missing_platform_user_id',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('reports an invalid token (code 190) as permanent token_invalid without repeating the token', async () => {
    await expectPublishError(
      publisher.publish(request({ token: 'revoked-token-123' })),
      { kind: 'permanent', code: 'token_invalid' },
      ['revoked-token-123'],
    );
  });

  it('reports throttling (code 4) as rate_limited and honours Retry-After', async () => {
    fake.failNext({
      status: 400,
      body: graphError(4, 'Application request limit reached'),
      headers: { 'Retry-After': '120' },
    });
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      code: 'rate_limited',
      retryAfterMs: 120_000,
    });
  });

  it('reads the throttling delay from X-Business-Use-Case-Usage when there is no Retry-After', async () => {
    const usage = JSON.stringify({
      '123': [{ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 7 }],
    });
    fake.failNext({
      status: 400,
      body: graphError(17, 'User request limit reached'),
      headers: { 'X-Business-Use-Case-Usage': usage },
    });
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      retryAfterMs: 7 * 60_000,
    });
  });

  it('reports the 24-hour publishing limit (code 9 / 2207042) as rate_limited, not failed', async () => {
    fake.state.quotaUsage = fake.state.quotaTotal;
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      code: 'publish_limit_reached',
    });
    expect(fake.state.media).toHaveLength(0);
  });

  it('reports a spam restriction (code 4 / 2207051) as permanent, not throttling', async () => {
    fake.failNext({
      status: 400,
      body: graphError(4, 'We restrict certain activity', { subcode: 2207051 }),
      match: 'media_publish',
    });
    await expectPublishError(publisher.publish(request()), { kind: 'permanent', code: 'policy_restricted' });
  });

  it('reports is_transient errors and HTTP 5xx before media_publish as transient', async () => {
    fake.failNext({
      status: 400,
      body: graphError(2, 'Service temporarily unavailable', { transient: true }),
    });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'platform_transient' });
    fake.failNext({ status: 503, body: graphError(1, 'An unknown error occurred') });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'http_503' });
  });

  it('reports a container that ends in ERROR as a permanent media rejection', async () => {
    fake.state.containerOutcome = 'ERROR';
    await expectPublishError(publisher.publish(request()), { kind: 'permanent', code: 'media_rejected' });
    expect(fake.requestsTo('media_publish')).toHaveLength(0);
  });

  it('gives up on a container still processing after maxPolls with a retryable processing_timeout', async () => {
    fake.state.processingPolls = 100;
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'processing_timeout' });
    expect(fake.requestsTo('GET /')).toHaveLength(5);
  });

  it('times out on a slow answer with a transient timeout that does not contain the token', async () => {
    fake.setLatency(300);
    const slow = new InstagramPublisher({ baseUrl: `${fake.url}/v21.0`, timeoutMs: 100 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [TOKEN]);
  });

  it('reports a media_publish that times out as outcome_unknown: the post may exist', async () => {
    fake.failNext({ status: 200, body: { id: '1' }, match: 'media_publish', delayMs: 2000 });
    const slow = new InstagramPublisher({ baseUrl: `${fake.url}/v21.0`, pollIntervalMs: 5, timeoutMs: 200 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'outcome_unknown' }, [
      TOKEN,
    ]);
  });

  it('a media_publish that landed but answered too late is found by lookup, so it is not posted twice', async () => {
    fake.failNext({ match: 'media_publish', delayMs: 2000 });
    const slow = new InstagramPublisher({ baseUrl: `${fake.url}/v21.0`, pollIntervalMs: 5, timeoutMs: 200 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'outcome_unknown' });

    const found = await slow.lookup('job-1', request().account, { token: TOKEN });

    expect(found?.platformPostId).toBe(fake.state.media[0]!.id);
    expect(fake.state.media).toHaveLength(1);
  });

  it('lookup finds the published media by caption and first-attempt time', async () => {
    const notBefore = new Date();
    const published = await publisher.publish(request());
    const other = new InstagramPublisher({ baseUrl: `${fake.url}/v21.0` });

    const found = await other.lookup('job-1', request().account, {
      token: TOKEN,
      caption: 'Hello  #summer',
      notBefore,
    });

    expect(found).toEqual({ platformPostId: published.platformPostId, url: published.url });
    expect(fake.requestsTo(`GET /${IG_USER}/media`).at(-1)!.query).toMatchObject({
      fields: 'id,caption,permalink,timestamp',
    });
  });

  it('lookup returns null when no recent media has the caption', async () => {
    await publisher.publish(request());
    const found = await publisher.lookup('job-2', request().account, {
      token: TOKEN,
      caption: 'Another post',
      notBefore: new Date(),
    });
    expect(found).toBeNull();
  });

  it('lookup after a publish in this process needs only the token', async () => {
    const published = await publisher.publish(request());
    expect(await publisher.lookup('job-1', request().account, { token: TOKEN })).toMatchObject({
      platformPostId: published.platformPostId,
    });
  });

  it('lookup without caption and time cannot tell, and says so', async () => {
    await expectPublishError(publisher.lookup('job-9', request().account, { token: TOKEN }), {
      kind: 'permanent',
      code: 'lookup_unavailable',
    });
  });

  it('checkLimit reports the 24-hour usage and quota', async () => {
    await publisher.publish(request());
    expect(await publisher.checkLimit(request().account, TOKEN)).toEqual({
      used: 1,
      total: 100,
      windowSeconds: 86400,
    });
  });

  it('classifyError maps documented codes without any I/O', () => {
    const kinds = [190, 10, 200, 368, 4, 17, 32, 613, 1, 2, -1, -2].map(
      (code) => classifyError(400, graphError(code, 'x')).kind,
    );
    expect(kinds).toEqual([
      'permanent',
      'permanent',
      'permanent',
      'permanent',
      'rate_limited',
      'rate_limited',
      'rate_limited',
      'rate_limited',
      'transient',
      'transient',
      'transient',
      'transient',
    ]);
    expect(classifyError(429, undefined).kind).toBe('rate_limited');
    expect(classifyError(500, undefined).kind).toBe('transient');
  });
});

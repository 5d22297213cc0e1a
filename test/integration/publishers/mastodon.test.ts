import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../../src/core/ports/publisher.js';
import { classifyError, MastodonPublisher } from '../../../src/publishers/mastodon.js';
import {
  type FakeMastodon,
  type FakeMediaHost,
  SAMPLE_JPEG,
  startFakeMastodon,
  startFakeMediaHost,
} from '../../support/fakes/index.js';
import { parseMultipart } from '../../support/fakes/multipart.js';
import { expectPublishError, LOCAL_FAKES, testAccount } from './helpers.js';

const TOKEN = 'masto-test-token';

describe('MastodonPublisher against a fake instance', () => {
  let media: FakeMediaHost;
  let fake: FakeMastodon;
  let publisher: MastodonPublisher;
  const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
    idempotencyKey: 'job-1',
    account: testAccount('mastodon'),
    caption: 'New post & <friends>\nsecond line',
    media: [],
    token: TOKEN,
    ...overrides,
  });

  beforeAll(async () => {
    media = await startFakeMediaHost();
  });
  afterAll(() => media.close());
  beforeEach(async () => {
    fake = await startFakeMastodon({ token: TOKEN, processingPolls: 2 });
    publisher = new MastodonPublisher({
      baseUrl: fake.url,
      fetchPolicy: LOCAL_FAKES,
      pollIntervalMs: 5,
      maxPolls: 5,
      timeoutMs: 1000,
    });
  });
  afterEach(() => fake.close());

  it('posts a text status with the job key as Idempotency-Key', async () => {
    const result = await publisher.publish(request());

    const [status] = fake.state.statuses;
    expect(result).toEqual({ platformPostId: status!.id, url: status!.url, requestId: undefined });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/statuses']);
    const sent = fake.requests[0]!;
    expect(sent.headers['idempotency-key']).toBe('job-1');
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.body).toEqual({ status: 'New post & <friends>\nsecond line', media_ids: [] });
  });

  it('downloads and uploads an image (200) and attaches it', async () => {
    await publisher.publish(request({ media: [{ url: media.urlOf('photo.jpg'), kind: 'image' }] }));

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v2/media',
      'POST /api/v1/statuses',
    ]);
    const [file] = parseMultipart(fake.requests[0]!.rawBody, fake.requests[0]!.headers['content-type']);
    expect(file).toMatchObject({ name: 'file', filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(file!.data.equals(SAMPLE_JPEG)).toBe(true);
    const [uploaded] = fake.state.media.keys();
    expect(fake.requests[1]!.body).toMatchObject({ media_ids: [uploaded] });
  });

  it('refuses media on a private address unless allowlisted: permanent, nothing downloaded or posted', async () => {
    const unguarded = new MastodonPublisher({ baseUrl: fake.url, timeoutMs: 1000 });
    const downloads = media.requests.length;
    const error = await expectPublishError(
      unguarded.publish(request({ media: [{ url: media.urlOf('photo.jpg'), kind: 'image' }] })),
      { kind: 'permanent', code: 'media_refused' },
      [TOKEN],
    );
    expect(error.message).toBe(
      `media ${media.urlOf('photo.jpg')} refused: loopback address (127.0.0.1 is not allowed; an operator can allow the host with HERALD_FETCH_ALLOW)`,
    );
    expect(media.requests).toHaveLength(downloads);
    expect(fake.requests).toEqual([]);
  });

  it('waits for a video upload (202) by polling GET /api/v1/media/:id through 206 until 200', async () => {
    await publisher.publish(request({ media: [{ url: media.urlOf('clip.mp4'), kind: 'video' }] }));

    const [id] = fake.state.media.keys();
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v2/media',
      `GET /api/v1/media/${id}`,
      `GET /api/v1/media/${id}`,
      `GET /api/v1/media/${id}`,
      'POST /api/v1/statuses',
    ]);
    expect(fake.state.statuses[0]!.mediaIds).toEqual([id]);
  });

  it('a retry with the same key returns the same status instead of posting twice', async () => {
    const first = await publisher.publish(request());
    const second = await publisher.publish(request());
    expect(second.platformPostId).toBe(first.platformPostId);
    expect(fake.state.statuses).toHaveLength(1);
  });

  it('a status that landed but answered too late is not duplicated by the retry (Idempotency-Key)', async () => {
    fake.failNext({ match: 'statuses', delayMs: 2000 });
    const slow = new MastodonPublisher({ baseUrl: fake.url, fetchPolicy: LOCAL_FAKES, timeoutMs: 200 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [TOKEN]);

    const retried = await publisher.publish(request());

    expect(fake.state.statuses).toHaveLength(1);
    expect(retried.platformPostId).toBe(fake.state.statuses[0]!.id);
  });

  it('reports a missing media file as a permanent media_unreachable, before posting', async () => {
    await expectPublishError(
      publisher.publish(request({ media: [{ url: media.urlOf('gone.jpg'), kind: 'image' }] })),
      {
        kind: 'permanent',
        code: 'media_unreachable',
      },
    );
    expect(fake.state.statuses).toHaveLength(0);
  });

  it('reports 401 as permanent without repeating the token', async () => {
    await expectPublishError(
      publisher.publish(request({ token: 'stolen-token-789' })),
      { kind: 'permanent', code: 'unauthorized' },
      ['stolen-token-789'],
    );
  });

  it('reports 422 validation failures as permanent', async () => {
    await expectPublishError(publisher.publish(request({ caption: '' })), {
      kind: 'permanent',
      code: 'validation_failed',
    });
  });

  it('reports 429 as rate_limited until X-RateLimit-Reset', async () => {
    const reset = new Date(Date.now() + 90_000).toISOString();
    const fixed = new MastodonPublisher({
      baseUrl: fake.url,
      fetchPolicy: LOCAL_FAKES,
      now: () => new Date(Date.parse(reset) - 90_000),
    });
    fake.failNext({
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'X-RateLimit-Reset': reset },
    });
    await expectPublishError(fixed.publish(request()), {
      kind: 'rate_limited',
      code: 'rate_limited',
      retryAfterMs: 90_000,
    });
  });

  it('prefers Retry-After (seconds) over X-RateLimit-Reset', async () => {
    fake.failNext({
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'Retry-After': '15', 'X-RateLimit-Reset': 'x' },
    });
    await expectPublishError(publisher.publish(request()), { kind: 'rate_limited', retryAfterMs: 15_000 });
  });

  it('reports 5xx as transient', async () => {
    fake.failNext({ status: 503, body: { error: 'Service Unavailable' } });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'http_503' });
  });

  it('times out on a slow instance with a transient timeout that does not contain the token', async () => {
    fake.setLatency(300);
    const slow = new MastodonPublisher({ baseUrl: fake.url, fetchPolicy: LOCAL_FAKES, timeoutMs: 100 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [TOKEN]);
  });

  it('lookup finds the status by its text among the account statuses, without posting', async () => {
    const notBefore = new Date(Date.now() - 1000);
    const published = await publisher.publish(request());
    const other = new MastodonPublisher({ baseUrl: fake.url, fetchPolicy: LOCAL_FAKES });

    const found = await other.lookup('job-1', request().account, {
      token: TOKEN,
      caption: request().caption,
      notBefore,
    });

    expect(found).toEqual({ platformPostId: published.platformPostId, url: published.url });
    expect(fake.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/accounts/verify_credentials',
      `GET /api/v1/accounts/${fake.state.account.id}/statuses`,
    ]);
    expect(fake.state.statuses).toHaveLength(1);
  });

  it('lookup returns null when no status has the caption', async () => {
    await publisher.publish(request());
    expect(
      await publisher.lookup('job-2', request().account, {
        token: TOKEN,
        caption: 'other',
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

  it('classifyError maps statuses as documented', () => {
    expect([401, 403, 404, 422, 429, 500, 408].map((s) => classifyError(s, { error: 'x' }).kind)).toEqual([
      'permanent',
      'permanent',
      'permanent',
      'permanent',
      'rate_limited',
      'transient',
      'transient',
    ]);
  });
});

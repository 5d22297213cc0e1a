import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../../src/core/ports/publisher.js';
import { BlueskyPublisher, classifyError } from '../../../src/publishers/bluesky.js';
import { detectFacets } from '../../../src/publishers/bluesky-facets.js';
import { isTid, recordKeyFor } from '../../../src/publishers/bluesky-protocol.js';
import {
  expireSessions,
  type FakeBluesky,
  type FakeMediaHost,
  SAMPLE_JPEG,
  startFakeBluesky,
  startFakeMediaHost,
} from '../../support/fakes/index.js';
import { expectPublishError, LOCAL_FAKES, testAccount } from './helpers.js';

const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';
const HANDLE = 'mia.bsky.social';
const CREATED_AT = new Date('2026-03-01T09:00:00.000Z');

describe('BlueskyPublisher against a fake PDS', () => {
  let media: FakeMediaHost;
  let fake: FakeBluesky;
  let publisher: BlueskyPublisher;
  const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
    idempotencyKey: 'job-1',
    account: testAccount('bluesky', { handle: HANDLE }),
    caption: 'Launch day! #herald https://example.com/launch.',
    media: [],
    token: APP_PASSWORD,
    ...overrides,
  });

  beforeAll(async () => {
    media = await startFakeMediaHost();
  });
  afterAll(() => media.close());
  beforeEach(async () => {
    fake = await startFakeBluesky({ handle: HANDLE, appPassword: APP_PASSWORD });
    publisher = new BlueskyPublisher({
      baseUrl: fake.url,
      fetchPolicy: LOCAL_FAKES,
      timeoutMs: 1000,
      now: () => CREATED_AT,
    });
  });
  afterEach(() => fake.close());

  it('creates a session, then a post record under the key derived from the idempotency key', async () => {
    const result = await publisher.publish(request());

    const rkey = recordKeyFor('job-1');
    expect(result).toEqual({
      platformPostId: `at://${fake.state.did}/app.bsky.feed.post/${rkey}`,
      url: `https://bsky.app/profile/${HANDLE}/post/${rkey}`,
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /xrpc/com.atproto.server.createSession',
      'POST /xrpc/com.atproto.repo.createRecord',
    ]);
    expect(fake.requests[0]!.body).toEqual({ identifier: HANDLE, password: APP_PASSWORD });
    expect(fake.requests[1]!.headers.authorization).toMatch(/^Bearer access-/);
    expect(fake.requests[1]!.body).toEqual({
      repo: fake.state.did,
      collection: 'app.bsky.feed.post',
      rkey,
      record: {
        $type: 'app.bsky.feed.post',
        text: 'Launch day! #herald https://example.com/launch.',
        createdAt: CREATED_AT.toISOString(),
        facets: detectFacets('Launch day! #herald https://example.com/launch.'),
      },
    });
  });

  it('refuses images on a private address unless allowlisted: permanent, no blob and no record', async () => {
    const unguarded = new BlueskyPublisher({ baseUrl: fake.url, timeoutMs: 1000 });
    const downloads = media.requests.length;
    const error = await expectPublishError(
      unguarded.publish(request({ media: [{ url: media.urlOf('photo.jpg'), kind: 'image' }] })),
      { kind: 'permanent', code: 'media_refused' },
      [APP_PASSWORD],
    );
    expect(error.message).toMatch(/refused: loopback address \(127\.0\.0\.1 is not allowed;/);
    expect(media.requests).toHaveLength(downloads);
    expect(fake.requestsTo('uploadBlob')).toEqual([]);
    expect(fake.state.records.size).toBe(0);
  });

  it('uploads images as blobs and embeds them', async () => {
    await publisher.publish(request({ media: [{ url: media.urlOf('photo.jpg'), kind: 'image' }] }));

    const upload = fake.requestsTo('uploadBlob')[0]!;
    expect(upload.headers['content-type']).toBe('image/jpeg');
    expect(upload.rawBody.equals(SAMPLE_JPEG)).toBe(true);
    const record = fake.state.records.get(recordKeyFor('job-1'))!.value;
    expect(record.embed).toEqual({
      $type: 'app.bsky.embed.images',
      images: [
        {
          alt: '',
          image: {
            $type: 'blob',
            ref: { $link: expect.any(String) },
            mimeType: 'image/jpeg',
            size: SAMPLE_JPEG.length,
          },
        },
      ],
    });
  });

  it('publishing the same job twice returns the existing post and never creates a second one', async () => {
    const first = await publisher.publish(request());
    const second = await publisher.publish(request());

    expect(second).toEqual(first);
    expect(fake.state.records.size).toBe(1);
    expect(fake.requestsTo('getRecord')).toHaveLength(1);
  });

  it('a createRecord that landed but answered too late is recovered by reading the record', async () => {
    fake.failNext({ match: 'createRecord', delayMs: 2000 });
    const slow = new BlueskyPublisher({ baseUrl: fake.url, fetchPolicy: LOCAL_FAKES, timeoutMs: 300 });

    const result = await slow.publish(request());

    expect(result.platformPostId).toBe(`at://${fake.state.did}/app.bsky.feed.post/${recordKeyFor('job-1')}`);
    expect(fake.state.records.size).toBe(1);
  });

  it('a createRecord that timed out without landing stays a transient timeout; the retry posts once', async () => {
    fake.failNext({ status: 200, body: {}, match: 'createRecord', delayMs: 2000 });
    const slow = new BlueskyPublisher({ baseUrl: fake.url, fetchPolicy: LOCAL_FAKES, timeoutMs: 300 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [APP_PASSWORD]);
    await publisher.publish(request());
    expect(fake.state.records.size).toBe(1);
  });

  it('refuses video without calling the PDS', async () => {
    await expectPublishError(
      publisher.publish(request({ media: [{ url: media.urlOf('clip.mp4'), kind: 'video' }] })),
      {
        kind: 'permanent',
        code: 'media_unsupported',
      },
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a wrong app password as permanent without repeating it', async () => {
    await expectPublishError(
      publisher.publish(request({ token: 'wrong-pass-0000' })),
      { kind: 'permanent', code: 'AuthenticationRequired' },
      ['wrong-pass-0000'],
    );
  });

  it('reports RateLimitExceeded (429) as rate_limited until RateLimit-Reset', async () => {
    const now = new Date('2026-03-01T09:00:00Z');
    const resetAt = String(now.getTime() / 1000 + 300);
    fake.failNext({
      status: 429,
      body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
      headers: { 'RateLimit-Reset': resetAt },
    });
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      code: 'RateLimitExceeded',
      retryAfterMs: 300_000,
    });
  });

  it('reports ExpiredToken as transient: the next attempt opens a new session', async () => {
    fake.failNext({
      status: 400,
      body: { error: 'ExpiredToken', message: 'Token has expired' },
      match: 'createRecord',
    });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'ExpiredToken' });
    expireSessions(fake.state);
    await publisher.publish(request());
    expect(fake.state.createSessionCalls).toBe(2);
  });

  it('reports an invalid record as permanent', async () => {
    fake.failNext({
      status: 400,
      body: { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record' },
      match: 'createRecord',
    });
    await expectPublishError(publisher.publish(request()), { kind: 'permanent', code: 'InvalidRequest' });
  });

  it('reports 5xx as transient', async () => {
    fake.failNext({ status: 502, body: { error: 'UpstreamFailure', message: 'Upstream Failure' } });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'UpstreamFailure' });
  });

  it('times out on a slow PDS with a transient timeout that does not contain the password', async () => {
    fake.setLatency(300);
    const slow = new BlueskyPublisher({ baseUrl: fake.url, fetchPolicy: LOCAL_FAKES, timeoutMs: 100 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [APP_PASSWORD]);
  });

  it('lookup finds the post with getRecord by the derived key, without a token', async () => {
    const published = await publisher.publish(request());
    expect(await publisher.lookup('job-1', request().account)).toEqual(published);
    expect(fake.requestsTo('getRecord').at(-1)!.query).toEqual({
      repo: HANDLE,
      collection: 'app.bsky.feed.post',
      rkey: recordKeyFor('job-1'),
    });
  });

  it('lookup returns null on RecordNotFound', async () => {
    expect(await publisher.lookup('job-never', request().account)).toBeNull();
  });

  it('lookup throws when the PDS cannot answer', async () => {
    fake.failNext({ status: 500, body: { error: 'InternalServerError', message: 'Internal Server Error' } });
    await expectPublishError(publisher.lookup('job-1', request().account), { kind: 'transient' });
  });

  it('record keys are valid, stable TIDs that never lie in the future', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (key) => {
        const rkey = recordKeyFor(key);
        expect(isTid(rkey)).toBe(true);
        expect(recordKeyFor(key)).toBe(rkey);
        const micros = [...rkey.slice(0, 11)].reduce(
          (acc, c) => acc * 32n + BigInt('234567abcdefghijklmnopqrstuvwxyz'.indexOf(c)),
          0n,
        );
        expect(micros < BigInt(Date.now()) * 1000n).toBe(true);
      }),
    );
    expect(recordKeyFor('job-1')).not.toBe(recordKeyFor('job-2'));
  });

  it('facets mark links and hashtags at UTF-8 byte offsets', () => {
    const text = 'Café #paris https://x.co/a!';
    const facets = detectFacets(text);
    const bytes = Buffer.from(text, 'utf8');
    const slice = (f: (typeof facets)[number]) =>
      bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8');
    expect(facets.map(slice)).toEqual(['#paris', 'https://x.co/a']);
  });

  it('classifyError maps XRPC error names', () => {
    expect(classifyError(400, { error: 'InvalidToken' }).kind).toBe('permanent');
    expect(classifyError(400, { error: 'ExpiredToken' }).kind).toBe('transient');
    expect(classifyError(429, { error: 'RateLimitExceeded' }).kind).toBe('rate_limited');
    expect(classifyError(500, { error: 'InternalServerError' }).kind).toBe('transient');
  });
});

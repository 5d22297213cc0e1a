import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishRequest } from '../../../src/core/ports/publisher.js';
import { WebhookPublisher } from '../../../src/publishers/webhook.js';
import { signPayload, verifySignature } from '../../../src/publishers/webhook-signature.js';
import { type FakeWebhook, startFakeWebhook } from '../../support/fakes/index.js';
import { expectPublishError, LOCAL_FAKES, testAccount } from './helpers.js';

const SECRET = 'whsec-test-secret';
const SENT_AT = new Date();

describe('WebhookPublisher against a fake receiver', () => {
  let fake: FakeWebhook;
  let publisher: WebhookPublisher;
  const request = (overrides: Partial<PublishRequest> = {}): PublishRequest => ({
    idempotencyKey: 'job-1',
    account: testAccount('webhook', { handle: 'mia-blog' }),
    caption: 'Hello receivers',
    media: [{ url: 'https://cdn.example/a.jpg', kind: 'image' }],
    token: SECRET,
    ...overrides,
  });

  beforeEach(async () => {
    fake = await startFakeWebhook({ secret: SECRET });
    publisher = new WebhookPublisher({
      baseUrl: fake.endpoint,
      fetchPolicy: LOCAL_FAKES,
      timeoutMs: 1000,
      now: () => SENT_AT,
    });
  });
  afterEach(() => fake.close());

  it('POSTs the signed JSON delivery with its Idempotency-Key and returns the receiver id', async () => {
    const result = await publisher.publish(request());

    const [delivery] = fake.state.deliveries;
    expect(result).toEqual({ platformPostId: delivery!.id, url: delivery!.url, requestId: undefined });
    const sent = fake.requests[0]!;
    expect(`${sent.method} ${sent.path}`).toBe('POST /hooks/herald');
    expect(sent.body).toEqual({
      idempotencyKey: 'job-1',
      account: { platform: 'webhook', handle: 'mia-blog' },
      caption: 'Hello receivers',
      media: [{ url: 'https://cdn.example/a.jpg', kind: 'image' }],
      sentAt: SENT_AT.toISOString(),
    });
    const timestamp = Math.floor(SENT_AT.getTime() / 1000);
    expect(sent.headers['idempotency-key']).toBe('job-1');
    expect(sent.headers['x-herald-timestamp']).toBe(String(timestamp));
    const expected = createHmac('sha256', SECRET)
      .update(`${timestamp}.${sent.rawBody.toString('utf8')}`)
      .digest('hex');
    expect(sent.headers['x-herald-signature']).toBe(`v1=${expected}`);
  });

  it('a repeated delivery gets the same id and the receiver records one post', async () => {
    const first = await publisher.publish(request());
    const second = await publisher.publish(request());
    expect(second.platformPostId).toBe(first.platformPostId);
    expect(fake.state.deliveries).toHaveLength(1);
    expect(fake.state.duplicates).toBe(1);
  });

  it('falls back to the idempotency key when the receiver answers without an id', async () => {
    fake.failNext({ status: 204 });
    expect((await publisher.publish(request())).platformPostId).toBe('job-1');
  });

  it('a wrong secret is refused by the receiver (401) and is permanent, without leaking the secret', async () => {
    await expectPublishError(
      publisher.publish(request({ token: 'not-the-secret' })),
      { kind: 'permanent', code: 'http_401' },
      ['not-the-secret'],
    );
    expect(fake.state.rejectedSignatures).toBe(1);
    expect(fake.state.deliveries).toHaveLength(0);
  });

  it('a stale timestamp is refused by the receiver', async () => {
    const late = new WebhookPublisher({
      baseUrl: fake.endpoint,
      fetchPolicy: LOCAL_FAKES,
      now: () => new Date(Date.now() - 10 * 60_000),
    });
    await expectPublishError(late.publish(request()), { kind: 'permanent', code: 'http_401' });
  });

  it('4xx other than 408/429 is permanent; 408 and 5xx are transient', async () => {
    fake.failNext({ status: 422, body: { error: 'unsupported media' } });
    const rejected = await expectPublishError(publisher.publish(request()), {
      kind: 'permanent',
      code: 'http_422',
    });
    expect(rejected.message).toContain('unsupported media');
    fake.failNext({ status: 408 });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'http_408' });
    fake.failNext({ status: 500 });
    await expectPublishError(publisher.publish(request()), { kind: 'transient', code: 'http_500' });
  });

  it('429 is rate_limited with Retry-After in seconds or as an HTTP date', async () => {
    fake.failNext({ status: 429, headers: { 'Retry-After': '42' } });
    await expectPublishError(publisher.publish(request()), { kind: 'rate_limited', retryAfterMs: 42_000 });
    const at = new Date(Math.ceil(SENT_AT.getTime() / 1000) * 1000 + 60_000);
    fake.failNext({ status: 429, headers: { 'Retry-After': at.toUTCString() } });
    await expectPublishError(publisher.publish(request()), {
      kind: 'rate_limited',
      retryAfterMs: at.getTime() - SENT_AT.getTime(),
    });
  });

  it('times out on a slow receiver with a transient timeout', async () => {
    fake.setLatency(300);
    const slow = new WebhookPublisher({ baseUrl: fake.endpoint, fetchPolicy: LOCAL_FAKES, timeoutMs: 100 });
    await expectPublishError(slow.publish(request()), { kind: 'transient', code: 'timeout' }, [SECRET]);
  });

  it('a closed port is a transient network error', async () => {
    const url = fake.endpoint;
    await fake.close();
    await expectPublishError(
      new WebhookPublisher({ baseUrl: url, fetchPolicy: LOCAL_FAKES }).publish(request()),
      { kind: 'transient', code: 'network' },
      [SECRET],
    );
    fake = await startFakeWebhook({ secret: SECRET });
  });

  it('lookup asks the receiver with a signed GET and returns the delivery', async () => {
    const published = await publisher.publish(request());

    const found = await publisher.lookup('job-1', request().account, { token: SECRET });

    expect(found).toEqual({
      platformPostId: published.platformPostId,
      url: published.url,
      requestId: undefined,
    });
    const get = fake.requests.at(-1)!;
    expect(`${get.method} ${get.path}`).toBe('GET /hooks/herald');
    expect(get.query).toEqual({ idempotencyKey: 'job-1' });
  });

  it('lookup returns null on 404', async () => {
    expect(await publisher.lookup('job-unknown', request().account, { token: SECRET })).toBeNull();
  });

  it('lookup without the secret cannot sign, and says so', async () => {
    await expectPublishError(publisher.lookup('job-1', request().account), {
      kind: 'permanent',
      code: 'lookup_unavailable',
    });
  });

  it('signatures verify only with the right secret, payload and a fresh timestamp', () => {
    const ts = 1_700_000_000;
    const signature = signPayload(SECRET, ts, '{"a":1}');
    const check = (over: Partial<Parameters<typeof verifySignature>[0]>) =>
      verifySignature({
        secret: SECRET,
        timestamp: String(ts),
        signature,
        payload: '{"a":1}',
        nowSeconds: ts + 10,
        ...over,
      });
    expect(check({})).toBe(true);
    expect(check({ secret: 'other' })).toBe(false);
    expect(check({ payload: '{"a":2}' })).toBe(false);
    expect(check({ nowSeconds: ts + 301 })).toBe(false);
    expect(check({ signature: 'v1=00' })).toBe(false);
  });
});

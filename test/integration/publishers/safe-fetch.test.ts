import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REDIRECTS, type SafeRequest, safeFetch } from '../../../src/publishers/safe-fetch.js';
import { type FetchPolicy, UrlRefusedError } from '../../../src/publishers/url-guard.js';
import { type InternalService, METRICS_TEXT, startInternalService } from './internal-service.js';

let service: InternalService;
beforeEach(async () => {
  service = await startInternalService();
});
afterEach(() => service.close());

const get = (url: string, policy: FetchPolicy = {}, extra: Partial<SafeRequest> = {}) =>
  safeFetch(url, { timeoutMs: 1_000, maxBytes: 1024, policy, ...extra });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('expected a refusal, but the fetch went through'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UrlRefusedError);
  const { reason } = error as UrlRefusedError;
  expect(reason).not.toContain(METRICS_TEXT);
  return reason;
}

describe('safeFetch refuses addresses inside the network', () => {
  it('refuses a loopback URL before connecting, and names the setting that allows it', async () => {
    const reason = await refusal(get(service.url('/metrics')));
    expect(reason).toBe(
      'loopback address (127.0.0.1 is not allowed; an operator can allow the host with HERALD_FETCH_ALLOW)',
    );
    expect(service.hits).toEqual([]);
  });

  it.each([
    ['an IPv4-mapped IPv6 literal', (port: number) => `http://[::ffff:127.0.0.1]:${port}/metrics`],
    ['a decimal IPv4', (port: number) => `http://2130706433:${port}/metrics`],
    ['a hex and short IPv4', (port: number) => `http://0x7f.1:${port}/metrics`],
    ['an octal IPv4', (port: number) => `http://0177.0.0.01:${port}/metrics`],
    ['the IPv6 loopback', (port: number) => `http://[::1]:${port}/metrics`],
    ['the unspecified address', (port: number) => `http://0.0.0.0:${port}/metrics`],
  ])('refuses %s', async (_name, url) => {
    expect(await refusal(get(url(service.port)))).toMatch(/^(loopback|unspecified) address/);
    expect(service.hits).toEqual([]);
  });

  it('refuses the cloud metadata address', async () => {
    const reason = await refusal(get('http://169.254.169.254/latest/meta-data'));
    expect(reason).toMatch(/^link-local address \(169\.254\.169\.254 is not allowed/);
  });

  it('refuses a name that resolves to loopback, without echoing what it resolved to', async () => {
    const reason = await refusal(get(`http://localhost:${service.port}/metrics`));
    expect(reason).toMatch(/^loopback address \(localhost resolves to one;/);
    const rebound = { resolve: async () => [{ address: '10.1.2.3', family: 4 as const }] };
    const other = await refusal(get('http://media.example.com/a.jpg', rebound));
    expect(other).toMatch(/^private address \(media\.example\.com resolves to one;/);
    expect(other).not.toContain('10.1.2.3');
    expect(service.hits).toEqual([]);
  });

  it('refuses when any one of the resolved addresses is not public', async () => {
    const mixed = {
      resolve: async () => [
        { address: '93.184.216.34', family: 4 as const },
        { address: '::1', family: 6 as const },
      ],
    };
    expect(await refusal(get('http://cdn.example.com/a.jpg', mixed))).toMatch(/^loopback address/);
  });

  it('refuses schemes other than http and https', async () => {
    expect(await refusal(get('file:///etc/passwd'))).toBe('only http and https URLs are fetched (not file:)');
    expect(await refusal(get('not a url'))).toBe('not a valid URL');
  });
});

describe('safeFetch with the operator allowlist', () => {
  it('fetches allowlisted hosts, whatever form of the address the URL uses', async () => {
    const allow = { allow: ['127.0.0.1', '[::ffff:127.0.0.1]'] };
    for (const url of [
      service.url('/metrics'),
      `http://2130706433:${service.port}/metrics`,
      `http://0x7f.1:${service.port}/metrics`,
      `http://[::ffff:127.0.0.1]:${service.port}/metrics`,
    ]) {
      const response = await get(url, allow);
      expect(response.status).toBe(200);
      expect(Buffer.from(response.body).toString()).toBe(METRICS_TEXT);
    }
    expect(service.hits).toHaveLength(4);
  });

  it('honours the port of a host:port entry', async () => {
    expect((await get(service.url('/metrics'), { allow: [`127.0.0.1:${service.port}`] })).status).toBe(200);
    await refusal(get(service.url('/metrics'), { allow: [`127.0.0.1:${service.port === 1 ? 2 : 1}`] }));
  });

  it('connects to the address it vetted, not to a second lookup of the name', async () => {
    let lookups = 0;
    const policy = {
      allow: ['media.intranet'],
      resolve: async () => {
        lookups += 1;
        return [{ address: '127.0.0.1', family: 4 as const }];
      },
    };
    const response = await get(`http://media.intranet:${service.port}/photo.jpg`, policy);
    expect(response.status).toBe(200);
    expect(lookups).toBe(1);
  });

  it('re-checks every redirect hop: an allowlisted host cannot bounce the fetch to a private one', async () => {
    const policy = {
      allow: ['cdn.intranet'],
      resolve: async () => [{ address: '127.0.0.1', family: 4 as const }],
    };
    const target = encodeURIComponent(service.url('/metrics'));
    const reason = await refusal(get(`http://cdn.intranet:${service.port}/redirect?to=${target}`, policy));
    expect(reason).toBe(
      `redirected to 127.0.0.1:${service.port}: loopback address (127.0.0.1 is not allowed; an operator can allow the host with HERALD_FETCH_ALLOW)`,
    );
    expect(service.hits).toEqual([`/redirect?to=${target}`]);
  });

  it(`follows redirects between allowed hosts, at most ${MAX_REDIRECTS}`, async () => {
    const allow = { allow: ['127.0.0.1'] };
    const to = encodeURIComponent(service.url('/photo.jpg'));
    expect((await get(service.url(`/redirect?to=${to}`), allow)).status).toBe(200);
    expect(await refusal(get(service.url('/loop'), allow))).toBe(`more than ${MAX_REDIRECTS} redirects`);
    expect(service.hits.filter((hit) => hit.startsWith('/loop'))).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe('safeFetch limits', () => {
  const allow = { allow: ['127.0.0.1'] };

  it('stops reading at the byte cap and says the answer was cut', async () => {
    const response = await get(service.url('/big'), allow, { maxBytes: 1000 });
    expect(response.body.byteLength).toBe(1000);
    expect(response.truncated).toBe(true);
    expect((await get(service.url('/photo.jpg'), allow)).truncated).toBe(false);
  });

  it('times out on a host that trickles its answer', async () => {
    const error = await get(service.url('/slow'), allow, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });
});

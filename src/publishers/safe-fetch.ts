import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type FetchPolicy, type ResolvedAddress, UrlRefusedError, vetUrl } from './url-guard.js';

/**
 * The one way to fetch a URL a user gave (post media, webhook receivers): every hop is vetted by
 * the url guard, the socket connects to the vetted address only, redirects are followed by hand
 * and re-vetted, and a single deadline and byte cap bound the whole exchange.
 */

export interface SafeRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Covers resolution, every hop and the body: a host that trickles its answer still times out. */
  timeoutMs: number;
  /** Reading stops after this many bytes; `truncated` tells whether there was more. */
  maxBytes: number;
  policy: FetchPolicy;
}

export interface SafeResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  truncated: boolean;
}

/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}

/** Fetches `raw` under the policy; throws UrlRefusedError, a TimeoutError, or the socket's error. */
export async function safeFetch(raw: string, request: SafeRequest): Promise<SafeResponse> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let hop: Hop = {
    url: parseUrl(raw),
    method: request.method ?? 'GET',
    headers: { ...request.headers },
    body: request.body,
  };
  for (let redirects = 0; ; redirects++) {
    const addresses = await vetHop(hop.url, request.policy, redirects, signal);
    const response = await send(hop, addresses, signal);
    const location = isRedirect(response.statusCode) ? response.headers.location : undefined;
    if (location === undefined) return readCapped(response, request.maxBytes, signal);
    response.destroy();
    if (redirects === MAX_REDIRECTS) throw new UrlRefusedError(`more than ${MAX_REDIRECTS} redirects`);
    hop = nextHop(hop, response.statusCode ?? 0, location);
  }
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new UrlRefusedError('not a valid URL');
  }
}

async function vetHop(url: URL, policy: FetchPolicy, redirects: number, signal: AbortSignal) {
  try {
    return await abortable(vetUrl(url, policy), signal);
  } catch (err) {
    if (redirects > 0 && err instanceof UrlRefusedError) {
      throw new UrlRefusedError(`redirected to ${url.host}: ${err.reason}`);
    }
    throw err;
  }
}

function send(
  hop: Hop,
  addresses: readonly ResolvedAddress[],
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = hop.url.protocol === 'https:' ? https : http;
    const headers = { ...hop.headers };
    if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
    const outgoing = client.request(
      hop.url,
      { method: hop.method, headers, signal, agent: false, lookup: pinnedLookup(addresses) },
      resolve,
    );
    outgoing.on('error', (err) => reject(signal.aborted ? signal.reason : err));
    outgoing.end(hop.body);
  });
}

/** Answers the socket's name lookup with the vetted addresses instead of asking DNS again. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_host, options, callback) => {
    const wanted = addresses.filter((a) => !options.family || a.family === options.family);
    const usable = wanted.length > 0 ? wanted : addresses;
    if (options.all)
      callback(
        null,
        usable.map((a) => ({ ...a })),
      );
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}

function isRedirect(status: number | undefined): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** As fetch does: 303 (and 301/302 after a POST) become a GET without body; credentials stay on their origin. */
function nextHop(hop: Hop, status: number, location: string): Hop {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new UrlRefusedError('redirected to an invalid URL');
  }
  const headers = { ...hop.headers };
  if (url.origin !== hop.url.origin) {
    for (const name of Object.keys(headers))
      if (/^(authorization|cookie|proxy-authorization)$/i.test(name)) delete headers[name];
  }
  const toGet =
    status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  if (!toGet) return { url, method: hop.method, headers, body: hop.body };
  for (const name of Object.keys(headers))
    if (/^content-(type|length|encoding|language|location)$/i.test(name)) delete headers[name];
  return { url, method: 'GET', headers };
}

async function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<SafeResponse> {
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (total + chunk.byteLength > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - total));
        truncated = true;
        break;
      }
      chunks.push(chunk);
      total += chunk.byteLength;
    }
  } catch (err) {
    // The deadline tears the socket down mid-body; report it as the timeout it is.
    signal.throwIfAborted();
    throw err;
  } finally {
    response.destroy();
  }
  return {
    status: response.statusCode ?? 0,
    headers: toHeaders(response),
    body: Buffer.concat(chunks),
    truncated,
  };
}

function toHeaders(response: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    for (const one of Array.isArray(value) ? value : [value])
      if (one !== undefined) headers.append(name, one);
  }
  return headers;
}

/** Rejects with the deadline's reason when it passes first (DNS lookups take no signal). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

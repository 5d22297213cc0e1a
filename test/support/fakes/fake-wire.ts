import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The HTTP plumbing under every fake: read a request into a plain record, route it by
 * `/path/:param` patterns, and write JSON or raw replies. Kept apart from fake-server.ts so the
 * server's own logic (recording, failure injection, latency) reads on its own.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The raw query string without `?` (what a signature over the query covers). */
  search: string;
  headers: Record<string, string>;
  /** JSON or form bodies parsed; undefined for anything else (see rawBody). */
  body: unknown;
  rawBody: Buffer;
  at: number;
}

export interface FakeRequest extends RecordedRequest {
  params: Record<string, string>;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  /** Sent as-is instead of JSON (media bytes). */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** `/api/v1/media/:id` style; `:name` segments become params. */
  path: string;
  handler: (req: FakeRequest) => FakeReply | Promise<FakeReply>;
}

export async function route(routes: readonly Route[], req: RecordedRequest): Promise<FakeReply> {
  for (const candidate of routes) {
    const params = candidate.method === req.method ? matchPath(candidate.path, req.path) : undefined;
    if (params) return candidate.handler({ ...req, params });
  }
  return { status: 404, body: { error: `no route for ${req.method} ${req.path}` } };
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(got[i]!);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

export async function readRequest(incoming: IncomingMessage, stripPrefix?: RegExp): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks);
  const url = new URL(incoming.url ?? '/', 'http://fake');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: incoming.method ?? 'GET',
    path: stripPrefix ? url.pathname.replace(stripPrefix, '') || '/' : url.pathname,
    query: Object.fromEntries(url.searchParams),
    search: url.search.slice(1),
    headers,
    body: parseBody(headers, rawBody),
    rawBody,
    at: Date.now(),
  };
}

function parseBody(headers: Record<string, string>, raw: Buffer): unknown {
  const type = headers['content-type'] ?? '';
  if (raw.length === 0) return undefined;
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  if (!type.includes('application/json')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function send(res: ServerResponse, reply: FakeReply): void {
  if (res.destroyed || res.headersSent) return;
  const payload =
    reply.raw ?? (reply.body === undefined ? undefined : Buffer.from(JSON.stringify(reply.body)));
  const type = reply.raw ? {} : payload ? { 'Content-Type': 'application/json; charset=utf-8' } : {};
  res.writeHead(reply.status, { ...type, ...reply.headers });
  res.end(payload);
}

export function withoutRaw(req: RecordedRequest): Omit<RecordedRequest, 'rawBody'> {
  const { rawBody: _raw, ...rest } = req;
  return rest;
}

/** Bearer token from an Authorization header. */
export function bearer(req: RecordedRequest): string | undefined {
  return /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

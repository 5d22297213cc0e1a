import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakeReply,
  type RecordedRequest,
  type Route,
  readRequest,
  route,
  send,
  withoutRaw,
} from './fake-wire.js';

/**
 * A tiny JSON HTTP server for fake platforms: routes, a record of every request, injected failures
 * and latency. Control endpoints under `/__fake/` make a fake usable from another process too
 * (crash tests, the bench): GET /__fake/state, POST /__fake/fail-next, POST /__fake/latency.
 */

export type { FakeReply, FakeRequest, RecordedRequest, Route } from './fake-wire.js';
export { bearer } from './fake-wire.js';

/**
 * A scripted answer for one upcoming request. Without `status` the request is handled normally
 * and only the answer is delayed: the platform did the work, the client may never hear of it.
 */
export interface FailSpec {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Applies to the next request whose `METHOD /path` contains this; any request when absent. */
  match?: string;
  /** Wait this long before answering (longer than the client timeout = a timeout). */
  delayMs?: number;
}

export interface FakeServer<S> {
  url: string;
  state: S;
  requests: RecordedRequest[];
  /** Requests whose `METHOD /path` contains `match`. */
  requestsTo(match: string): RecordedRequest[];
  failNext(...specs: FailSpec[]): void;
  setLatency(ms: number): void;
  /**
   * Adds routes in front of the platform's own (an extension such as the OAuth authorization
   * server, see oauth-fake.ts, may answer a path the platform fake also knows).
   */
  addRoutes(...routes: Route[]): void;
  close(): Promise<void>;
}

export interface FakeServerOptions<S> {
  routes: Route[];
  state: S;
  /** Serialisable view of the state for GET /__fake/state. */
  snapshot?: (state: S) => unknown;
  /** Stripped from paths before routing (e.g. the Graph API version `/v21.0`). */
  stripPrefix?: RegExp;
  latencyMs?: number;
  port?: number;
}

/** Recording, failure injection and latency around the routes of one fake. */
class FakeRuntime<S> {
  readonly requests: RecordedRequest[] = [];
  readonly failures: FailSpec[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  latencyMs: number;

  constructor(private readonly options: FakeServerOptions<S>) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  async handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    const req = await readRequest(incoming, this.options.stripPrefix);
    if (req.path.startsWith('/__fake/')) return send(res, this.control(req));
    this.requests.push(req);
    if (this.latencyMs > 0) await this.wait(this.latencyMs);
    const index = this.failures.findIndex((f) => !f.match || `${req.method} ${req.path}`.includes(f.match));
    const failure = index >= 0 ? this.failures.splice(index, 1)[0] : undefined;
    const reply =
      failure?.status === undefined ? await route(this.options.routes, req) : (failure as FakeReply);
    if (failure?.delayMs) await this.wait(failure.delayMs);
    send(res, reply);
  }

  private control(req: RecordedRequest): FakeReply {
    if (req.path === '/__fake/state') {
      const state = this.options.snapshot?.(this.options.state) ?? this.options.state;
      return { status: 200, body: { state, requests: this.requests.map(withoutRaw) } };
    }
    if (req.path === '/__fake/fail-next')
      this.failures.push(...([] as FailSpec[]).concat(req.body as FailSpec));
    else if (req.path === '/__fake/latency') this.latencyMs = Number((req.body as { ms?: number }).ms ?? 0);
    else return { status: 404, body: { error: 'unknown control endpoint' } };
    return { status: 204 };
  }

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Pending delays never fire after close: their sockets are gone. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}

/** Starts a fake on 127.0.0.1 (port 0 = any free port). */
export async function startFakeServer<S>(options: FakeServerOptions<S>): Promise<FakeServer<S>> {
  const runtime = new FakeRuntime(options);
  const server = createServer((incoming, res) => {
    runtime
      .handle(incoming, res)
      .catch((err: unknown) => send(res, { status: 500, body: { error: String(err) } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state: options.state,
    requests: runtime.requests,
    requestsTo: (match) => runtime.requests.filter((r) => `${r.method} ${r.path}`.includes(match)),
    failNext: (...specs) => runtime.failures.push(...specs),
    setLatency: (ms) => {
      runtime.latencyMs = ms;
    },
    addRoutes: (...routes) => {
      options.routes.unshift(...routes);
    },
    close: async () => {
      runtime.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_JPEG } from '../../support/fakes/index.js';

/**
 * Stands in for what an attacker wants to reach through Herald: a service on 127.0.0.1 with a
 * metrics page whose text must never come back in an error, plus the media, redirects and slow
 * or oversized answers the guard's limits are tested with. Every request is recorded.
 */
export interface InternalService {
  port: number;
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  /** Paths (with query) of every request that reached the service. */
  hits: string[];
  close(): Promise<void>;
}

/** Text of the metrics page: a test fails if it shows up in any message. */
export const METRICS_TEXT = 'internal_secret_metric{token="s3cr3t"} 42';

export async function startInternalService(): Promise<InternalService> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://internal');
    answer(url, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    hits,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(url: URL, res: ServerResponse): void {
  const to = url.searchParams.get('to');
  if (url.pathname === '/redirect' && to) {
    res.writeHead(302, { location: to }).end();
  } else if (url.pathname === '/loop') {
    const n = Number(url.searchParams.get('n') ?? 0);
    res.writeHead(307, { location: `/loop?n=${n + 1}` }).end();
  } else if (url.pathname === '/photo.jpg') {
    res
      .writeHead(200, { 'content-type': 'image/jpeg', 'content-length': SAMPLE_JPEG.length })
      .end(SAMPLE_JPEG);
  } else if (url.pathname === '/big') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.alloc(64 * 1024, 1));
  } else if (url.pathname === '/slow') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('a');
    setTimeout(() => res.end('b'), 2_000).unref();
  } else if (url.pathname === '/echo') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"d1"}');
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(METRICS_TEXT);
  }
}

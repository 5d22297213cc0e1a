import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startFakeBluesky } from './bluesky-fake.js';
import type { FakeServer } from './fake-server.js';
import { startFakeInstagram } from './instagram-fake.js';
import { startFakeMastodon } from './mastodon-fake.js';
import { startFakeMediaHost } from './media-host.js';
import { startFakeTikTok } from './tiktok-fake.js';
import { startFakeWebhook } from './webhook-fake.js';

/**
 * Runs one fake in its own process, for tests that kill workers with SIGKILL and for the bench:
 *
 *   npx tsx test/support/fakes/serve.ts webhook --latency 50 [--port 0] [--token s]
 *
 * Prints one JSON line `{ "platform", "url", "endpoint", "pid" }` on stdout once listening, then
 * serves until SIGTERM/SIGINT. Its state and failure injection are reachable over HTTP at
 * `${url}/__fake/state`, `/__fake/fail-next` and `/__fake/latency`.
 */

export const FAKE_PLATFORMS = ['instagram', 'tiktok', 'mastodon', 'bluesky', 'webhook', 'media'] as const;
export type FakePlatform = (typeof FAKE_PLATFORMS)[number];

export interface StartedFake {
  platform: FakePlatform;
  url: string;
  /** Where an adapter's baseUrl should point (differs from url only for the webhook). */
  endpoint: string;
  close(): Promise<void>;
}

/** Starts the fake named in `argv`; resolves once it listens. */
export async function startFromArgs(argv: string[]): Promise<StartedFake> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { latency: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' } },
  });
  const platform = positionals[0] as FakePlatform;
  if (!FAKE_PLATFORMS.includes(platform))
    throw new Error(`usage: serve.ts <${FAKE_PLATFORMS.join('|')}> [--latency ms]`);
  const latencyMs = values.latency ? Number(values.latency) : undefined;
  const token = values.token;
  const fake: FakeServer<unknown> & { endpoint?: string } = await (async () => {
    switch (platform) {
      case 'instagram':
        return startFakeInstagram({ latencyMs, token });
      case 'tiktok':
        return startFakeTikTok({ latencyMs, token });
      case 'mastodon':
        return startFakeMastodon({ latencyMs, token });
      case 'bluesky':
        return startFakeBluesky({ latencyMs, appPassword: token });
      case 'webhook':
        return startFakeWebhook({
          latencyMs,
          secret: token,
          port: values.port ? Number(values.port) : undefined,
        });
      case 'media':
        return startFakeMediaHost();
    }
  })();
  return { platform, url: fake.url, endpoint: fake.endpoint ?? fake.url, close: () => fake.close() };
}

/** CLI entry: start, announce on stdout, stop cleanly on SIGTERM/SIGINT. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const fake = await startFromArgs(argv);
  process.stdout.write(
    `${JSON.stringify({ platform: fake.platform, url: fake.url, endpoint: fake.endpoint, pid: process.pid })}\n`,
  );
  const stop = () => {
    fake.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

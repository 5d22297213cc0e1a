import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookPublisher } from '../../../src/publishers/webhook.js';
import { LOCAL_FAKES, testAccount } from './helpers.js';

const children: ChildProcess[] = [];

/** Starts `serve.ts` as its own process and resolves with the JSON line it prints. */
async function serve(args: string[]): Promise<{ url: string; endpoint: string; pid: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fakes/serve.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = await createInterface({ input: child.stdout! })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value as string]);
  return JSON.parse(line!);
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

describe('fakes running in their own process', () => {
  it('serve.ts starts a webhook fake with latency, announces its URL, and exposes its state over HTTP', async () => {
    const fake = await serve(['webhook', '--latency', '50', '--token', 'bench-secret']);
    const publisher = new WebhookPublisher({ baseUrl: fake.endpoint, fetchPolicy: LOCAL_FAKES });
    const request = {
      idempotencyKey: 'k1',
      account: testAccount('webhook'),
      caption: 'hi',
      media: [],
      token: 'bench-secret',
    };

    const started = Date.now();
    await publisher.publish(request);
    await publisher.publish(request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);

    const state = (await (await fetch(`${fake.url}/__fake/state`)).json()) as {
      state: { deliveries: unknown[]; duplicates: number };
      requests: unknown[];
    };
    expect(state.state.deliveries).toHaveLength(1);
    expect(state.state.duplicates).toBe(1);
    expect(state.requests).toHaveLength(2);
  }, 30_000);

  it('failures can be injected over HTTP and stop with SIGTERM', async () => {
    const fake = await serve(['webhook', '--token', 's']);
    await fetch(`${fake.url}/__fake/fail-next`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"status":503}',
    });
    const request = {
      idempotencyKey: 'k',
      account: testAccount('webhook'),
      caption: '',
      media: [],
      token: 's',
    };
    await expect(
      new WebhookPublisher({ baseUrl: fake.endpoint, fetchPolicy: LOCAL_FAKES }).publish(request),
    ).rejects.toMatchObject({
      kind: 'transient',
    });

    const child = children[0]!;
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});

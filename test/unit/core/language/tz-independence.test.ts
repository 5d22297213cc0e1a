import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * chrono-node and rrule compute in the process's local zone; Herald must not. The whole phrase
 * table runs in child processes under different TZ values, and every result must be identical.
 */

const probe = fileURLToPath(new URL('./fixtures/tz-probe.ts', import.meta.url));
const run = promisify(execFile);

async function runWith(tz: string | undefined): Promise<Record<string, unknown>> {
  const env = { ...process.env };
  if (tz === undefined) delete env.TZ;
  else env.TZ = tz;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], {
    env,
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('results do not depend on the process time zone', () => {
  const runs: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    const zones = {
      utc: 'UTC',
      losAngeles: 'America/Los_Angeles',
      sydney: 'Australia/Sydney',
      unset: undefined,
    };
    const entries = await Promise.all(
      Object.entries(zones).map(async ([key, tz]) => [key, await runWith(tz)] as const),
    );
    for (const [key, value] of entries) runs[key] = value;
  }, 120_000);

  it('really ran under different process zones', () => {
    expect(runs.utc!.processZone).toBe('UTC');
    expect(runs.losAngeles!.processZone).toBe('America/Los_Angeles');
    expect(runs.utc!.januaryOffset).toBe(0);
    expect(runs.losAngeles!.januaryOffset).toBe(480);
    expect(runs.sydney!.januaryOffset).toBe(-660);
    // 02:30 on 8 Mar 2026 does not exist in Los Angeles: naive Date code would shift it.
    expect(runs.utc!.springForwardHour).toBe(2);
    expect(runs.losAngeles!.springForwardHour).toBe(3);
  });

  it('parses, expands, splits and echoes every phrase identically', () => {
    expect((runs.utc!.results as unknown[]).length).toBeGreaterThanOrEqual(150);
    expect(runs.losAngeles!.results).toEqual(runs.utc!.results);
    expect(runs.sydney!.results).toEqual(runs.utc!.results);
    expect(runs.unset!.results).toEqual(runs.utc!.results);
    expect(runs.losAngeles!.split).toEqual(runs.utc!.split);
  });
});

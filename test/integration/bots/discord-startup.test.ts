import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBCOMMANDS } from '../../../src/bots/discord/command-definitions.js';
import {
  chatInput,
  FAKE_DISCORD,
  type FakeDiscord,
  startFakeDiscord,
} from '../../support/fakes/discord-fake.js';
import { HeraldProcess } from '../../support/processes.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** `herald <args…>` to completion, as a user runs it from the repository. */
function herald(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('herald discord register / herald bots, as a newcomer runs them (child processes, fake Discord)', () => {
  let fake: FakeDiscord;
  const running: HeraldProcess[] = [];
  const dbName = `herald_test_discord_start_${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    for (const p of running) await p.stop('SIGKILL').catch(() => {});
    await fake?.close();
    const client = await MongoClient.connect(inject('mongoUrl'));
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => {});
    await client.close();
  });

  const env = (discord: boolean, extra: Record<string, string> = {}): Record<string, string> => ({
    MONGODB_URL: inject('mongoUrl'),
    HERALD_DB_NAME: dbName,
    HERALD_LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_TOKEN: discord ? fake.token : '',
    DISCORD_APPLICATION_ID: discord ? fake.applicationId : '',
    DISCORD_GUILD_ID: FAKE_DISCORD.guildId,
    DISCORD_API_URL: `${fake.url}/api`,
    HERALD_DISCORD_ALERTS_CHANNEL: FAKE_DISCORD.approvalsChannelId,
    ...extra,
  });

  it('without Discord settings the bot is off, and start-up says so in one line', async () => {
    const bots = new HeraldProcess('bots', env(false));
    running.push(bots);
    await bots.waitForLine(/^Discord bot off: set DISCORD_TOKEN and DISCORD_APPLICATION_ID/, 60_000);
    expect(bots.lines.filter((l) => l.startsWith('Discord'))).toHaveLength(1);
    expect(await bots.stop('SIGTERM')).toBe(0);
  });

  it('`herald discord register` registers /herald in DISCORD_GUILD_ID, and says why when Discord refuses', async () => {
    const [ok, notInGuild, wrongApp, invite] = await Promise.all([
      herald(['discord', 'register'], env(true)),
      herald(['discord', 'register'], env(true, { DISCORD_GUILD_ID: '1180000000000000999' })),
      herald(['discord', 'register'], env(true, { DISCORD_APPLICATION_ID: '1180000000000000777' })),
      herald(['discord', 'invite'], env(true)),
    ]);
    expect(ok.stderr).not.toContain('Could not register');
    expect(ok.stdout).toContain(
      `Registered /herald (${SUBCOMMANDS.length} subcommands) in guild ${FAKE_DISCORD.guildId}.`,
    );
    expect(ok.code).toBe(0);
    expect(fake.state.commands.guilds.get(FAKE_DISCORD.guildId)?.map((c) => c.name)).toEqual(['herald']);

    expect(notInGuild.code).toBe(1);
    expect(notInGuild.stderr).toContain('Missing Access');
    expect(notInGuild.stderr).toContain(
      `https://discord.com/oauth2/authorize?client_id=${fake.applicationId}`,
    );

    expect(wrongApp.code).toBe(2);
    expect(wrongApp.stderr).toContain('is not the application of DISCORD_TOKEN');

    expect(invite.stdout.trim()).toBe(
      `https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=84992`,
    );
  }, 120_000);

  it('with them, `herald bots` connects, logs the guild count, and answers /herald within 3 s', async () => {
    const bots = new HeraldProcess('bots', env(true));
    running.push(bots);
    await bots.waitForLine(/^Discord bot on as \S+: 1 guild\(s\) \(Herald HQ\)$/, 60_000);
    const handle = fake.interact(chatInput({ subcommand: 'help' }));
    const callback = await handle.callback();
    expect(callback.sinceDispatchMs).toBeLessThan(3000);
    expect(JSON.stringify(callback.data)).toContain('/herald schedule account caption when');
    const accounts = fake.interact(chatInput({ subcommand: 'accounts' }));
    expect(JSON.stringify((await accounts.callback()).data)).toContain('@demo (dryrun)');
    expect(await bots.stop('SIGTERM')).toBe(0);
    expect(fake.failures).toEqual([]);
  }, 120_000);
});

import type { AutonomyMode, Post, PublishJob } from '../../src/core/domain/types.js';
import { schedule } from '../../src/core/operations/index.js';
import type { CoreDeps } from '../../src/core/use-cases/deps.js';
import { type ApiHarness, createApiHarness } from './api-harness.js';
import { type DiscordHarness, HQ, startDiscordHarness } from './discord-harness.js';
import { type SlackHarness, startSlackHarness } from './slack-harness.js';

/**
 * The four ways a person reaches Herald — the REST API, a chat command as text (`/v1/commands`),
 * Slack (signed commands, buttons and forms through Bolt) and Discord (interactions through
 * discord.js) — each over its own test database, with the same starting posts, so a test can run
 * one operation through every surface and compare what each stored.
 */
export interface Surface {
  name: 'rest' | 'commands' | 'slack' | 'discord';
  deps: CoreDeps;
  workspaceId(): Promise<string>;
  /** The default campaign's mode for the next fixture, with this surface's actor as its approver. */
  setMode(mode: AutonomyMode): Promise<void>;
}

/** A post made for a case: its first job and its planned time, what outcomes are measured from. */
export interface Fixture {
  surface: Surface;
  post: Post;
  job: PublishJob;
  base: Date;
}

export interface Surfaces {
  all: Surface[];
  api: ApiHarness;
  apiKey: string;
  slack: SlackHarness;
  discord: DiscordHarness;
  close(): Promise<void>;
}

export async function startSurfaces(): Promise<Surfaces> {
  const api = await createApiHarness({ label: 'surfaces', settings: { publishNowEnabled: true } });
  const { key: apiKey, keyId } = await api.keyWithId(['admin']);
  const slack = await startSlackHarness({
    mode: 'auto',
    approvers: ['U0ALICE'],
    settings: { publishNowEnabled: true },
  });
  await slack.reply((await slack.command('accounts')).responseId);
  const discord = await startDiscordHarness({ mode: 'auto', settings: { publishNowEnabled: true } });
  await discord.answer(discord.command('accounts', {}, { user: HQ.approverId }));
  const setter =
    (deps: CoreDeps, ws: () => Promise<string>, approvers: string[]) => async (mode: AutonomyMode) => {
      const id = await ws();
      const [campaign] = await deps.campaigns.list(id);
      if (!campaign) throw new Error('no campaign');
      await deps.campaigns.update(id, campaign.id, campaign.version, { mode, approvers });
    };
  const apiWs = async () => api.h.workspace.id;
  const slackWs = async () => (await slack.workspace()).id;
  const discordWs = async () => (await discord.workspace()).id;
  const rest: Surface = {
    name: 'rest',
    deps: api.h.deps,
    workspaceId: apiWs,
    setMode: setter(api.h.deps, apiWs, [keyId]),
  };
  const commands: Surface = { ...rest, name: 'commands' };
  return {
    all: [
      rest,
      commands,
      {
        name: 'slack',
        deps: slack.deps,
        workspaceId: slackWs,
        setMode: setter(slack.deps, slackWs, ['U0ALICE']),
      },
      {
        name: 'discord',
        deps: discord.deps,
        workspaceId: discordWs,
        setMode: setter(discord.deps, discordWs, [HQ.approverRoleId]),
      },
    ],
    api,
    apiKey,
    slack,
    discord,
    close: async () => {
      await api.close();
      await slack.close();
      await discord.close();
    },
  };
}

/** A post for a case, made through the schedule operation as an operator would (one account, @demo). */
export async function fixture(
  surface: Surface,
  mode: AutonomyMode,
  when: string,
  caption: string,
): Promise<Fixture> {
  await surface.setMode(mode);
  const workspace = await surface.deps.workspaces.get(await surface.workspaceId());
  if (!workspace) throw new Error('no workspace');
  const { result } = await schedule(
    surface.deps,
    { workspace, actor: { kind: 'console', id: 'fixture' } },
    { accounts: ['@demo'], caption, when },
  );
  const [job] = [...result.jobs].sort((a, b) => a.occurrenceAt.getTime() - b.occurrenceAt.getTime());
  if (!job) throw new Error('fixture without a job');
  return { surface, post: result.post, job, base: result.post.scheduledAt };
}

/** What a person would notice of a post, measured from the fixture's time so surfaces compare. */
export async function outcome(f: Fixture, postId = f.post.id) {
  const ws = await f.surface.workspaceId();
  const post = await f.surface.deps.posts.get(ws, postId);
  const jobs = await f.surface.deps.jobs.listByPost(ws, postId);
  const offset = (d: Date) => Math.round((d.getTime() - f.base.getTime()) / 60_000);
  return {
    post: {
      status: post?.status,
      at: post ? offset(post.scheduledAt) : null,
      exdates: post?.recurrence?.exdates.length ?? 0,
    },
    jobs: jobs
      .map((j) => ({ status: j.status, at: offset(j.occurrenceAt), error: j.lastError?.code ?? null }))
      .sort((a, b) => a.at - b.at || a.status.localeCompare(b.status)),
  };
}

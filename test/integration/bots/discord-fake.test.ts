import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInflate, constants as zlib } from 'node:zlib';
import {
  ActionRowBuilder,
  type AutocompleteInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  type ModalSubmitInteraction,
  Routes,
  type SendableChannels,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  autocomplete,
  button,
  chatInput,
  FAKE_DISCORD,
  type FakeDiscord,
  modalSubmit,
  startFakeDiscord,
} from '../../support/fakes/discord-fake.js';

/**
 * Self-test of the Discord fake: the real discord.js Client logs in against it, receives
 * interactions over the fake Gateway and answers over the fake REST API, so bot tests can trust
 * what the fake records.
 */
describe('Discord fake with the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;
  /** Where every outgoing TCP connection of this process went (host looked up, address connected). */
  const connections: string[] = [];
  const watchSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.on('lookup', (_err, address, _family, host) => connections.push(`lookup ${host} → ${address}`));
    socket.on('connect', () => connections.push(`connect ${socket.remoteAddress}`));
  };

  const next = <T extends Interaction>(): Promise<T> =>
    once(client, Events.InteractionCreate).then(([interaction]) => interaction as T);

  async function general(): Promise<SendableChannels> {
    const channel = await client.channels.fetch(FAKE_DISCORD.channelId);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    return channel;
  }

  beforeAll(async () => {
    diagnostics.subscribe('net.client.socket', watchSocket);
    fake = await startFakeDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds], ...fake.clientOptions });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
  });
  afterAll(async () => {
    diagnostics.unsubscribe('net.client.socket', watchSocket);
    await client?.destroy();
    await fake?.close();
  });

  it('gets ready with the guilds of the fake, over the gateway URL the fake handed out', () => {
    expect(client.guilds.cache.size).toBe(fake.state.guilds.size);
    const guild = client.guilds.cache.get(FAKE_DISCORD.guildId)!;
    expect(guild.name).toBe('Herald HQ');
    expect(guild.available).toBe(true);
    expect(guild.channels.cache.map((c) => c.name)).toEqual(['general', 'approvals']);
    expect(guild.members.me?.id).toBe(fake.applicationId);
    expect(client.user?.id).toBe(fake.applicationId);
    expect(client.application?.id).toBe(fake.applicationId);

    const [gatewayBot] = fake.requestsTo('GET /gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    const identify = fake.gateway.received.find((f) => f.op === 2)?.d as Record<string, unknown>;
    expect(identify).toMatchObject({ token: fake.token, intents: GatewayIntentBits.Guilds, compress: false });
  });

  it('delivers a slash command and records the type-4 reply (ephemeral → flags 64)', async () => {
    const received = next<ChatInputCommandInteraction>();
    const handle = fake.interact(chatInput({ subcommand: 'list', options: { account: 'mia', limit: 5 } }));
    const interaction = await received;

    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.id).toBe(handle.id);
    expect(interaction.commandName).toBe('herald');
    expect(interaction.options.getSubcommand()).toBe('list');
    expect(interaction.options.getString('account')).toBe('mia');
    expect(interaction.options.getInteger('limit')).toBe(5);
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.channelId).toBe(FAKE_DISCORD.channelId);
    expect(interaction.user.username).toBe('mia');

    await interaction.reply({ content: '3 posts scheduled', ephemeral: true });
    const callback = await handle.callback();
    expect(callback).toMatchObject({
      type: 4,
      status: 204,
      data: { content: '3 posts scheduled', flags: 64 },
    });
    expect(fake.requestsTo(`POST /interactions/${handle.id}/`)[0]?.query).toEqual({ with_response: 'false' });
    expect(fake.messages(FAKE_DISCORD.channelId).map((m) => m.content)).not.toContain('3 posts scheduled');
  });

  it('answers ?with_response=true with the callback resource (withResponse replaces fetchReply)', async () => {
    const received = next<ChatInputCommandInteraction>();
    const handle = fake.interact(chatInput({ subcommand: 'list' }));
    const response = await (await received).reply({ content: 'Here you go', withResponse: true });

    expect(response.interaction.id).toBe(handle.id);
    expect(response.resource?.message?.content).toBe('Here you go');
    expect(await handle.callback()).toMatchObject({ type: 4, status: 200, withResponse: true });
  });

  it('records deferReply as type 5, then editReply as a PATCH of @original', async () => {
    const received = next<ChatInputCommandInteraction>();
    const handle = fake.interact(chatInput({ subcommand: 'schedule', options: { caption: 'Launch!' } }));
    const interaction = await received;

    await interaction.deferReply();
    await interaction.editReply({ content: 'Scheduled for 09:00' });
    await interaction.followUp({ content: 'Also on Mastodon', flags: MessageFlags.Ephemeral });

    expect((await handle.callback()).type).toBe(5);
    const original = await handle.original((m) => m.content === 'Scheduled for 09:00');
    expect(original.flags).toBe(0);
    const webhook = `/webhooks/${fake.applicationId}/${handle.token}`;
    // discord.js percent-encodes `@original` in the path; recorded paths keep it encoded.
    expect(fake.requestsTo(webhook).map((r) => `${r.method} ${r.path.replace(webhook, '')}`)).toEqual([
      'PATCH /messages/%40original',
      'POST ',
    ]);
    expect(handle.record.followups.map((m) => [m.content, m.flags])).toEqual([['Also on Mastodon', 64]]);
    expect(fake.messages(FAKE_DISCORD.channelId)).toContain(original);
  });

  it('creates and edits channel messages over REST', async () => {
    const channel = await general();
    const sent = await channel.send({ content: 'Post #1 awaits approval', embeds: [{ title: 'Launch' }] });
    expect(sent.id).toMatch(/^\d{17,20}$/);
    expect(sent.createdTimestamp).toBeGreaterThan(Date.now() - 60_000);
    await sent.edit({ content: 'Post #1 approved' });

    const stored = fake.messages(FAKE_DISCORD.channelId).find((m) => m.id === sent.id);
    expect(stored).toMatchObject({ content: 'Post #1 approved', embeds: [{ title: 'Launch' }] });
    expect(stored?.edited_timestamp).not.toBeNull();
    expect(fake.requestsTo(`PATCH /channels/${FAKE_DISCORD.channelId}/messages/${sent.id}`)).toHaveLength(1);
  });

  it("answers a button's update() with type 7 and edits the message the button is on", async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('approve:42').setLabel('Approve').setStyle(ButtonStyle.Success),
    );
    const posted = await (await general()).send({ content: 'Post #42 awaits approval', components: [row] });
    const message = fake.messages(FAKE_DISCORD.channelId).find((m) => m.id === posted.id)!;

    const received = next<ButtonInteraction>();
    const handle = fake.interact(button({ customId: 'approve:42', message, user: FAKE_DISCORD.approverId }));
    const interaction = await received;
    expect(interaction.isButton()).toBe(true);
    expect(interaction.customId).toBe('approve:42');
    expect(interaction.message.id).toBe(posted.id);
    expect(
      interaction.inCachedGuild() && interaction.member.roles.cache.has(FAKE_DISCORD.approverRoleId),
    ).toBe(true);

    await interaction.update({ content: 'Post #42 approved by sam', components: [] });
    expect(await handle.callback()).toMatchObject({ type: 7, data: { content: 'Post #42 approved by sam' } });
    expect(message).toMatchObject({ content: 'Post #42 approved by sam', components: [] });
  });

  it('answers autocomplete with type 8 choices', async () => {
    const received = next<AutocompleteInteraction>();
    const handle = fake.interact(
      autocomplete({ subcommand: 'schedule', options: { caption: 'Hi', account: 'mi' }, focused: 'account' }),
    );
    const interaction = await received;
    expect(interaction.isAutocomplete()).toBe(true);
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'account', value: 'mi' });

    await interaction.respond([{ name: 'mia (Instagram)', value: 'acc-1' }]);
    expect(await handle.callback()).toMatchObject({
      type: 8,
      data: { choices: [{ name: 'mia (Instagram)', value: 'acc-1' }] },
    });
  });

  it('answers showModal with type 9 and delivers the modal submission', async () => {
    const command = next<ChatInputCommandInteraction>();
    const opened = fake.interact(chatInput({ subcommand: 'compose' }));
    const modal = new ModalBuilder()
      .setCustomId('compose')
      .setTitle('New post')
      .addComponents(
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder()
            .setCustomId('caption')
            .setLabel('Caption')
            .setStyle(TextInputStyle.Paragraph),
        ),
      );
    await (await command).showModal(modal);
    expect(await opened.callback()).toMatchObject({
      type: 9,
      data: { custom_id: 'compose', title: 'New post' },
    });

    const submitted = next<ModalSubmitInteraction>();
    const handle = fake.interact(modalSubmit({ customId: 'compose', fields: { caption: 'Launch day!' } }));
    const submission = await submitted;
    expect(submission.isModalSubmit()).toBe(true);
    expect(submission.fields.getTextInputValue('caption')).toBe('Launch day!');
    await submission.reply({ content: 'Draft saved' });
    expect(await handle.callback()).toMatchObject({ type: 4, data: { content: 'Draft saved' } });
  });

  it('refuses a second callback with 40060', async () => {
    const received = next<ChatInputCommandInteraction>();
    const handle = fake.interact(chatInput({ subcommand: 'list' }));
    await received;
    const callback = Routes.interactionCallback(handle.id, handle.token);
    await client.rest.post(callback, { body: { type: 4, data: { content: 'one' } }, auth: false });
    await expect(
      client.rest.post(callback, { body: { type: 4, data: { content: 'two' } }, auth: false }),
    ).rejects.toMatchObject({ status: 400, code: 40060 });
    expect(handle.record.attempts.map((a) => a.status)).toEqual([204, 400]);
    expect(fake.failures.at(-1)).toMatchObject({ kind: 'already-acknowledged', interactionId: handle.id });
  });

  it('makes discord.js wait retry_after on a 429, then retry once', async () => {
    const channel = await general();
    const route = `POST /channels/${FAKE_DISCORD.channelId}/messages`;
    const before = fake.requestsTo(route).length;
    const limited = once(client.rest, 'rateLimited');
    fake.rateLimitNext(route, 1);

    await channel.send('Rate limited, then sent');
    const [info] = (await limited) as [{ retryAfter: number; scope: string }];
    expect(info).toMatchObject({ scope: 'user' });
    const requests = fake.requestsTo(route).slice(before);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(900);
    expect(fake.messages(FAKE_DISCORD.channelId).at(-1)?.content).toBe('Rate limited, then sent');
  });

  it('refuses a reply after the interaction window with 10062 Unknown interaction', async () => {
    const received = next<ChatInputCommandInteraction>();
    const handle = fake.interact(chatInput({ subcommand: 'list' }), { timeoutMs: 200 });
    const interaction = await received;
    await sleep(300);

    await expect(interaction.reply('too late')).rejects.toMatchObject({ status: 404, code: 10062 });
    expect((await handle.firstAttempt()).status).toBe(404);
    expect(handle.record.callback).toBeUndefined();
    const failure = fake.failures.find((f) => f.interactionId === handle.id);
    expect(failure).toMatchObject({ kind: 'unknown-interaction', status: 404, code: 10062 });
    expect(failure?.sinceDispatchMs).toBeGreaterThan(200);
  });

  it('serves mutable member roles over REST and in the next interaction', async () => {
    const guild = client.guilds.cache.get(FAKE_DISCORD.guildId)!;
    fake.setRoles(FAKE_DISCORD.guildId, FAKE_DISCORD.userId, [FAKE_DISCORD.approverRoleId]);
    const member = await guild.members.fetch({ user: FAKE_DISCORD.userId, force: true });
    expect(member.roles.cache.has(FAKE_DISCORD.approverRoleId)).toBe(true);

    fake.setRoles(FAKE_DISCORD.guildId, FAKE_DISCORD.userId, []);
    const received = next<ChatInputCommandInteraction>();
    fake.interact(chatInput({ subcommand: 'list' }));
    const interaction = await received;
    expect(
      interaction.inCachedGuild() && interaction.member.roles.cache.has(FAKE_DISCORD.approverRoleId),
    ).toBe(false);
    await interaction.reply('ok');
  });

  it('bulk-overwrites guild commands and hands their ids to the next interactions', async () => {
    const commands = await client.application!.commands.set(
      [
        {
          name: 'herald',
          description: 'Schedule posts',
          options: [{ type: 1, name: 'list', description: 'List posts' }],
        },
      ],
      FAKE_DISCORD.guildId,
    );
    const id = commands.first()!.id;
    expect(
      fake.requestsTo(`PUT /applications/${fake.applicationId}/guilds/${FAKE_DISCORD.guildId}/commands`),
    ).toHaveLength(1);

    const received = next<ChatInputCommandInteraction>();
    fake.interact(chatInput({ subcommand: 'list' }));
    const interaction = await received;
    expect(interaction.commandId).toBe(id);
    await interaction.reply('ok');

    await expect(
      client.application!.commands.set([{ name: 'Bad Name', description: 'x' }], FAKE_DISCORD.guildId),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
  });

  it('resumes after a dropped connection and replays what was dispatched meanwhile', async () => {
    const resumed = once(client, Events.ShardResume);
    fake.gateway.disconnect(4000);
    const received = next<ChatInputCommandInteraction>();
    const handle = fake.interact(chatInput({ subcommand: 'list' }));
    await resumed;
    const interaction = await received;
    expect(interaction.id).toBe(handle.id);
    expect(fake.gateway.received.filter((f) => f.op === 6)).toHaveLength(1);
    await interaction.reply('ok');
    expect((await handle.callback()).status).toBe(204);
  });

  it('refuses a wrong token with 401, which discord.js reports as TokenInvalid', async () => {
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], ...fake.clientOptions });
    await expect(intruder.login('MTE.wrong.token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.failures.at(-1)).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      request: 'GET /gateway/bot',
    });
  });

  it('speaks zlib-stream when a client asks for it (discord.js does when zlib-sync is installed)', async () => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const payloads: Array<{ op: number; t: string | null }> = [];
    let text = '';
    inflate.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      try {
        payloads.push(JSON.parse(text));
        text = '';
      } catch {}
    });
    socket.on('message', (data: Buffer) => {
      inflate.write(data);
      inflate.flush(zlib.Z_SYNC_FLUSH);
    });
    await once(socket, 'open');
    await expect.poll(() => payloads.map((p) => p.op)).toEqual([10]);
    socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 0, properties: {} } }));
    await expect.poll(() => payloads.map((p) => p.t)).toEqual([null, 'READY']);
    socket.close(1000);
    await once(socket, 'close');
  });

  it('never connects beyond 127.0.0.1 (REST, Gateway, resume URL)', () => {
    expect(connections.filter((c) => c.startsWith('connect')).length).toBeGreaterThanOrEqual(2);
    expect(connections.filter((c) => !/^connect 127\.0\.0\.1$/.test(c))).toEqual([]);
  });
});

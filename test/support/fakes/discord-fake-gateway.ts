import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDeflate, type Deflate, deflateSync, constants as zlib } from 'node:zlib';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { type FakeDiscordState, guildJson, memberJson } from './discord-fake-rest.js';

/**
 * The Gateway half of the Discord fake: a WebSocket server on its own 127.0.0.1 port speaking the
 * documented v10 JSON protocol (HELLO, heartbeat ACKs, IDENTIFY → READY + GUILD_CREATE, RESUME with
 * replay, INVALID_SESSION, close codes 4001–4013) so the real discord.js Client connects to it as it
 * would to Discord, and tests can push any dispatch (INTERACTION_CREATE above all) to it.
 */

/** A Gateway payload as Discord frames it: opcode, data, sequence (dispatches only), event name. */
export interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** A payload a client sent (heartbeats, IDENTIFY, RESUME, presence, member requests…). */
export interface GatewayFrame {
  op: number;
  d: unknown;
  at: number;
  sessionId?: string;
}

/** One IDENTIFY: survives dropped sockets so RESUME can replay what was missed, ends on close 1000/1001. */
export interface GatewaySession {
  id: string;
  intents: number;
  shard: [number, number];
  /** Sequence number of the last dispatch. */
  seq: number;
  /** Dispatches of this session (the last 1000), replayed on RESUME. */
  sent: GatewayPayload[];
  connection?: GatewayConnection;
}

interface GatewayConnection {
  socket: WebSocket;
  session?: GatewaySession;
  /** `compress=zlib-stream`: one deflate context for the whole connection. */
  deflate?: Deflate;
  /** IDENTIFY `compress: true`: every payload zlib-compressed on its own. */
  perMessageZlib: boolean;
  queue: Promise<void>;
}

/** Gateway knobs; the defaults match Discord. */
export interface FakeGatewayOptions {
  /** HELLO's heartbeat_interval (Discord: 41250). */
  heartbeatIntervalMs?: number;
}

const GUILDS_INTENT = 1 << 0;
/** GUILD_MEMBERS or GUILD_PRESENCES: Discord only then lists members in GUILD_CREATE. */
const MEMBER_LIST_INTENTS = (1 << 1) | (1 << 8);

/** The fake Gateway server; `fake.gateway` in tests (disconnect, invalidateSessions, received frames). */
export class FakeGateway {
  /** Every payload clients sent, in order. */
  readonly received: GatewayFrame[] = [];
  readonly sessions = new Map<string, GatewaySession>();
  url = '';
  private server?: WebSocketServer;
  private readonly connections = new Set<GatewayConnection>();

  constructor(
    private readonly state: FakeDiscordState,
    private readonly options: FakeGatewayOptions = {},
  ) {}

  async start(): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server = server;
    server.on('connection', (socket, request) => this.onConnection(socket, request));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  /**
   * Sends a dispatch (op 0) with the next sequence number to every session (only those with
   * `intent` when given). A session whose socket is down keeps it for its RESUME.
   */
  dispatch(t: string, d: unknown, options: { intent?: number } = {}): number {
    if (this.sessions.size === 0) {
      throw new Error(`dispatch ${t}: no gateway session yet (log the client in and wait for clientReady)`);
    }
    let count = 0;
    for (const session of this.sessions.values()) {
      if (options.intent !== undefined && (session.intents & options.intent) === 0) continue;
      this.emit(session, t, d);
      count++;
    }
    return count;
  }

  /** Drops every connection (4000 = resumable: discord.js resumes; 4004/4014… are fatal). */
  disconnect(code = 4000, reason = 'fake gateway disconnect'): void {
    for (const connection of this.connections) connection.socket.close(code, reason);
  }

  /** Forgets all sessions: the next RESUME gets INVALID_SESSION (d: false) and must IDENTIFY again. */
  invalidateSessions(): void {
    this.sessions.clear();
  }

  /** Sends op 7 RECONNECT: the client should reconnect and resume. */
  requestReconnect(): void {
    for (const connection of this.connections) this.send(connection, { op: 7, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? '/', 'ws://fake').searchParams;
    const connection: GatewayConnection = { socket, perMessageZlib: false, queue: Promise.resolve() };
    this.connections.add(connection);
    socket.on('close', (code) => {
      this.connections.delete(connection);
      connection.deflate?.close();
      const session = connection.session;
      if (session?.connection === connection) session.connection = undefined;
      // A client closing normally ends its session, as on Discord.
      if (session && (code === 1000 || code === 1001)) this.sessions.delete(session.id);
    });
    const refusal = connectRefusal(query);
    if (refusal) {
      socket.close(...refusal);
      return;
    }
    if (query.get('compress') === 'zlib-stream') connection.deflate = createDeflate();
    socket.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
    const interval = this.options.heartbeatIntervalMs ?? 41_250;
    this.send(connection, { op: 10, d: { heartbeat_interval: interval }, s: null, t: null });
  }

  private onMessage(connection: GatewayConnection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frames are ETF');
      payload = JSON.parse(String(data)) as { op?: unknown; d?: unknown };
    } catch {
      connection.socket.close(4002, 'Decode error');
      return;
    }
    const op = Number(payload.op);
    const d = (payload.d ?? {}) as Record<string, unknown>;
    this.received.push({ op, d: payload.d, at: Date.now(), sessionId: connection.session?.id });
    if (op === 1) this.send(connection, { op: 11, d: null, s: null, t: null });
    else if (op === 2) this.identify(connection, d);
    else if (op === 6) this.resume(connection, d);
    else if (![3, 4, 8].includes(op)) connection.socket.close(4001, 'Unknown opcode');
    else if (!connection.session) connection.socket.close(4003, 'Not authenticated');
    else if (op === 8) this.membersChunk(connection.session, d);
  }

  private identify(connection: GatewayConnection, d: Record<string, unknown>): void {
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
    const refusal = identifyRefusal(d, shard, this.state.token, connection.session !== undefined);
    if (refusal) {
      connection.socket.close(...refusal);
      return;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      intents: Number(d.intents),
      shard,
      seq: 0,
      sent: [],
      connection,
    };
    connection.session = session;
    connection.perMessageZlib = d.compress === true;
    this.sessions.set(session.id, session);
    const guilds = [...this.state.guilds.values()].filter(
      (g) => Number((BigInt(g.id) >> 22n) % BigInt(shard[1])) === shard[0],
    );
    this.emit(session, 'READY', {
      v: 10,
      user: { ...this.state.bot, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.url,
      shard,
      application: { id: this.state.application.id, flags: this.state.application.flags },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["herald-discord-fake",{"micros":0}]'],
    });
    if ((session.intents & GUILDS_INTENT) === 0) return;
    for (const guild of guilds) {
      const listMembers = (session.intents & MEMBER_LIST_INTENTS) !== 0;
      const members = [...guild.members.values()].filter(
        (m) => listMembers || m.user.id === this.state.bot.id,
      );
      this.emit(session, 'GUILD_CREATE', {
        ...guildJson(guild),
        joined_at: guild.members.get(this.state.bot.id)?.joinedAt ?? new Date().toISOString(),
        large: false,
        unavailable: false,
        member_count: guild.members.size,
        members: members.map(memberJson),
        channels: guild.channels,
        threads: [],
        presences: [],
        voice_states: [],
        stage_instances: [],
        guild_scheduled_events: [],
        soundboard_sounds: [],
      });
    }
  }

  private resume(connection: GatewayConnection, d: Record<string, unknown>): void {
    const session = this.sessions.get(String(d.session_id));
    const seq = Number(d.seq ?? 0);
    if (d.token !== this.state.token) connection.socket.close(4004, 'Authentication failed');
    else if (!session) this.send(connection, { op: 9, d: false, s: null, t: null });
    else if (seq > session.seq) connection.socket.close(4007, 'Invalid seq');
    else this.attach(connection, session, seq);
  }

  /** A successful RESUME: replay what the session missed, then RESUMED. */
  private attach(connection: GatewayConnection, session: GatewaySession, seq: number): void {
    session.connection?.socket.close(4009, 'Session resumed elsewhere');
    session.connection = connection;
    connection.session = session;
    for (const payload of session.sent) if ((payload.s ?? 0) > seq) this.send(connection, payload);
    this.emit(session, 'RESUMED', null);
  }

  /** Answers op 8 REQUEST_GUILD_MEMBERS by user ids or name prefix, in one chunk. */
  private membersChunk(session: GatewaySession, d: Record<string, unknown>): void {
    const guildId = String(Array.isArray(d.guild_id) ? d.guild_id[0] : d.guild_id);
    const guild = this.state.guilds.get(guildId);
    if (!guild) return;
    const wanted = d.user_ids === undefined ? undefined : ([] as string[]).concat(d.user_ids as string[]);
    const query = String(d.query ?? '').toLowerCase();
    const limit = Number(d.limit ?? 0) || Number.POSITIVE_INFINITY;
    const members = [...guild.members.values()]
      .filter((m) => (wanted ? wanted.includes(m.user.id) : m.user.username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    this.emit(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members: members.map(memberJson),
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted?.filter((id) => !guild.members.has(id)) ?? [],
      ...(d.nonce === undefined ? {} : { nonce: d.nonce }),
    });
  }

  private emit(session: GatewaySession, t: string, d: unknown): void {
    session.seq++;
    const payload: GatewayPayload = { op: 0, d, s: session.seq, t };
    session.sent.push(payload);
    if (session.sent.length > 1000) session.sent.shift();
    if (session.connection) this.send(session.connection, payload);
  }

  /** Queued per connection so zlib-stream frames leave in order. */
  private send(connection: GatewayConnection, payload: GatewayPayload): void {
    const text = JSON.stringify(payload);
    connection.queue = connection.queue.then(async () => {
      const { socket, deflate } = connection;
      if (socket.readyState !== WebSocket.OPEN) return;
      if (deflate) socket.send(await deflateFrame(deflate, text), { binary: true });
      else if (connection.perMessageZlib) socket.send(deflateSync(text), { binary: true });
      else socket.send(text);
    });
  }
}

type Refusal = [code: number, reason: string];

/** Close code for a connection URL this fake (v10, JSON) cannot serve. */
function connectRefusal(query: URLSearchParams): Refusal | undefined {
  if (query.get('v') !== '10') return [4012, 'Invalid API version'];
  if ((query.get('encoding') ?? 'json') !== 'json') return [4002, 'Only encoding=json is faked'];
  const compress = query.get('compress');
  if (compress && compress !== 'zlib-stream') return [4002, `Unknown compression ${compress}`];
  return undefined;
}

/** Close code for an IDENTIFY Discord would refuse. */
function identifyRefusal(
  d: Record<string, unknown>,
  shard: [number, number],
  token: string,
  identified: boolean,
): Refusal | undefined {
  if (identified) return [4005, 'Already authenticated'];
  if (d.token !== token) return [4004, 'Authentication failed'];
  if (typeof d.intents !== 'number') return [4013, 'Invalid intent(s)'];
  if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) return [4010, 'Invalid shard'];
  return undefined;
}

/** One zlib-stream frame: the payload deflated in the shared context, ending in a Z_SYNC_FLUSH marker. */
function deflateFrame(deflate: Deflate, text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const collect = (chunk: Buffer) => chunks.push(chunk);
    deflate.on('data', collect);
    deflate.write(text);
    deflate.flush(zlib.Z_SYNC_FLUSH, () => {
      deflate.off('data', collect);
      resolve(Buffer.concat(chunks));
    });
  });
}

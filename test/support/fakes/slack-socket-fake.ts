import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode side, on 127.0.0.1: the WebSocket that `apps.connections.open` hands out.
 * It greets with `hello`, sends envelopes (`slash_commands`, `interactive`) as Slack does, and
 * records the client's acknowledgements `{ envelope_id, payload? }`.
 */
export interface FakeSlackSocket {
  url: string;
  /** Resolves once a client has connected and been greeted. */
  connected(): Promise<void>;
  /** Sends one envelope and resolves with the client's ack, and how long it took. */
  send(
    type: 'slash_commands' | 'interactive',
    payload: Record<string, unknown>,
  ): Promise<{ ack: Record<string, unknown>; ms: number }>;
  close(): Promise<void>;
}

export async function startFakeSlackSocket(): Promise<FakeSlackSocket> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const pending = new Map<string, (ack: Record<string, unknown>) => void>();
  let socket: WebSocket | undefined;
  let greeted: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    greeted = resolve;
  });
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Record<string, unknown>;
      pending.get(String(ack.envelope_id))?.(ack);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A0HERALD' },
        debug_info: { host: 'fake' },
      }),
    );
    greeted();
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/link`,
    connected: () => ready,
    async send(type, payload) {
      const envelopeId = randomUUID();
      const started = performance.now();
      const acked = new Promise<Record<string, unknown>>((resolve) => pending.set(envelopeId, resolve));
      socket?.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type === 'slash_commands',
        }),
      );
      const ack = await acked;
      return { ack, ms: performance.now() - started };
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

import type { APIEmbed, APIMessage } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { FakeDiscord, FakeInteractionHandle } from './fakes/discord-fake.js';

/** What the user ends up seeing for one interaction, however Herald answered (direct or deferred). */
export interface Answer {
  /** The accepted initial response: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 9 modal. */
  type: number;
  /** Time from dispatch to that response reaching the fake. */
  ackMs: number;
  ephemeral: boolean;
  content: string;
  embeds: APIEmbed[];
  /** Custom ids of the buttons on the message. */
  buttons: string[];
  /** content + embeds as JSON, for `toContain`. */
  text: string;
  /** The message shown (press its buttons with `press`). */
  message?: APIMessage;
  /** For type 9: the form's custom id and its text inputs with their prefilled values. */
  modal?: { customId: string; title: string; inputs: Record<string, string> };
}

/** Custom ids of the buttons on a message, in order. */
export function buttonsOf(message: Pick<APIMessage, 'components'> | undefined): string[] {
  const rows = (message?.components ?? []) as { components?: { custom_id?: string }[] }[];
  return rows.flatMap((r) => (r.components ?? []).map((c) => c.custom_id ?? ''));
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: nothing within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * What the user ends up seeing for an interaction, however Herald answered: the reply or update
 * itself, or — after a deferral — the edited placeholder or the follow-up that replaced it.
 */
export async function answerOf(
  fake: FakeDiscord,
  handle: FakeInteractionHandle,
  timeoutMs = 10_000,
): Promise<Answer> {
  const callback = await handle.callback(timeoutMs);
  const record = handle.record;
  const base = { type: callback.type ?? 0, ackMs: callback.sinceDispatchMs };
  if (callback.type === 9) return { ...base, ...view({}, undefined), modal: modalOf(callback.data ?? {}) };
  if (callback.type === 4 || callback.type === 7)
    return { ...base, ...view(callback.data ?? {}, record.original) };
  const edits = () =>
    fake.requestsTo(`PATCH /webhooks/${fake.applicationId}/${record.token}/messages`).length;
  const message = await waitFor(() => {
    if (record.followups.length > 0) return record.followups.at(-1);
    const original = record.original;
    if (callback.type === 5 && original && !((original.flags ?? 0) & MessageFlags.Loading)) return original;
    if (callback.type === 6 && original && edits() > 0) return original;
    return undefined;
  }, timeoutMs);
  return { ...base, ...view(message as unknown as Record<string, unknown>, message) };
}

function view(data: Record<string, unknown>, message: APIMessage | undefined) {
  const content = String(data.content ?? '');
  const embeds = (data.embeds ?? []) as APIEmbed[];
  return {
    ephemeral: Boolean(Number(data.flags ?? message?.flags ?? 0) & MessageFlags.Ephemeral),
    content,
    embeds,
    buttons: buttonsOf(data as Pick<APIMessage, 'components'>),
    text: JSON.stringify({ content, embeds }),
    ...(message ? { message } : {}),
  };
}

function modalOf(data: Record<string, unknown>): NonNullable<Answer['modal']> {
  const inputs: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const c = node as {
      type?: number;
      custom_id?: string;
      value?: string;
      components?: unknown[];
      component?: unknown;
    };
    if (c.type === 4 && c.custom_id) inputs[c.custom_id] = c.value ?? '';
    for (const child of c.components ?? []) walk(child);
    walk(c.component);
  };
  for (const child of (data.components ?? []) as unknown[]) walk(child);
  return { customId: String(data.custom_id ?? ''), title: String(data.title ?? ''), inputs };
}

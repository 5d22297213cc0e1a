import { ButtonStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { formId, parseFormId } from '../../../../src/bots/discord/modals/modal-form.js';
import { cardMessage } from '../../../../src/bots/discord/render/card-message.js';
import type { Card } from '../../../../src/core/cards/card.js';
import { decodeAction } from '../../../../src/core/cards/card.js';

const card = (patch: Partial<Card> = {}): Card => ({
  title: 'Approval needed: post for @mia',
  lines: ['“Launch day”'],
  fields: [
    { label: 'When', value: '2026-12-01 09:00 Europe/Paris (2026-12-01 08:00 UTC)' },
    { label: 'Post', value: 'pst_1' },
  ],
  badges: [
    { kind: 'awaiting_approval', text: 'awaiting approval' },
    { kind: 'published', text: 'published', url: 'https://example.com/p/1' },
  ],
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary', target: 'pst_1' },
    { id: 'reject', label: 'Reject', style: 'danger', target: 'pst_1' },
    { id: 'edit_time', label: 'Edit time', target: 'pst_1' },
  ],
  tone: 'info',
  ...patch,
});

describe('a card as a Discord message', () => {
  it('has one embed with the fields, the readiness badges and buttons whose custom ids decode back', () => {
    const { embeds, components } = cardMessage(card());
    expect(embeds[0]?.title).toBe('Approval needed: post for @mia');
    expect(embeds[0]?.fields?.map((f) => f.name)).toEqual(['When', 'Post', 'Readiness']);
    expect(embeds[0]?.fields?.at(-1)?.value).toContain('[link](https://example.com/p/1)');
    const buttons = components[0]?.components ?? [];
    expect(buttons.map((b) => b.style)).toEqual([
      ButtonStyle.Primary,
      ButtonStyle.Danger,
      ButtonStyle.Secondary,
    ]);
    expect(buttons.map((b) => decodeAction(b.custom_id))).toEqual([
      { id: 'approve', target: 'pst_1' },
      { id: 'reject', target: 'pst_1' },
      { id: 'edit_time', target: 'pst_1' },
    ]);
  });

  it('a decided card has no buttons and says who decided as a mention in the text', () => {
    const { embeds, components } = cardMessage(
      card({ actions: [], footer: 'Approved by <@42> at 2026-12-01 07:00 UTC' }),
    );
    expect(components).toEqual([]);
    expect(embeds[0]?.description).toContain('*Approved by <@42> at 2026-12-01 07:00 UTC*');
  });

  it('clips to Discord’s embed limits', () => {
    const long = 'x'.repeat(5000);
    const { embeds } = cardMessage(
      card({ title: long, lines: [long], fields: [{ label: long, value: long }] }),
    );
    expect(embeds[0]?.title?.length).toBe(256);
    expect(embeds[0]?.description?.length).toBe(4096);
    expect(embeds[0]?.fields?.[0]?.name.length).toBe(256);
    expect(embeds[0]?.fields?.[0]?.value.length).toBe(1024);
  });

  it('tidies column-aligned command output', () => {
    const { embeds } = cardMessage(card({ lines: ['  scheduled          3', 'pst_1  suggested  x'] }), {
      tabular: true,
    });
    expect(embeds[0]?.description).toBe('scheduled · 3\npst_1 · suggested · x');
  });
});

describe('form custom ids', () => {
  it('round-trip, and anything else is not a Herald form', () => {
    expect(parseFormId(formId('reject', 'pst_1'))).toEqual({ kind: 'reject', target: 'pst_1' });
    expect(parseFormId(formId('compose'))).toEqual({ kind: 'compose', target: '' });
    for (const raw of [
      'herald-reject:pst 1',
      'herald-drop:pst_1',
      'herald:approve:pst_1',
      `herald-time:${'a'.repeat(65)}`,
    ])
      expect(parseFormId(raw)).toBeNull();
  });
});

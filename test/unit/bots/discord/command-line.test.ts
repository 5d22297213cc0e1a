import { describe, expect, it } from 'vitest';
import { heraldCommandJson, SUBCOMMANDS } from '../../../../src/bots/discord/command-definitions.js';
import { commandLine, quoteCaption } from '../../../../src/bots/discord/command-line.js';
import { COMMANDS } from '../../../../src/core/commands/router.js';
import { tokenize } from '../../../../src/core/commands/tokenize.js';
import { HeraldError } from '../../../../src/core/errors.js';

const line = (subcommand: string, options: Record<string, string | boolean> = {}) =>
  commandLine({ subcommand, option: (name) => options[name] ?? null });

describe('Discord typed options → the router’s command line', () => {
  it('builds schedule with the caption quoted, media as media: words and force as --force', () => {
    expect(
      line('schedule', {
        account: 'instagram:@mia',
        caption: 'Launch day',
        when: 'tomorrow  9am\ntz:Europe/Paris',
        media: 'https://a.example/1.jpg, https://a.example/2.mp4',
        force: true,
      }),
    ).toBe(
      'schedule instagram:@mia "Launch day" tomorrow 9am tz:Europe/Paris media:https://a.example/1.jpg media:https://a.example/2.mp4 --force',
    );
    expect(line('schedule', { account: '@demo', caption: 'x', when: 'in 2h', force: false })).toBe(
      'schedule @demo "x" in 2h',
    );
  });

  it('passes post ids, times and reasons in the order the router reads them', () => {
    expect(line('reschedule', { post: 'pst_1', when: '+1h' })).toBe('reschedule pst_1 +1h');
    expect(line('reject', { post: 'pst_1', reason: 'wrong colours' })).toBe('reject pst_1 wrong colours');
    expect(line('reject', { post: 'pst_1' })).toBe('reject pst_1');
    expect(line('list')).toBe('list');
  });

  it('refuses a post id or account that is not one word, so no option can smuggle in another', () => {
    for (const post of ['pst_1 --force', '"pst_1', 'pst 1'])
      expect(() => line('cancel', { post })).toThrow(HeraldError);
    expect(() => line('schedule', { account: '@demo "x"', caption: 'y', when: 'in 2h' })).toThrow(
      /not a valid account/,
    );
  });

  it('quotes any caption so the tokenizer reads it back as one word, unchanged where it can', () => {
    for (const caption of ['plain', 'She said "hi"', 'It’s “great”', `"a" “b” it's`, '  spaced\nlines  ']) {
      const [word] = tokenize(quoteCaption(caption));
      expect(word?.quoted).toBe(true);
      if (!caption.includes('"') || !caption.includes('”') || !caption.includes("'"))
        expect(word?.text).toBe(caption);
    }
    const [fallback] = tokenize(quoteCaption(`"a" “b” it's`));
    expect(fallback?.text).toBe(`”a” “b” it's`);
  });
});

describe('/herald application command', () => {
  it('has one subcommand per router command plus new, with the router’s summaries', () => {
    expect(SUBCOMMANDS.map((s) => s.name)).toEqual([...COMMANDS.map((c) => c.name), 'new']);
    for (const c of COMMANDS) expect(SUBCOMMANDS.find((s) => s.name === c.name)?.description).toBe(c.summary);
  });

  it('stays within Discord’s limits and is guild-only when global', () => {
    const json = heraldCommandJson('global');
    expect(json.options?.length).toBeLessThanOrEqual(25);
    for (const sub of json.options ?? []) {
      expect(sub.name).toMatch(/^[a-z]{1,32}$/);
      expect(sub.description.length).toBeLessThanOrEqual(100);
    }
    expect(json).toMatchObject({ contexts: [0], integration_types: [0], default_member_permissions: '2048' });
    expect(heraldCommandJson('guild')).not.toHaveProperty('contexts');
  });
});

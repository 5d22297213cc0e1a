import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';
import { setCampaign } from '../../support/seed.js';

/** Posting slots: a weekly plan per account, and `queue` / `next slot` taking the next free one. */

const NOW = new Date('2026-11-21T10:00:00Z'); // Saturday
let api: ApiHarness;
let key: string;
beforeAll(async () => {
  api = await createApiHarness({ label: 'slots', clock: new ManualClock(NOW) });
  key = await api.key(['admin']);
});
afterAll(async () => api?.close());

const say = async (text: string) => {
  const res = await api.call('POST', '/v1/commands', key, { text });
  const body = res.json();
  return {
    status: res.statusCode,
    body,
    text: [body.title, body.detail ?? '', ...(body.lines ?? []), body.hint ?? ''].join('\n'),
  };
};
const timeOf = async (text: string) => {
  const id = /pst_[A-Za-z0-9_-]+/.exec(text)?.[0] as string;
  return (await api.h.deps.posts.get(api.h.workspace.id, id))?.scheduledAt.toISOString();
};

describe('posting slots', () => {
  it('queue takes the next free slot of the plan, keeping the campaign’s cap', async () => {
    expect((await say('queue @demo "Nowhere to go"')).text).toContain('has no posting slots');
    const set = await say('slots @demo mon-fri 09:00,18:00');
    expect(set.text).toContain('Mon–Fri 09:00, 18:00');
    expect(set.text).toContain('next: Mon 23 Nov 2026 09:00 UTC');
    expect(await timeOf((await say('queue @demo "First"')).text)).toBe('2026-11-23T09:00:00.000Z');
    expect(await timeOf((await say('queue @demo Second in line')).text)).toBe('2026-11-23T18:00:00.000Z');
    await setCampaign(api.h.deps, api.h.workspace.id, api.h.campaign.id, { dailyCap: 1 });
    expect(await timeOf((await say('schedule @demo "Third" next slot')).text)).toBe(
      '2026-11-24T09:00:00.000Z',
    );
    await setCampaign(api.h.deps, api.h.workspace.id, api.h.campaign.id, { dailyCap: 0 });
  });

  it('are managed through /v1/accounts/:id/slots, and a plan Herald cannot read is refused with an example', async () => {
    const put = await api.call('PUT', `/v1/accounts/${api.h.account.id}/slots`, key, {
      plan: 'weekends 11am',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().slots).toEqual([{ days: [0, 6], times: ['11:00'] }]);
    const got = (await api.call('GET', `/v1/accounts/${api.h.account.id}/slots`, key)).json();
    expect(got.next[0]).toBe('2026-11-21T11:00:00.000Z');
    const bad = await api.call('PUT', `/v1/accounts/${api.h.account.id}/slots`, key, { plan: 'someday 9' });
    expect([bad.statusCode, bad.json().hint]).toEqual([400, 'mon-fri 09:00,12:30,18:00 sat 11:00']);
    expect((await api.call('GET', `/v1/accounts/${api.h.account.id}/slots`, key)).json().slots).toEqual([
      { days: [0, 6], times: ['11:00'] },
    ]);
  });
});

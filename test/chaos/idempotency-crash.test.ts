import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { type Answer, call, Scenario } from './harness.js';

const KEYS = 60;
/** Longer than a restart of `herald api` (about 5 s here), so retries meet claims still held. */
const LEASE_MS = 8_000;
let scenario: Scenario;
afterAll(async () => scenario?.cleanup());

const bodyOf = (i: number) => ({ accounts: ['@demo'], caption: `keyed create ${i}`, when: 'in 3 hours' });
const keyOf = (i: number) => `chaos-create-${i}`;

/**
 * Retries one key until it gets an answer that settles it: 201, fresh or replayed. 409 "in
 * progress" is expected only while the crashed request's lease runs; the answers are returned.
 */
async function retryUntilSettled(api: string, key: string, i: number, deadline: number) {
  const answers: (Answer & { at: number })[] = [];
  for (;;) {
    const res = await call(api, key, 'POST', '/v1/posts', {
      body: bodyOf(i),
      headers: { 'idempotency-key': keyOf(i) },
    });
    answers.push({ ...res, at: Date.now() });
    if (res.status !== 409 || Date.now() > deadline) return answers;
    await sleep(250);
  }
}

describe('herald api killed with keyed creates in flight', () => {
  it('lets every key be retried after the lease: 201 or the replayed answer, never 409 for good, one post per key', async () => {
    scenario = await Scenario.create('idem');
    const env = { HERALD_IDEMPOTENCY_LEASE_MS: String(LEASE_MS) };
    const first = await scenario.start('api', env);
    const key = await scenario.key(env);
    const inFlight = Array.from({ length: KEYS }, (_, i) =>
      call(first.api, key, 'POST', '/v1/posts', {
        body: bodyOf(i),
        headers: { 'idempotency-key': keyOf(i) },
      }),
    );
    // Killed as soon as the first create has answered: the others are mid-request by then.
    const firstCreated = new Promise<void>((resolve) => {
      for (const p of inFlight) void p.then((a) => a.status === 201 && resolve());
    });
    await Promise.race([firstCreated, sleep(30_000)]);
    const killedAt = Date.now();
    await first.herald.stop('SIGKILL');
    const beforeKill = await Promise.all(inFlight);
    const answered = beforeKill.filter((a) => a.status === 201).length;

    const second = await scenario.start('api', env);
    const restartedMs = Date.now() - killedAt;
    const db = await scenario.db();
    const held = await db.collection('idempotency_keys').countDocuments({ state: { $ne: 'done' } });
    const deadline = killedAt + LEASE_MS + 10_000;
    const retries = await Promise.all(
      Array.from({ length: KEYS }, (_, i) => retryUntilSettled(second.api, key, i, deadline)),
    );
    const last = retries.map((answers) => answers.at(-1) as Answer & { at: number });
    const conflicts = retries.flat().filter((a) => a.status === 409);
    const replayed = last.filter((a) => a.headers.get('idempotent-replayed') === 'true').length;
    console.log(
      `[chaos] ${answered}/${KEYS} answered before the kill, ${held} claims left in progress; api back after ${restartedMs} ms; ${conflicts.length} retries got 409 (last ${conflicts.length ? Math.max(...conflicts.map((c) => c.at)) - killedAt : 0} ms after the kill); ${replayed} replayed, ${KEYS - replayed} created on retry`,
    );

    for (const [i, answer] of last.entries()) {
      expect(answer.status, `${keyOf(i)}: ${JSON.stringify(answer.body)}`).toBe(201);
    }
    for (const conflict of conflicts) {
      expect(conflict.body).toMatchObject({ code: 'CONFLICT' });
      expect(conflict.at - killedAt).toBeLessThan(LEASE_MS + 2_000);
    }
    expect(held).toBeGreaterThan(0);
    const posts = await db
      .collection('posts')
      .find({ caption: { $regex: '^keyed create ' } })
      .project<{ _id: string; caption: string }>({ caption: 1 })
      .toArray();
    const notOne = last.flatMap((answer, i) => {
      const stored = posts.filter((p) => p.caption === bodyOf(i).caption).map((p) => p._id);
      const answeredId = (answer.body.post as { id: string } | undefined)?.id;
      return stored.length === 1 && stored[0] === answeredId ? [] : [{ key: keyOf(i), stored, answeredId }];
    });
    expect(
      notOne,
      `${notOne.length} of ${KEYS} keys do not end with exactly the one post they answered`,
    ).toEqual([]);
    expect(await second.herald.stop('SIGTERM', 10_000)).toBe(0);
  });
});

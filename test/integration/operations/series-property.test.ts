import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAhead } from '../../../src/core/domain/planned-time.js';
import { HeraldError } from '../../../src/core/errors.js';
import type { OperationContext } from '../../../src/core/operations/index.js';
import * as ops from '../../../src/core/operations/index.js';
import { materializeSeries } from '../../../src/core/use-cases/materialize-series.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { createHarness, type Harness } from '../../support/harness.js';

/**
 * For any sequence of edits on a series — move or skip one occurrence, shift its clock, give it
 * a new rule, shift an account's posts, cancel one occurrence or the whole series — the post's
 * own time is its earliest job still to publish, and after a whole-series cancel nothing is
 * scheduled, not even by a later top-up.
 */

const NOW = new Date('2026-11-21T10:00:00Z');
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString().slice(0, 10);

type Edit =
  | { kind: 'move'; day: number; hour: number }
  | { kind: 'skip'; day: number }
  | { kind: 'cancelOne'; day: number }
  | { kind: 'clock'; minutes: number }
  | { kind: 'rule'; rule: string }
  | { kind: 'shift'; day: number; hours: number }
  | { kind: 'cancel' };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('move' as const),
    day: fc.integer({ min: 1, max: 10 }),
    hour: fc.integer({ min: 6, max: 22 }),
  }),
  fc.record({ kind: fc.constant('skip' as const), day: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('cancelOne' as const), day: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('clock' as const), minutes: fc.constantFrom(-90, -30, 15, 45, 120) }),
  fc.record({
    kind: fc.constant('rule' as const),
    rule: fc.constantFrom('every day at 10:00', 'every weekday at 08:30', 'every monday,thursday at 18:00'),
  }),
  fc.record({
    kind: fc.constant('shift' as const),
    day: fc.integer({ min: 1, max: 10 }),
    hours: fc.constantFrom(-3, -1, 2, 24),
  }),
  fc.constant({ kind: 'cancel' as const }),
);

let h: Harness;
let clock: ManualClock;
let ctx: OperationContext;
beforeAll(async () => {
  clock = new ManualClock(NOW);
  h = await createHarness({ label: 'seriesprop', clock });
  ctx = { workspace: h.workspace, actor: h.actor };
});
afterAll(async () => h?.close());

async function apply(postId: string, e: Edit): Promise<void> {
  const d = h.deps;
  switch (e.kind) {
    case 'move':
      return void (await ops.reschedule(d, ctx, {
        postId,
        occurrence: day(e.day),
        when: `${day(e.day)} ${e.hour}:00`,
      }));
    case 'skip':
      return void (await ops.skip(d, ctx, { postId, occurrence: day(e.day) }));
    case 'cancelOne':
      return void (await ops.cancel(d, ctx, { postId, occurrence: day(e.day) }));
    case 'clock':
      return void (await ops.reschedule(d, ctx, {
        postId,
        when: `${e.minutes > 0 ? '+' : ''}${e.minutes}m`,
      }));
    case 'rule':
      return void (await ops.reschedule(d, ctx, { postId, when: e.rule }));
    case 'shift':
      return void (await ops.shift(d, ctx, {
        account: '@demo',
        by: `${e.hours > 0 ? '+' : ''}${e.hours}h`,
        from: day(e.day),
        to: day(e.day),
      }));
    case 'cancel':
      return void (await ops.cancel(d, ctx, { postId }));
  }
}

describe('series edits, in any order', () => {
  it('keep the post’s time on its earliest job still to publish, and a whole-series cancel final', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 7 }), async (edits) => {
        clock.set(NOW);
        const { result } = await ops.schedule(h.deps, ctx, {
          accounts: ['@demo'],
          caption: 'prop',
          when: 'every day at 09:00',
        });
        const postId = result.post.id;
        let cancelled = false;
        for (const e of edits) {
          try {
            await apply(postId, e);
            if (e.kind === 'cancel') cancelled = true;
          } catch (error) {
            if (!(error instanceof HeraldError)) throw error;
          }
          const post = (await h.deps.posts.get(h.workspace.id, postId))!;
          const ahead = (await h.deps.jobs.listByPost(h.workspace.id, postId)).filter(isAhead);
          if (ahead.length > 0)
            expect(post.scheduledAt.getTime()).toBe(Math.min(...ahead.map((j) => j.occurrenceAt.getTime())));
          if (cancelled) {
            expect(post.status).toBe('cancelled');
            expect(ahead).toEqual([]);
          }
        }
        if (cancelled) {
          clock.set(new Date(NOW.getTime() + 30 * 86_400_000));
          await materializeSeries(h.deps, (await h.deps.posts.get(h.workspace.id, postId))!);
          expect((await h.deps.jobs.listByPost(h.workspace.id, postId)).filter(isAhead)).toEqual([]);
        } else await ops.cancel(h.deps, ctx, { postId }).catch(() => undefined);
      }),
      { numRuns: 40 },
    );
  });
});

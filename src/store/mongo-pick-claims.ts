import type { Collection, Db } from 'mongodb';
import type { PickClaim, PickClaims } from '../core/ports/asset-repository.js';
import { casUpdate } from './cas.js';
import { fromDoc, fromDocs, isDuplicateKey, type StoredDoc, toDoc } from './documents.js';

const PICKS = 'autopilot_picks';

/** Due times of autopilot rules, claimed by an insert into a unique `_id`: one worker wins each. */
export class MongoPickClaims implements PickClaims {
  private readonly col: Collection<StoredDoc>;

  constructor(private readonly db: Db) {
    this.col = db.collection<StoredDoc>(PICKS);
  }

  async claim(input: Omit<PickClaim, 'state' | 'version'>, now: Date): Promise<PickClaim | null> {
    // Every sweep of every worker asks again for the due times ahead: a point read answers
    // "already made" without a write; only an unclaimed time tries the insert.
    let held = fromDoc<PickClaim>(await this.col.findOne({ _id: input.id }));
    if (!held) {
      const claim: PickClaim = { ...input, state: 'claimed', version: 1 };
      try {
        await this.col.insertOne(toDoc(claim));
        return claim;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      held = fromDoc<PickClaim>(await this.col.findOne({ _id: input.id }));
    }
    const open = held && (held.state === 'claimed' || held.state === 'empty');
    if (!held || !open || held.until.getTime() > now.getTime()) return null;
    // Its worker stopped mid-pick, or it found the library empty a while ago: take it over, once.
    return fromDoc<PickClaim>(
      await casUpdate(this.db, PICKS, input.id, {
        guard: { state: held.state },
        expectedVersion: held.version,
        set: { owner: input.owner, until: input.until, state: 'claimed' },
        now,
      }),
    );
  }

  async finish(
    id: string,
    version: number,
    outcome: Pick<PickClaim, 'state'> & Partial<Pick<PickClaim, 'postId' | 'assetId' | 'reason' | 'until'>>,
  ): Promise<void> {
    const set = Object.fromEntries(Object.entries(outcome).filter(([, v]) => v !== undefined));
    await casUpdate(this.db, PICKS, id, { expectedVersion: version, set, now: new Date() });
  }

  async between(workspaceId: string, campaignId: string, from: Date, to: Date): Promise<PickClaim[]> {
    const docs = await this.col.find({ workspaceId, campaignId }).toArray();
    return fromDocs<PickClaim>(docs).filter((c) => c.at >= from && c.at < to);
  }
}

/** A stored response, replayed verbatim to a retry of the same request. */
export interface IdempotentResponse {
  status: number;
  payload: string;
}

/** One Idempotency-Key as the store holds it: claimed by a request, then answered. */
export interface IdempotencyRecord {
  /** Hash of the request body: the same key with another body is a client mistake, not a retry. */
  bodyHash: string;
  /** Set once the first request answered; until then the key is in progress. */
  response?: IdempotentResponse;
  /** Who holds the claim: only that request may answer or release it. */
  owner: string;
  /**
   * Until when the claim holds. A request whose process died leaves its claim behind; once this
   * has passed a retry may take the key over instead of being told "in progress" forever.
   */
  leaseUntil: Date;
}

/** What a request got when it tried to claim a key. */
export type IdempotencyClaim =
  | { claimed: true; owner: string }
  | { claimed: false; record: IdempotencyRecord };

/**
 * Idempotency-Key records for creates: the first request with a key claims it, its response is
 * kept, and retries get that response instead of creating again. Shared by every API process.
 */
export interface IdempotencyStore {
  /**
   * Claims `key` for one request, atomically: of several requests at once exactly one is told
   * `claimed`; the others get the record as it stands, to replay, refuse or take over.
   */
  claim(key: string, bodyHash: string, lease: { now: Date; until: Date }): Promise<IdempotencyClaim>;
  /**
   * Takes over a claim whose lease ran out (its request died), as a compare-and-set on the
   * claim `stale` saw: of several retries at once only one gets the new owner, the others null.
   */
  takeOver(key: string, stale: IdempotencyRecord, lease: { now: Date; until: Date }): Promise<string | null>;
  /** Stores the response of the owner's request, so retries replay it; a later owner's claim is left alone. */
  complete(key: string, owner: string, response: IdempotentResponse): Promise<void>;
  /** Drops the owner's claim after a server error, so a retry runs the request again. */
  release(key: string, owner: string): Promise<void>;
}

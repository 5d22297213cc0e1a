/**
 * Group commit: writes asked for while an earlier write of the same kind is on its way go to the
 * database together, in one command, as soon as that one returns. Each caller's promise settles
 * when the command holding its items has (so "awaited means written" holds as before); alone, a
 * write goes at once, so nothing waits for a timer. Under a publish burst, the audit events,
 * attempts and change marks of many jobs then cost a few commands instead of one each.
 */
export class GroupCommit<K, T, R = void> {
  private readonly queued = new Map<K, Batch<T, R>>();
  private readonly busy = new Set<K>();

  /** `write` stores (or reads) all of `items` in one command; `maxItems` caps a batch. */
  constructor(
    private readonly write: (key: K, items: T[]) => Promise<R>,
    private readonly maxItems = 500,
  ) {}

  /** Resolves once `items` are written (with whatever else was queued for `key`), with the command's answer. */
  add(key: K, items: readonly T[]): Promise<R> {
    let batch = this.queued.get(key);
    if (batch && batch.items.length >= this.maxItems) return this.writeAlone(key, items);
    if (!batch) {
      batch = newBatch<T, R>();
      this.queued.set(key, batch);
    }
    batch.items.push(...items);
    if (!this.busy.has(key)) void this.drain(key);
    return batch.done;
  }

  /** A full batch is waiting: this one goes after it, in its own command. */
  private writeAlone(key: K, items: readonly T[]): Promise<R> {
    return this.write(key, [...items]);
  }

  private async drain(key: K): Promise<void> {
    this.busy.add(key);
    try {
      // Callers in the same tick join the first batch too.
      await Promise.resolve();
      for (let batch = this.queued.get(key); batch; batch = this.queued.get(key)) {
        this.queued.delete(key);
        await this.write(key, batch.items).then(batch.resolve, batch.reject);
      }
    } finally {
      this.busy.delete(key);
    }
  }
}

interface Batch<T, R> {
  items: T[];
  done: Promise<R>;
  resolve: (answer: R) => void;
  reject: (error: unknown) => void;
}

function newBatch<T, R>(): Batch<T, R> {
  let resolve!: (answer: R) => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<R>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits any more must not become an unhandled rejection.
  done.catch(() => {});
  return { items: [], done, resolve, reject };
}

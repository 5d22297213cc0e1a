import type { Db } from 'mongodb';
import type { DatabaseHealth } from '../core/ports/database-health.js';

/** A `ping` command: the cheapest round trip that proves the server answers. */
export class MongoDatabaseHealth implements DatabaseHealth {
  constructor(private readonly db: Db) {}

  async ping(): Promise<boolean> {
    return (await this.db.command({ ping: 1 })).ok === 1;
  }
}

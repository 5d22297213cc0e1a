/** Rows removed by one pruning pass, by kind, for the log. */
export interface PruneReport {
  notices: number;
  drafts: number;
}

/** Periodic repairs a worker runs on its sweep timer, because nothing else would do them. */
export interface Housekeeping {
  /**
   * Deletes rows that only grow (old notice keys, long-expired drafts): the local database has
   * no TTL indexes, so without this they would pile up forever.
   */
  pruneOldRecords(now: Date): Promise<PruneReport>;
}

/** Counts connects, refreshes and disconnects by platform and outcome (Prometheus in production). */
export interface ConnectionMeter {
  /** One connect, refresh or disconnect, and how it ended (`ok`, `refused`, `revoked`, `failed` …). */
  count(event: 'connect' | 'refresh' | 'disconnect', platform: string, outcome: string): void;
}

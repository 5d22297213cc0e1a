import { describe, expect, it } from 'vitest';
import { judgeServer, refusal } from '../../../src/store/supported-server.js';

/** buildInfo of Herald's local FerretDB build, as it answers (abridged). */
const HERALD_FERRETDB = {
  version: '7.0.42',
  gitVersion: '7c2081589ef25bb285783c2ea6fb7cbca6a9975a',
  versionArray: [7, 0, 42, 0],
  ferretdbVersion: 'v1.24.2',
  heraldAtomicPointUpdates: true,
  ok: 1,
};
const { heraldAtomicPointUpdates: _, ...STOCK_FERRETDB } = HERALD_FERRETDB;
const mongodb = (version: string) => ({
  version,
  gitVersion: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  versionArray: version.split('.').map(Number).concat(0),
  ok: 1,
});

describe('the servers Herald runs on', () => {
  it('runs on MongoDB 6 or later and on its own FerretDB build', () => {
    expect(judgeServer(mongodb('6.0.0'))).toEqual({ supported: true, server: 'MongoDB 6.0.0' });
    expect(judgeServer(mongodb('8.0.4'))).toEqual({ supported: true, server: 'MongoDB 8.0.4' });
    expect(judgeServer(HERALD_FERRETDB)).toEqual({
      supported: true,
      server: "Herald's FerretDB build (FerretDB v1.24.2)",
    });
  });

  it('refuses stock FerretDB, MongoDB before 6, and a server that does not say what it is', () => {
    expect(judgeServer(STOCK_FERRETDB)).toEqual({
      supported: false,
      server: "FerretDB v1.24.2 without Herald's changes",
    });
    expect(judgeServer(mongodb('5.0.26'))).toEqual({ supported: false, server: 'MongoDB 5.0.26' });
    expect(judgeServer({ version: '6.0.0', ok: 1 })).toEqual({
      supported: false,
      server: 'a server that does not say which MongoDB build it is (version 6.0.0)',
    });
  });

  it('says, when it refuses, what the server is, why not and what to do', () => {
    const message = refusal("FerretDB v1.24.2 without Herald's changes");
    expect(message).toContain("The database is FerretDB v1.24.2 without Herald's changes.");
    expect(message).toContain("MongoDB 6 or later, or Herald's own FerretDB build");
    expect(message).toContain('a post could publish twice');
    expect(message).toContain('Point MONGODB_URL at MongoDB 6 or later, or leave it unset');
  });
});

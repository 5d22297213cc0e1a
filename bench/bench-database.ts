import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { type ProvisionedDatabase, provisionDatabase } from '../src/local-db/provision.js';

/**
 * The database a bench runs on: the rung `npm start` would take (MONGODB_URL, mongod, FerretDB …)
 * with its files in a throwaway directory, which `stop` removes with the server.
 */
export async function benchDatabase(label: string): Promise<ProvisionedDatabase> {
  const config = loadConfig();
  const dataDir = await mkdtemp(join(tmpdir(), `herald-${label}-`));
  const server = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    env: process.env,
    log: () => {},
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { provisionDatabase } from '../../src/local-db/provision.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUrl: string;
    dbRung: string;
  }
}

/**
 * Provisions the real local database once for the integration suites (same ladder as
 * `npm start`, throwaway directory) and tells every suite where it is.
 */
export default async function setup(project: TestProject) {
  const config = loadConfig();
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-test-db-'));
  const db = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    env: process.env,
    log: (m) => console.log(`[herald tests] ${m}`),
  });
  console.log(`[herald tests] integration suites run against: ${db.rung} (${db.url})`);
  project.provide('mongoUrl', db.url);
  project.provide('dbRung', db.rung);
  return async () => {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/**
 * `npm run db:prepare`: builds the local FerretDB once (when no MONGODB_URL or mongod is
 * available), so CI and first runs show the build on its own instead of inside a test hook.
 * `npm run db:vet` (`--vet`): `go vet` of Herald's Go files inside the patched FerretDB source.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnvironment, loadConfig } from '../config.js';
import { ProgressLine } from '../infra/progress-line.js';
import { vetFerretdb } from './ferretdb-build.js';
import { provisionDatabase } from './provision.js';

const config = loadConfig();
const env = childEnvironment();
if (process.argv.includes('--vet')) {
  await vetFerretdb(config.HERALD_CACHE_DIR, env, (m) => console.log(m));
} else {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-prepare-'));
  const db = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    env,
    log: (m) => console.log(m),
    // A terminal gets one line that updates; CI's log gets the steps and some of Go's output.
    progress: process.stdout.isTTY
      ? new ProgressLine(process.stdout, 'Building the local database')
      : undefined,
  });
  await db.stop();
  await rm(dataDir, { recursive: true, force: true });
  console.log(`database ready: ${db.rung}`);
}

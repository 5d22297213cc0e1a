import type { Db, Document } from 'mongodb';

/**
 * The servers Herald runs on, stated once: MongoDB 6 or later, and Herald's own FerretDB build
 * (src/local-db, started when MONGODB_URL is unset). Both check a findOneAndUpdate's filter at
 * the moment they write, which every compare-and-set relies on (cas.ts): that is what keeps two
 * workers from publishing one post twice. Stock FerretDB 1.x reads, then writes by `_id`, so two
 * writers can both win; a server that does not say what it is cannot be trusted with that.
 */
const SUPPORTED_SERVERS = "MongoDB 6 or later, or Herald's own FerretDB build";

const MIN_MONGODB_MAJOR = 6;

type ServerVerdict = { supported: true; server: string } | { supported: false; server: string };

/** What `buildInfo` says the server is, and whether Herald runs on it. */
export function judgeServer(info: Document): ServerVerdict {
  const version = String(info.version ?? 'unknown');
  if (info.heraldAtomicPointUpdates === true)
    return { supported: true, server: `Herald's FerretDB build (FerretDB ${info.ferretdbVersion})` };
  if (info.ferretdbVersion !== undefined)
    return { supported: false, server: `FerretDB ${info.ferretdbVersion} without Herald's changes` };
  if (!/^[0-9a-f]{40}$/.test(String(info.gitVersion ?? '')))
    return {
      supported: false,
      server: `a server that does not say which MongoDB build it is (version ${version})`,
    };
  const major = Number(info.versionArray?.[0] ?? Number.parseInt(version, 10));
  return major >= MIN_MONGODB_MAJOR
    ? { supported: true, server: `MongoDB ${version}` }
    : { supported: false, server: `MongoDB ${version}` };
}

/** Thrown at start on a server Herald does not run on; main prints the message and exits. */
class UnsupportedServerError extends Error {
  override name = 'UnsupportedServerError';
}

/** What Herald says when it refuses a server: what it is, why not, what to do instead. */
export function refusal(server: string): string {
  return (
    `The database is ${server}. Herald runs on ${SUPPORTED_SERVERS}, because it needs updates ` +
    'that check their condition as they write (or a post could publish twice). Point MONGODB_URL ' +
    'at MongoDB 6 or later, or leave it unset and Herald starts its own database.'
  );
}

/** Refuses a server Herald does not run on; says which one it is otherwise. */
export async function assertSupportedServer(db: Db): Promise<string> {
  const verdict = judgeServer(await db.admin().command({ buildInfo: 1 }));
  if (!verdict.supported) throw new UnsupportedServerError(refusal(verdict.server));
  return verdict.server;
}

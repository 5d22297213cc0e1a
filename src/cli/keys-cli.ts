import { parseArgs } from 'node:util';
import { API_SCOPES, type ApiKeyInfo, type ApiKeyStore, type ApiScope } from '../core/ports/api-key-store.js';
import type { AuditLog } from '../core/ports/audit-log.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdGenerator } from '../core/ports/id-generator.js';
import type { CliIo } from './parse-cli.js';

/**
 * `herald keys create|list|revoke`: the operator's side of the API's bearer keys. A key is
 * printed once at creation; afterwards only its id, label, scopes and dates are ever shown.
 * Creating and revoking are audited in the key's workspace. Exit 0 on success, 1 when the key
 * or workspace does not exist, 2 for a usage mistake.
 */

const USAGE = `Usage:
  herald keys create --workspace <id|console> [--scopes ${API_SCOPES.join(',')}] [--label L]   (default scope: read)
  herald keys list --workspace <id|console>
  herald keys revoke <key id>

A key is printed once, when it is created; Herald keeps only its hash. A revoked key stops
working at once in new processes and within 5 seconds in running ones.`;

export interface KeysCliDeps {
  keys: ApiKeyStore;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** The workspace id, or null when there is none; `console` names the console's own. */
  resolveWorkspace(name: string): Promise<string | null>;
}

const ACTOR = { kind: 'system', id: 'herald-cli' } as const;

/** Runs `herald keys` with the arguments after `keys`; returns the exit code. */
export async function runKeysCli(argv: string[], deps: KeysCliDeps, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  if (verb === 'revoke') {
    if (rest.length !== 1) return usage(io, 'Give the id of one key to revoke (see herald keys list).');
    return revoke(deps, io, rest[0] as string);
  }
  if (verb !== 'create' && verb !== 'list') return usage(io, verb ? `Unknown keys command "${verb}".` : '');
  if (!values.workspace) return usage(io, `--workspace is required for keys ${verb}.`);
  const workspaceId = await deps.resolveWorkspace(values.workspace);
  if (!workspaceId) {
    io.err(`No workspace "${values.workspace}". Use "console" for the local console's workspace.`);
    return 1;
  }
  return verb === 'list' ? list(deps, io, workspaceId) : create(deps, io, workspaceId, values);
}

async function create(
  deps: KeysCliDeps,
  io: CliIo,
  workspaceId: string,
  values: { scopes?: string | undefined; label?: string | undefined },
): Promise<number> {
  const scopes = (values.scopes ?? 'read').split(',').filter(Boolean);
  const bad = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || bad.length > 0) {
    const what = bad.length > 0 ? `Unknown scope(s): ${bad.join(', ')}.` : '--scopes is empty.';
    return usage(io, `${what} Scopes are ${API_SCOPES.join(', ')}.`);
  }
  const label = values.label ?? 'cli';
  const { key, keyId } = await deps.keys.create(workspaceId, scopes as ApiScope[], label);
  await record(deps, workspaceId, keyId, 'api_key.created', { scopes, label });
  io.out(key);
  io.out(
    `(shown once; Herald keeps only its hash) id=${keyId} workspace=${workspaceId} scopes=${scopes.join(',')}`,
  );
  return 0;
}

async function list(deps: KeysCliDeps, io: CliIo, workspaceId: string): Promise<number> {
  const keys = await deps.keys.list(workspaceId);
  if (keys.length === 0) {
    io.out(`No API keys in workspace ${workspaceId}. Create one with herald keys create.`);
    return 0;
  }
  io.out(`${'id'.padEnd(12)}  ${'created'.padEnd(23)}  ${'scopes'.padEnd(24)}  label`);
  for (const key of keys) io.out(describe(key));
  return 0;
}

async function revoke(deps: KeysCliDeps, io: CliIo, keyId: string): Promise<number> {
  const { outcome, key } = await deps.keys.revoke(keyId, deps.clock.now());
  if (outcome === 'unknown' || !key) {
    io.err(`No API key with id "${keyId}". herald keys list --workspace <id> shows a workspace's keys.`);
    return 1;
  }
  if (outcome === 'already') {
    io.out(`Key ${keyId} was already revoked at ${key.revokedAt?.toISOString()}; nothing changed.`);
    return 0;
  }
  await record(deps, key.workspaceId, keyId, 'api_key.revoked', { label: key.label, scopes: key.scopes });
  io.out(`Revoked key ${keyId} (${key.label}, workspace ${key.workspaceId}); requests with it now get 401.`);
  return 0;
}

function describe(key: ApiKeyInfo): string {
  const state = key.revokedAt ? `  revoked ${key.revokedAt.toISOString()}` : '';
  const created = key.createdAt.toISOString().slice(0, 19).replace('T', ' ');
  return `${key.keyId}  ${created} UTC  ${key.scopes.join(',').padEnd(24)}  ${key.label}${state}`;
}

function record(
  deps: KeysCliDeps,
  workspaceId: string,
  keyId: string,
  action: string,
  after: Record<string, unknown>,
): Promise<void> {
  return deps.audit.append({
    id: deps.ids.next('audit'),
    workspaceId,
    at: deps.clock.now(),
    actor: ACTOR,
    action,
    subject: { type: 'api_key', id: keyId },
    after,
  });
}

function usage(io: CliIo, problem: string): number {
  io.err(problem ? `${problem}\n\n${USAGE}` : USAGE);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      workspace: { type: 'string' },
      scopes: { type: 'string' },
      label: { type: 'string' },
    },
  });
}

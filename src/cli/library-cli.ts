import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HeraldError } from '../core/errors.js';
import { autopilotRunOnce } from '../core/operations/autopilot.js';
import type { OperationContext } from '../core/operations/context.js';
import { libraryExport, libraryImport, postsExport } from '../core/operations/library.js';
import { replyText } from '../core/operations/reply.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { csvOf, rowsOf } from '../infra/csv.js';

interface Io {
  out(s: string): void;
  err(s: string): void;
}

export const LIBRARY_CLI_USAGE = `usage:
  herald library import <file.csv|file.json> [--influencer @mia] [--workspace id]
  herald library export [--influencer @mia] [--format csv|json] [--workspace id]
  herald export posts --from 2026-12-01 --to 2026-12-31 [--format csv|json] [--workspace id]
  herald autopilot run-once --campaign <name> [--workspace id]`;

/**
 * The operator's library, export and autopilot commands (`herald library import …`): each runs
 * one operation on the database, as the console operator, in the console workspace unless
 * `--workspace` names another. Exit code 0 when it did what was asked, 1 when it refused, 2 on a
 * usage mistake.
 */
export async function runLibraryCli(
  role: 'library' | 'export' | 'autopilot',
  argv: string[],
  deps: CoreDeps,
  consoleWorkspaceId: string,
  io: Io,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n${LIBRARY_CLI_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const workspace = await deps.workspaces.get(values.workspace ?? consoleWorkspaceId);
  if (!workspace) {
    io.err(`No workspace "${values.workspace}".`);
    return 2;
  }
  const ctx: OperationContext = { workspace, actor: { kind: 'console', id: 'operator', name: 'operator' } };
  const format = values.format === 'json' ? 'json' : 'csv';
  const verb = positionals[0];
  try {
    if (role === 'library' && verb === 'import' && positionals[1]) {
      const file = positionals[1];
      const text = await readFile(file, 'utf8');
      const rows = rowsOf(text, file.toLowerCase().endsWith('.json') ? 'json' : 'csv');
      const { result, reply } = await libraryImport(deps, ctx, { rows, influencer: values.influencer });
      io.out(replyText(reply));
      return result.refused > 0 && result.created + result.updated + result.unchanged === 0 ? 1 : 0;
    }
    if (role === 'library' && verb === 'export') {
      const rows = await libraryExport(deps, ctx, { influencer: values.influencer });
      io.out(format === 'json' ? JSON.stringify(rows, null, 2) : csvOf(rows).trimEnd());
      return 0;
    }
    if (role === 'export' && verb === 'posts' && values.from && values.to) {
      const rows = await postsExport(deps, ctx, {
        from: dayOrInstant(values.from),
        to: dayOrInstant(values.to),
      });
      io.out(format === 'json' ? JSON.stringify(rows, null, 2) : csvOf(rows).trimEnd());
      return 0;
    }
    if (role === 'autopilot' && verb === 'run-once' && values.campaign) {
      const { reply } = await autopilotRunOnce(deps, ctx, { campaign: values.campaign });
      io.out(replyText({ ...reply }));
      return 0;
    }
  } catch (error) {
    if (error instanceof HeraldError) {
      io.err(`${error.message}${error.hint ? `\nTry: ${error.hint}` : ''}`);
      return 1;
    }
    throw error;
  }
  io.err(LIBRARY_CLI_USAGE);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      influencer: { type: 'string' },
      workspace: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      campaign: { type: 'string' },
    },
  });
}

function dayOrInstant(text: string): Date {
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(at.getTime()))
    throw new HeraldError('VALIDATION_FAILED', `"${text}" is not a date.`, {
      hint: '--from 2026-12-01 --to 2026-12-31',
    });
  return at;
}

import { isIP } from 'node:net';
import { z } from 'zod';
import { parseAllowEntry } from './publishers/url-guard.js';

/**
 * The only reader of process.env. One zod parse at boot; the result is frozen.
 * A bad value stops start-up with a message naming the variable and the accepted form.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { message: `expected at least ${min}` })
        .max(max, { message: `expected at most ${max}` }),
    );

const url = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, { message: 'expected an http(s) URL such as https://example.com/hook' });

const idList = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/, { message: `expected ${what}, comma-separated` })
    .transform((v) => v.split(','));

const ianaZone = z
  .string()
  .refine(isIanaZone, { message: 'expected an IANA time zone name such as Europe/Paris or UTC' });

const schema = z.object({
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, {
      message: 'expected a connection string starting with mongodb:// or mongodb+srv://',
    })
    .optional(),
  HERALD_DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, { message: 'expected 1-63 letters, digits, _ or -' })
    .default('herald'),
  HERALD_DB_RUNG: z.enum(['auto', 'mongod', 'ferretdb', 'memory-server']).default('auto'),
  HERALD_DATA_DIR: z.string().min(1).default('.data'),
  HERALD_CACHE_DIR: z.string().min(1).default('.cache'),
  HERALD_API_HOST: z.string().min(1).default('127.0.0.1'),
  HERALD_API_PORT: int(0, 65535).default(3000),
  // Where people reach the API and the web calendar: chat links start with it (default: the API's own address).
  HERALD_PUBLIC_URL: url.optional(),
  // Behind a TLS-terminating proxy, trust its X-Forwarded-Proto (the calendar's cookie is then Secure).
  HERALD_TRUST_PROXY: bool.default(false),
  HERALD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: readable lines when a person watches a terminal, JSON lines otherwise (chooseLogFormat).
  HERALD_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  HERALD_TIMEZONE: ianaZone.default('UTC'),
  HERALD_WORKER_CONCURRENCY: int(1, 1000).default(20),
  HERALD_POLL_INTERVAL_MS: int(100, 600_000).default(1000),
  // `herald worker` runs at this nice value (0 keeps the default priority): see lowerProcessPriority.
  HERALD_WORKER_NICE: int(0, 19).default(10),
  // Below half the wake-up horizon (10 min), so every job is queued before it is due.
  HERALD_SWEEP_INTERVAL_MS: int(1000, 300_000).default(10_000),
  HERALD_LEASE_MS: int(5000, 3_600_000).default(120_000),
  HERALD_SHUTDOWN_GRACE_MS: int(0, 120_000).default(30_000),
  // Unset: the API's own lease (30 s). How long a crashed create's Idempotency-Key stays "in progress".
  HERALD_IDEMPOTENCY_LEASE_MS: int(1000, 3_600_000).optional(),
  HERALD_CONSOLE_SEED: bool.default(true),
  HERALD_CREDENTIAL_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
      message:
        'expected keyId:base64-of-32-bytes, comma-separated, newest first (make one with: openssl rand -base64 32)',
    })
    .optional(),
  HERALD_PUBLISH_NOW_ENABLED: bool.default(false),
  HERALD_INSTAGRAM_BASE_URL: url.default('https://graph.facebook.com/v21.0'),
  HERALD_TIKTOK_BASE_URL: url.default('https://open.tiktokapis.com'),
  HERALD_MASTODON_BASE_URL: url.optional(),
  HERALD_BLUESKY_BASE_URL: url.default('https://bsky.social'),
  HERALD_WEBHOOK_URL: url.optional(),
  // Connecting accounts from chat (OAuth): a platform without its app credentials cannot be connected.
  HERALD_TIKTOK_CLIENT_KEY: z
    .string()
    .regex(/^\S{1,200}$/, { message: 'expected the client key' })
    .optional(),
  HERALD_TIKTOK_CLIENT_SECRET: z
    .string()
    .regex(/^\S{1,200}$/, { message: 'expected the client secret' })
    .optional(),
  HERALD_TIKTOK_AUTH_URL: url.default('https://www.tiktok.com'),
  HERALD_INSTAGRAM_APP_ID: z
    .string()
    .regex(/^\d{1,30}$/, { message: 'expected the numeric app id' })
    .optional(),
  HERALD_INSTAGRAM_APP_SECRET: z
    .string()
    .regex(/^\S{1,200}$/, { message: 'expected the app secret' })
    .optional(),
  HERALD_INSTAGRAM_AUTH_URL: url.default('https://www.instagram.com'),
  HERALD_INSTAGRAM_TOKEN_URL: url.default('https://api.instagram.com'),
  HERALD_INSTAGRAM_GRAPH_URL: url.default('https://graph.instagram.com'),
  // Media and webhook URLs never reach loopback, private or metadata addresses unless the host is named here.
  HERALD_FETCH_ALLOW: z
    .string()
    .transform((v) => v.split(',').map((entry) => entry.trim()))
    .refine((hosts) => hosts.every((host) => parseAllowEntry(host) !== null), {
      message:
        'expected host names or addresses, each optionally with :port, comma-separated (e.g. media.intranet,10.0.0.5:8080)',
    })
    .default([]),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-\S+$/, { message: 'expected a bot token starting with xoxb-' })
    .optional(),
  SLACK_SIGNING_SECRET: z
    .string()
    .regex(/^[0-9a-f]{16,64}$/i, { message: 'expected the hex signing secret from Basic Information' })
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-\S+$/, { message: 'expected an app-level token starting with xapp- (connections:write)' })
    .optional(),
  SLACK_MODE: z.enum(['auto', 'socket', 'http']).default('auto'),
  HERALD_SLACK_PORT: int(0, 65535).default(3001),
  // Loopback by default: a reverse proxy fronts the receiver; 0.0.0.0 or :: opens every interface.
  HERALD_SLACK_HOST: z
    .string()
    .refine((v) => isIP(v) !== 0 || /^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$/.test(v), {
      message: 'expected an IP address such as 127.0.0.1 (0.0.0.0 for every interface) or a host name',
    })
    .default('127.0.0.1'),
  SLACK_API_URL: url.optional(),
  HERALD_SLACK_ALERTS_CHANNEL: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,}$/, { message: 'expected a channel id such as C0123ABCD' })
    .optional(),
  HERALD_SLACK_APPROVERS: idList('Slack user or user-group ids such as U0123ABCD,S0456EFGH').optional(),
  DISCORD_TOKEN: z
    .string()
    .min(20, { message: 'expected the bot token from the Developer Portal' })
    .optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{15,22}$/, { message: 'expected the numeric application id' })
    .optional(),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{15,22}(,\d{15,22})*$/, { message: 'expected numeric guild ids, comma-separated' })
    .optional(),
  DISCORD_API_URL: url.optional(),
  HERALD_DISCORD_ALERTS_CHANNEL: z
    .string()
    .regex(/^\d{15,22}$/, { message: 'expected a numeric channel id' })
    .optional(),
  HERALD_DISCORD_APPROVER_ROLES: idList('numeric Discord role ids').optional(),
  HERALD_CHAT_DEFAULT_MODE: z.enum(['suggest_only', 'approval', 'auto']).default('approval'),
  HERALD_CHAT_SEED: bool.default(true),
});

export type Config = Readonly<z.infer<typeof schema>>;

/** Settings that only work together: an app's id without its secret is a mistake, said at start. */
const PAIRS = [
  ['HERALD_TIKTOK_CLIENT_KEY', 'HERALD_TIKTOK_CLIENT_SECRET'],
  ['HERALD_INSTAGRAM_APP_ID', 'HERALD_INSTAGRAM_APP_SECRET'],
] as const;

/** Thrown for a bad environment; main prints `message` and exits 2, without a stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `env` (default process.env). Empty strings count as unset so `.env` placeholders work. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in schema.shape && v !== ''));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = env[name] === undefined ? '(unset)' : JSON.stringify(env[name]);
      return `  ${name}=${got}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const unpaired = PAIRS.flatMap(([a, b]) =>
    (parsed.data[a] === undefined) === (parsed.data[b] === undefined)
      ? []
      : [
          `  ${parsed.data[a] === undefined ? a : b}=(unset): needed with ${parsed.data[a] === undefined ? b : a}`,
        ],
  );
  if (unpaired.length > 0)
    throw new ConfigError(`Invalid configuration (see .env.example):\n${unpaired.join('\n')}`);
  return Object.freeze(parsed.data);
}

/**
 * The environment Herald's own child processes start from: the local database server and Go for
 * its one-time build need PATH, HOME, the locale, Go's and the proxy variables as the operator
 * set them. Read here like every setting, so nothing else reads process.env; each server then
 * sees only the system and Go runtime part of it (src/local-db/server-process.ts).
 */
export function childEnvironment(
  env: Record<string, string | undefined> = process.env,
): Readonly<Record<string, string | undefined>> {
  return Object.freeze({ ...env });
}

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name === 'UTC' || name.includes('/');
  } catch {
    return false;
  }
}

import { HeraldError } from '../errors.js';
import { connectLink, disconnect } from '../operations/connections.js';
import type { CommandHandler } from './command-spec.js';

/** `connect <platform> [instance]` or `connect <@account>` (a reconnect): a private link for the person. */
export const connectCommand: CommandHandler = async (deps, ctx, args) => {
  const [first, second, ...extra] = args.map((w) => w.text);
  if (extra.length > 0)
    throw new HeraldError(
      'VALIDATION_FAILED',
      `"${extra.join(' ').slice(0, 60)}" is more than connect takes.`,
      {
        hint: 'connect tiktok · connect mastodon mastodon.social · connect @mia (reconnect)',
      },
    );
  const reconnect = first?.startsWith('@') || first?.startsWith('acc_') || first?.includes(':@');
  const req = reconnect ? { account: first } : { platform: first, instance: second };
  return (await connectLink(deps, ctx, req)).reply;
};

/** `disconnect <@account> [platform]`. */
export const disconnectCommand: CommandHandler = async (deps, ctx, args) => {
  const [account, platform, ...extra] = args.map((w) => w.text);
  if (!account || extra.length > 0)
    throw new HeraldError(
      'VALIDATION_FAILED',
      'disconnect takes an account, and its platform when the handle is on several.',
      {
        hint: 'disconnect @mia instagram',
      },
    );
  return (await disconnect(deps, ctx, { account, platform })).reply;
};

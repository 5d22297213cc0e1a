import { PLATFORM_NAMES } from '../domain/connection.js';
import type { Account } from '../domain/types.js';
import type { Card } from './card.js';

/** "Connected @mia on Instagram", in the channel where the person asked. */
export function connectedCard(account: Account, reconnected: boolean, resumed: number): Card {
  const name = PLATFORM_NAMES[account.platform];
  return {
    title: `${reconnected ? 'Reconnected' : 'Connected'} @${account.handle} on ${name}`,
    lines: [
      resumed > 0
        ? `${resumed} post job${resumed === 1 ? '' : 's'} held for it went back to ${resumed === 1 ? 'its' : 'their'} time.`
        : `Posts for @${account.handle} publish with this connection from now on.`,
    ],
    fields: [{ label: 'Account', value: account.id }],
    badges: [],
    actions: [],
    tone: 'success',
  };
}

/** A connection the platform no longer accepts: Reconnect gives the presser their own link. */
export function reconnectCard(account: Account, reason: string, held: number): Card {
  return {
    title: `@${account.handle} on ${PLATFORM_NAMES[account.platform]} must be reconnected`,
    lines: [
      reason,
      held > 0
        ? `${held} post job${held === 1 ? ' is' : 's are'} held in needs attention until then; nothing is lost.`
        : 'Nothing was waiting to publish on it.',
    ],
    fields: [{ label: 'Account', value: account.id }],
    badges: [{ kind: 'token_missing', text: `@${account.handle}: needs reconnect` }],
    actions: [{ id: 'reconnect', label: 'Reconnect', style: 'primary', target: account.id }],
    tone: 'danger',
  };
}

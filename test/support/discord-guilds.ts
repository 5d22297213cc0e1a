import { PermissionFlagsBits } from 'discord.js';
import { FAKE_DISCORD, type FakeGuildSpec } from './fakes/discord-fake.js';

/** Herald HQ of the fake (FAKE_DISCORD ids) plus an #alerts channel and a second approver, dan. */
export const HQ = {
  ...FAKE_DISCORD,
  alertsChannelId: '1180000000000000202',
  danId: '1180000000000000303',
} as const;
/** A second guild: another tenant, which must never see or touch HQ's posts. */
export const RIVAL = { guildId: '1180000000000000900', channelId: '1180000000000000910' } as const;

/** The fake's guilds for bot tests: HQ and a rival tenant. */
export const GUILDS: FakeGuildSpec[] = [
  {
    id: HQ.guildId,
    name: 'Herald HQ',
    ownerId: HQ.ownerId,
    channels: [
      { id: HQ.channelId, name: 'general' },
      { id: HQ.approvalsChannelId, name: 'approvals' },
      { id: HQ.alertsChannelId, name: 'alerts' },
    ],
    roles: [
      { id: HQ.approverRoleId, name: 'Herald Approver' },
      { id: HQ.adminRoleId, name: 'Herald Admin', permissions: PermissionFlagsBits.Administrator },
    ],
    members: [
      { user: { id: HQ.userId, username: 'mia', global_name: 'Mia' } },
      { user: { id: HQ.ownerId, username: 'olli' }, roles: [HQ.adminRoleId] },
      { user: { id: HQ.approverId, username: 'sam' }, roles: [HQ.approverRoleId] },
      { user: { id: HQ.danId, username: 'dan' }, roles: [HQ.approverRoleId] },
    ],
  },
  {
    id: RIVAL.guildId,
    name: 'Rival Guild',
    channels: [{ id: RIVAL.channelId, name: 'general' }],
    members: [
      { user: { id: '1180000000000000950', username: 'rita' } },
      { user: { id: HQ.approverId, username: 'sam' } },
    ],
  },
];

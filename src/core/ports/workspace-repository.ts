import type { Workspace, WorkspaceKind } from '../domain/types.js';

/** Tenants. Slack teams and Discord guilds map to exactly one workspace each. */
export interface WorkspaceRepository {
  /** Returns the workspace for a Slack team / Discord guild / console, creating it once (idempotent under races). */
  ensure(input: Omit<Workspace, 'id' | 'createdAt'>): Promise<Workspace>;
  /** For entry points that already hold an id (API keys, Agenda job data). */
  get(id: string): Promise<Workspace | null>;
  /** Lookup by the chat platform's own id: how an incoming command finds its tenant. */
  findByExternalId(kind: WorkspaceKind, externalId: string): Promise<Workspace | null>;
  /** Settings change (timezone, alerts channel, default campaign). */
  update(
    id: string,
    patch: Partial<Pick<Workspace, 'timezone' | 'alertsChannel' | 'defaultCampaignId' | 'name'>>,
  ): Promise<Workspace | null>;
}

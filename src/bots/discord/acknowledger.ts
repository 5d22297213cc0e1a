import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  MessageFlags,
  type ModalBuilder,
  type ModalSubmitInteraction,
} from 'discord.js';

/**
 * How long Herald works on an interaction before it defers. Discord drops an interaction whose
 * first response arrives after 3 s ("Unknown interaction"); half of that leaves room for the
 * network and a busy event loop.
 */
const ACK_BUDGET_MS = 1500;

type Ackable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
type Payload = InteractionReplyOptions & InteractionUpdateOptions;

/**
 * The first response to an interaction, given in time whatever the work costs. When the answer
 * is ready within the budget it goes out as the first response, with its own visibility and no
 * "thinking…" placeholder; otherwise Herald defers at the budget — a reply deferred ephemeral or
 * public as the subcommand's answer will be, a button or form deferred as an update of its
 * message — and the answer then edits what was deferred.
 */
export class Acknowledger {
  private deferral: Promise<unknown> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly interaction: Ackable,
    /** `update`: the answer replaces the message the button (or form) was on. */
    private readonly kind: 'update' | 'public' | 'ephemeral',
    budgetMs = ACK_BUDGET_MS,
  ) {
    this.timer = setTimeout(() => {
      this.deferral = this.defer();
      this.deferral.catch(() => undefined);
    }, budgetMs);
  }

  /** Stops the timer without answering (a replayed delivery that the first one answered). */
  abandon(): void {
    clearTimeout(this.timer);
  }

  /** A new message: to the channel, or only to the person who acted (errors, refusals, private replies). */
  async reply(payload: Payload, ephemeral: boolean): Promise<void> {
    const flags = ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
    if (!(await this.settle())) return void (await this.interaction.reply({ ...payload, ...flags }));
    if (this.kind === 'update') return void (await this.interaction.followUp({ ...payload, ...flags }));
    if (this.kind === 'public' && ephemeral) {
      // A public placeholder cannot turn private: remove it, say it privately.
      await this.interaction.deleteReply();
      return void (await this.interaction.followUp({ ...payload, ...flags }));
    }
    await this.interaction.editReply(payload);
  }

  /**
   * Replaces the message the button or form was on (a decided card, a confirmed draft); a form
   * opened by a slash command has no message, so its answer is a private reply.
   */
  async update(payload: Payload): Promise<void> {
    if (await this.settle()) return void (await this.interaction.editReply(payload));
    const i = this.interaction;
    if (i.isButton() || (i.isModalSubmit() && i.isFromMessage())) await i.update(payload);
    else await i.reply({ ...payload, flags: MessageFlags.Ephemeral });
  }

  /** Opens a form; only possible as the first response, so a late one asks to press again. */
  async modal(modal: ModalBuilder): Promise<void> {
    const i = this.interaction;
    if (!(await this.settle()) && (i.isButton() || i.isChatInputCommand()))
      return void (await i.showModal(modal));
    await this.reply(
      { content: 'Herald was too slow to open the form this time; press the button again.' },
      true,
    );
  }

  private async settle(): Promise<boolean> {
    clearTimeout(this.timer);
    if (!this.deferral) return false;
    await this.deferral;
    return true;
  }

  private defer(): Promise<unknown> {
    const i = this.interaction;
    if (this.kind === 'update' && !i.isChatInputCommand()) return i.deferUpdate();
    return i.deferReply(this.kind === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
  }
}

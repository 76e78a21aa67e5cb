import type { Activity, AdaptiveCardInvokeResponse, Attachment, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { literalMarkdown } from '../../platform/text/literalMarkdown.js';
import type { Manager, PolicyDirectory } from '../../dialogs/policyDirectory.js';
import type { Clock } from '../../platform/clock.js';
import { langFromLocale, type Lang } from '../../locales/lang.js';
import { relayDeliveryId, TicketConflictError, TicketNotFoundError, type HandoffService } from '../../handoff/handoffService.js';
import type { HandoffEvent, HandoffStore, HandoffTicket, RelayMessage } from '../../handoff/types.js';
import { handoffCard, staffActionOf, transcriptText, type HandoffCardState, type StaffActionData } from './handoffCard.js';
import { ProactiveOutbox } from './proactiveOutbox.js';
import type { StaffConversationStore } from './staffConversations.js';
import { managerLanguage, personalChatReference, type TeamsStaffDirectory } from './teamsStaff.js';
import { teamsText } from './texts.js';
import { isCommand } from '../../dialogs/commands.js';
import { messageResponse } from '../../bot/channelHooks.js';
import { trimEndChars } from '../../platform/text/trimChars.js';

export interface TeamsStaffRelayDeps {
  adapter: CloudAdapter;
  appId: string;
  staff: TeamsStaffDirectory;
  directory: PolicyDirectory;
  conversations: StaffConversationStore;
  handoff: HandoffService;
  handoffStore: HandoffStore;
  clock: Clock;
  logger: Logger;
  /** Off in HANDOFF_MODE=protocol: an agent hub takes the tickets, not the managers' Teams. */
  relayEnabled: boolean;
  /** The bot's public address: cards link to the ticket's page in the staff workspace. */
  publicBaseUrl?: string;
}

/** Typed by a manager in their chat with the bot: ends the relay they are in. */

type ActionResult = { text: string; card?: Attachment };

/**
 * The managers' side of a handoff in Teams.
 *
 * - Notifications: a ticket routed to a manager (or their team's queue) and a callback request
 *   become an Adaptive Card in the manager's personal chat with the bot (Accept, Transcript).
 * - Relay: after Accept, the manager's plain messages in that chat go to the client through
 *   HandoffService.managerMessage; the client's messages, queued by the handoff service, are
 *   pushed into the chat as they arrive; "end"/"konec" or the card's End finishes it.
 *
 * A manager who has not installed the app is not in the staff conversation store: the ticket
 * waits for them on the staff page, and the log says so.
 */
export class TeamsStaffRelay {
  private readonly outbox: ProactiveOutbox;

  constructor(private readonly deps: TeamsStaffRelayDeps) {
    this.outbox = new ProactiveOutbox(deps.logger);
  }

  // ------------------------------------------------------------------ handoff service hooks

  /** HandoffService.onTicketChanged. */
  async onTicketChanged(ticket: HandoffTicket, event: HandoffEvent | 'created'): Promise<void> {
    if (!this.deps.relayEnabled) return;
    if (event === 'route' && ticket.status === 'waiting') this.notifyAssigned(ticket);
    else if (event === 'callback_requested') this.notifyAssigned(ticket);
    else if (event === 'accept' && ticket.acceptedBy) this.flushToManager(ticket.id, ticket.acceptedBy);
    else if (event === 'end' && ticket.acceptedBy && ticket.history.at(-1)?.by === 'client') this.tellClientEnded(ticket, ticket.acceptedBy);
  }

  /** HandoffService.onClientMessage: the client wrote during the handoff. */
  async onClientMessage(ticket: HandoffTicket, _message: RelayMessage): Promise<void> {
    if (this.deps.relayEnabled && ticket.status === 'connected' && ticket.acceptedBy) this.flushToManager(ticket.id, ticket.acceptedBy);
  }

  /** Retries what could not be pushed to a manager's Teams chat (called with the handoff sweeper). */
  async sweep(): Promise<void> {
    if (!this.deps.relayEnabled) return;
    for (const ticket of await this.deps.handoffStore.list({ statuses: ['connected'] })) {
      if (ticket.acceptedBy) this.flushToManager(ticket.id, ticket.acceptedBy);
    }
  }

  /** Resolves when every queued Teams message has been sent (shutdown, tests). */
  idle(): Promise<void> {
    return this.outbox.idle();
  }

  // ------------------------------------------------------------------ installation

  /** A manager installed the app or wrote to the bot: remember where to reach them. */
  async rememberConversation(context: TurnContext, manager: Manager): Promise<'created' | 'updated' | 'not-personal'> {
    const reference = personalChatReference(context.activity);
    if (!reference) return 'not-personal';
    return this.deps.conversations.save(manager.id, reference, this.deps.clock.now());
  }

  async welcome(context: TurnContext, manager: Manager): Promise<void> {
    await context.sendActivity(teamsText(managerLanguage(manager), 'staffWelcome', { name: manager.name }));
  }

  async forget(manager: Manager): Promise<void> {
    await this.deps.conversations.remove(manager.id);
    this.deps.logger.info({ managerId: manager.id }, 'manager removed the Teams app');
  }

  // ------------------------------------------------------------------ the manager's turns

  /**
   * A message from a manager in their personal chat. Card buttons sent as Action.Submit, "end"
   * and — while they are connected with a client — every plain message belong to the relay.
   * Returns false when the message is not part of a relay (the bot answers it as usual).
   */
  async handleStaffMessage(context: TurnContext, manager: Manager): Promise<boolean> {
    const lang = managerLanguage(manager);
    const action = staffActionOf(undefined, context.activity.value);
    if (action) {
      const result = await this.perform(context, manager, action);
      await context.sendActivity(result.card ? { type: 'message', text: result.text, attachments: [result.card] } : result.text);
      return true;
    }
    const staff = this.deps.staff.staffMember(manager);
    const text = typeof context.activity.text === 'string' ? context.activity.text.trim() : '';
    const isEnd = isCommand('staffRelay', 'end', text);
    const active = await this.activeRelay(manager);
    if (!active) {
      if (!isEnd) return false;
      await context.sendActivity(teamsText(lang, 'noRelay'));
      return true;
    }
    try {
      if (isEnd) {
        await this.deps.handoff.end(active.id, staff);
        await context.sendActivity(teamsText(lang, 'endedByYou', { client: this.clientName(active, lang), ticket: active.id }));
      } else if (text) {
        // Silent on success, as in a chat with a person: the client's answer is the confirmation.
        await this.deps.handoff.managerMessage(active.id, staff, text);
      }
    } catch (error) {
      if (!(error instanceof TicketConflictError || error instanceof TicketNotFoundError)) throw error;
      await context.sendActivity(teamsText(lang, 'noRelay'));
    }
    return true;
  }

  /**
   * An Action.Execute from a handoff card (`adaptiveCard/action` invoke). Returns undefined when
   * the button is not a staff button (a report summary's, handled by the form logic).
   */
  async handleCardAction(context: TurnContext, verb: string | undefined, data: unknown): Promise<AdaptiveCardInvokeResponse | undefined> {
    const action = staffActionOf(verb, data);
    if (!action) return undefined;
    const manager = this.deps.staff.managerOf(context.activity);
    if (!manager) return messageResponse(teamsText(langFromLocale(context.activity.locale) ?? 'cs', 'staffOnly'));
    await this.rememberConversation(context, manager);
    const result = await this.perform(context, manager, action);
    // The card answered with replaces the one clicked (Universal Actions); a plain message
    // response shows as a notice under it.
    return result.card ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card.content as Record<string, unknown> } : messageResponse(result.text);
  }

  private async perform(context: TurnContext, manager: Manager, action: StaffActionData): Promise<ActionResult> {
    const lang = managerLanguage(manager);
    const staff = this.deps.staff.staffMember(manager);
    const id = action.ticketId;
    try {
      switch (action.handoffAction) {
        case 'accept': {
          const ticket = await this.deps.handoff.accept(id, staff);
          return { text: teamsText(lang, 'connected', { client: this.clientName(ticket, lang), ticket: id }), card: this.card(ticket, manager, 'connected') };
        }
        case 'transcript': {
          const { ticket, messages } = await this.deps.handoff.openTicket(id, staff);
          await context.sendActivity(transcriptText(ticket, messages, lang, manager.timeZone));
          return { text: teamsText(lang, 'transcriptSent') };
        }
        case 'end': {
          const ticket = await this.deps.handoff.end(id, staff);
          return { text: teamsText(lang, 'endedByYou', { client: this.clientName(ticket, lang), ticket: id }), card: this.card(ticket, manager, 'ended') };
        }
      }
    } catch (error) {
      if (error instanceof TicketNotFoundError) return { text: teamsText(lang, 'notFound') };
      if (error instanceof TicketConflictError) {
        const current = await this.deps.handoffStore.get(id);
        const by = current?.acceptedBy && current.acceptedBy !== staff.id ? this.deps.staff.manager(current.acceptedBy)?.name : undefined;
        return { text: by ? teamsText(lang, 'alreadyAccepted', { name: by }) : teamsText(lang, 'conflict', { reason: error.message }) };
      }
      throw error;
    }
  }

  /** The connected handoff this manager is relaying: the one they accepted last. */
  private async activeRelay(manager: Manager): Promise<HandoffTicket | undefined> {
    const connected = await this.deps.handoff.listFor(this.deps.staff.staffMember(manager), ['connected']);
    return connected.filter((t) => t.acceptedBy === manager.id).sort((a, b) => (b.acceptedAt ?? '').localeCompare(a.acceptedAt ?? ''))[0];
  }

  // ------------------------------------------------------------------ proactive messages

  /** Cards to whoever the ticket is for: the manager it is routed to, or every manager of the team queue. */
  private notifyAssigned(ticket: HandoffTicket): void {
    const recipients = ticket.assignedTo.startsWith('team:') ? this.deps.staff.teamMembers(ticket.team) : [this.deps.staff.manager(ticket.assignedTo)].filter((m): m is Manager => !!m);
    for (const manager of recipients) {
      this.sendToManager(manager.id, ticket.id, () => [{ type: 'message', attachments: [this.card(ticket, manager, 'waiting')] }]);
    }
  }

  /** Pushes the client's queued messages into the manager's chat, marking each delivered. */
  private flushToManager(ticketId: string, managerId: string): void {
    this.outbox.enqueue(`staff:${managerId}`, async () => {
      const ticket = await this.deps.handoffStore.get(ticketId);
      if (!ticket || ticket.status !== 'connected' || ticket.acceptedBy !== managerId) return;
      const reference = await this.deps.conversations.get(managerId);
      if (!reference) return;
      const queued = await this.deps.handoffStore.undelivered('to_manager', ticketId);
      if (queued.length === 0) return;
      const manager = this.deps.staff.manager(managerId);
      const lang = manager ? managerLanguage(manager) : 'cs';
      const client = this.clientName(ticket, lang);
      // One at a time, each marked right after its send (HandoffService.flushToClient explains why).
      for (const m of queued) {
        await this.send(reference, [{ type: 'message', text: teamsText(lang, 'clientSays', { client, text: literalMarkdown(m.text) }), channelData: { deliveryId: relayDeliveryId(ticketId, m.id) } }]);
        await this.deps.handoffStore.markDelivered([m.id], this.deps.clock.now().toISOString());
      }
    });
  }

  private tellClientEnded(ticket: HandoffTicket, managerId: string): void {
    this.sendToManager(managerId, ticket.id, (manager) => [{ type: 'message', text: teamsText(managerLanguage(manager), 'endedByClient', { client: this.clientName(ticket, managerLanguage(manager)), ticket: ticket.id }) }]);
  }

  private sendToManager(managerId: string, ticketId: string, activities: (manager: Manager) => Partial<Activity>[]): void {
    this.outbox.enqueue(`staff:${managerId}`, async () => {
      const manager = this.deps.staff.manager(managerId);
      const reference = manager ? await this.deps.conversations.get(managerId) : undefined;
      if (!manager || !reference) {
        this.deps.logger.info({ ticket: ticketId, managerId }, 'manager has not installed the Teams app: the handoff reaches them through the staff page and the ticket only');
        return;
      }
      await this.send(reference, activities(manager));
    });
  }

  private async send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void> {
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
      await context.sendActivities(activities);
    });
  }

  private card(ticket: HandoffTicket, manager: Manager, state: HandoffCardState): Attachment {
    const lang = managerLanguage(manager);
    const team = ticket.assignedTo.startsWith('team:') ? this.deps.directory.team(ticket.team) : undefined;
    const assignedName = team ? team.name[lang] : (this.deps.staff.manager(ticket.assignedTo)?.name ?? ticket.assignedTo);
    const base = (this.deps.publicBaseUrl === undefined ? undefined : trimEndChars(this.deps.publicBaseUrl, '/'));
    return handoffCard(ticket, { lang, state, assignedName, timeZone: manager.timeZone, ...(base ? { staffUrl: `${base}/staff/handoffs/${encodeURIComponent(ticket.id)}` } : {}) });
  }

  /** The client's name as they gave it, for Teams messages: literal, never markdown. */
  private clientName(ticket: HandoffTicket, lang: Lang): string {
    return literalMarkdown(ticket.clientName ?? teamsText(lang, 'notGiven'));
  }
}

/** An `adaptiveCard/action` answer that shows a short message (the SDK types `value` as an object). */

import { randomUUID } from 'node:crypto';
import { EventFactory, TurnContext, type Activity, type ConversationReference, type Transcript } from 'botbuilder';
import type { Logger } from 'pino';
import type { PolicyDirectory, Manager } from '../dialogs/policyDirectory.js';
import type { Clock } from '../platform/clock.js';
import type { HandoffOutcome, HandoffPort, HandoffRequest } from '../dialogs/services.js';
import type { Lang } from '../locales/lang.js';
import { t } from '../locales/index.js';
import { connectingMessages, displayName, feedbackQuestion, formatWhen, genderOf, handoffEventActivity, initialsOf, managerActivity, outOfHoursMessage, personOf, revealsStaff, serviceAsSubject } from './clientMessages.js';
import { routeHandoff } from './routing.js';
import { publicHolidays, workingAvailability, type HolidayCalendar } from './workingCalendar.js';
import { parseCallbackTime } from './callbackTime.js';
import type { DateTime } from 'luxon';
import { nextStatus } from './stateMachine.js';
import { offlineSummary, toTranscriptLines } from './summary.js';
import type { CallbackRequest, HandoffEvent, HandoffStatus, HandoffStore, HandoffTicket, RelayMessage } from './types.js';

/** Sends activities into a client's conversation outside of its turn (proactive messages). */
export interface ClientDelivery {
  send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void>;
}

/** Who is acting on the staff side. */
export interface StaffMember {
  id: string;
  name: string;
  teams: string[];
  roles?: string[];
}

export interface HandoffServiceOptions {
  store: HandoffStore;
  directory: PolicyDirectory;
  recentActivities: (channelId: string, conversationId: string) => Promise<Partial<Activity>[]>;
  delivery: ClientDelivery;
  clock: Clock;
  logger: Logger;
  /** 'relay': through this bot and the staff workspace; 'protocol': Bot Framework handoff events to an agent hub. */
  mode: 'relay' | 'protocol';
  /** How long a waiting ticket may wait for a manager before the client is offered a callback. */
  acceptTimeoutMs: number;
  /** Called whenever a ticket is created or changes (notifications to staff, metrics). */
  onTicketChanged?: (ticket: HandoffTicket, event: HandoffEvent | 'created') => Promise<void> | void;
  /** Called when a client's message during a handoff has been queued for the manager (push it to where the manager is, e.g. Teams). */
  onClientMessage?: (ticket: HandoffTicket, message: RelayMessage) => Promise<void> | void;
  /** Offers a callback to a client whose manager did not answer (starts the callback dialog). */
  offerCallback?: (ticket: HandoffTicket) => Promise<void>;
  /** Public holidays (no one is at work): the maintained `date-holidays` data by default. */
  holidays?: HolidayCalendar;
}

export class TicketNotFoundError extends Error {
  constructor() {
    super('No such handoff');
    this.name = 'TicketNotFoundError';
  }
}

export class TicketConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TicketConflictError';
  }
}

const FEEDBACK_WINDOW_MS = 60 * 60 * 1000;

/** What changed on a ticket, for live views of this instance (the staff queue): never the content. */
export interface TicketChange {
  ticket: HandoffTicket;
  event: HandoffEvent | 'created' | 'client_message' | 'manager_message';
  /** Made on another instance and announced here (several instances on PostgreSQL); not to be passed on again. */
  remote?: boolean;
}

/**
 * The handoff to a human: opens tickets with the transcript and a summary, routes them to the
 * named manager, deputy or team queue by working hours, relays messages both ways (queued
 * while the other side is away), ends conversations and collects feedback. Every status change
 * goes through the state machine and a compare-and-set write, so two staff members or two
 * instances cannot both accept the same ticket.
 */
export class HandoffService implements HandoffPort {
  private readonly holidays: HolidayCalendar;
  private readonly listeners = new Set<(change: TicketChange) => void>();

  constructor(private readonly o: HandoffServiceOptions) {
    this.holidays = o.holidays ?? publicHolidays();
  }

  private now(): string {
    return this.o.clock.now().toISOString();
  }

  /**
   * Calls `listener` for every change of a ticket on this instance (created, status, a message
   * either way); returns the unsubscribe. A failing listener never fails the change.
   */
  subscribe(listener: (change: TicketChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells this instance's listeners (the live staff queue) of a change another instance made. */
  async announce(ticketId: string, event: TicketChange['event']): Promise<void> {
    const ticket = await this.o.store.get(ticketId);
    if (ticket) this.notify(ticket, event, true);
  }

  private notify(ticket: HandoffTicket, event: TicketChange['event'], remote = false): void {
    for (const listener of this.listeners) {
      try {
        listener({ ticket, event, ...(remote ? { remote } : {}) });
      } catch (error) {
        this.o.logger.warn({ err: error, ticket: ticket.id }, 'a ticket listener failed');
      }
    }
  }

  // ------------------------------------------------------------------ client side

  async request(context: TurnContext, request: HandoffRequest): Promise<HandoffOutcome> {
    const { directory } = this.o;
    const verified = request.verifiedClient;
    // A verified client need not name a policy: theirs is known (the first, when they have several).
    const typed = request.policyNumber ? directory.findPolicy(request.policyNumber) : undefined;
    const match = typed ?? (verified ? directory.policiesOf(verified.clientId)[0] : undefined);
    const identity = verified && match?.client.id === verified.clientId ? 'verified' : match ? 'claimed' : 'anonymous';
    const defaultTeam = directory.team(directory.allManagers()[0]!.team)!;
    const route = routeHandoff(directory, match, this.o.clock.now(), defaultTeam, this.holidays);
    const activity = context.activity;
    const transcript = toTranscriptLines(await this.o.recentActivities(activity.channelId ?? '', activity.conversation?.id ?? ''), activity.from?.id ?? '');
    const at = this.now();
    const assignedTo = route.kind === 'manager' ? route.manager.id : route.kind === 'out_of_hours' && route.callbackFor ? route.callbackFor.id : `team:${route.team.id}`;
    const ticket: HandoffTicket = {
      id: `HO-${randomUUID().slice(0, 8).toUpperCase()}`,
      status: 'requested',
      conversationId: activity.conversation?.id ?? 'unknown',
      channelId: activity.channelId ?? 'unknown',
      userId: activity.from?.id ?? 'unknown',
      language: request.lang,
      reason: request.reason,
      ...(match ? { policyNumber: match.policy.number, clientId: match.client.id, clientName: match.client.name, managerId: match.manager.id } : {}),
      // A typed policy number is a claim, not proof; verified = the portal, a mapped Teams account or a one-time code.
      clientIdentity: identity,
      ...(identity === 'verified' && verified ? { verification: { method: verified.method, ...(verified.contact.name ? { contactName: verified.contact.name } : {}), verifiedAt: verified.verifiedAt } } : {}),
      assignedTo,
      team: route.team.id,
      summary: offlineSummary({ reason: request.reason, lang: request.lang, channelId: activity.channelId ?? '', transcript, form: request.form, policyNumber: match?.policy.number, clientName: match?.client.name }),
      transcript,
      ...(request.form ? { form: request.form } : {}),
      conversationReference: TurnContext.getConversationReference(activity),
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'requested', at, by: 'client' }],
    };
    await this.o.store.create(ticket);
    await this.o.onTicketChanged?.(ticket, 'created');
    this.notify(ticket, 'created');

    if (route.kind === 'out_of_hours') {
      await this.transition(ticket, 'out_of_hours', 'bot');
      await context.sendActivity(outOfHoursMessage(route, request.lang, revealsStaff(ticket)));
      this.o.logger.info({ ticket: ticket.id, assignedTo }, 'handoff out of hours: offering a callback');
      return { kind: 'callback_offer', ticketId: ticket.id };
    }

    await this.transition(ticket, 'route', 'bot');
    if (this.o.mode === 'protocol') {
      const who = route.kind === 'manager' ? route.manager : undefined;
      const handoffContext = {
        ticketId: ticket.id,
        skill: route.team.id,
        manager: who ? { id: who.id, name: who.name, email: who.email, teamsUserId: who.teamsUserId } : undefined,
        policyNumber: ticket.policyNumber,
        language: request.lang,
        summary: ticket.summary,
      };
      const transcriptPayload: Transcript = { activities: (await this.o.recentActivities(ticket.channelId, ticket.conversationId)) as Activity[] };
      await context.sendActivity(t(request.lang, 'handoff.protocolStarted', { name: who && revealsStaff(ticket) ? who.name : t(request.lang, 'handoff.teamName') }));
      await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, transcriptPayload));
      return { kind: 'protocol', ticketId: ticket.id };
    }
    for (const message of connectingMessages(route, request.lang, revealsStaff(ticket))) await context.sendActivity(message);
    // The website shows a waiting banner from this event until someone joins (elsewhere the sentence above says it).
    if (ticket.channelId === 'directline') {
      const gender = route.kind === 'manager' && revealsStaff(ticket) ? route.manager.gender : 'team';
      await context.sendActivity(handoffEventActivity(ticket.channelId, { kind: 'waiting', since: at, text: t(request.lang, 'handoff.notified', { gender }) }));
    }
    this.o.logger.info({ ticket: ticket.id, assignedTo, reason: request.reason }, 'handoff waiting for a manager');
    return { kind: 'waiting', ticketId: ticket.id };
  }

  async requestCallback(context: TurnContext, ticketId: string, callback: CallbackRequest, lang: Lang): Promise<void> {
    const ticket = await this.require(ticketId);
    const scheduled = this.scheduleCallback(ticket, callback.preferredTime, lang);
    ticket.callback = { ...callback, ...(scheduled ? { scheduledAt: scheduled.at.toUTC().toISO()!, ...(scheduled.moved ? { moved: true } : {}) } : {}) };
    await this.transition(ticket, 'callback_requested', 'client');
    const who = revealsStaff(ticket) ? this.personOf(ticket) : undefined;
    const name = who?.name ?? t(lang, 'handoff.serviceAuthor');
    // The client is told the agreed date and time (moved into working hours when they asked for a time outside them).
    if (scheduled) await context.sendActivity(t(lang, scheduled.moved ? 'handoff.callbackMoved' : 'handoff.callbackScheduled', { name, phone: callback.phone, time: callback.preferredTime, when: formatWhen(scheduled.at, lang), reference: ticket.id }));
    else await context.sendActivity(t(lang, 'handoff.callbackDone', { name, phone: callback.phone, time: callback.preferredTime, reference: ticket.id }));
  }

  /** The client's words as a date and time, checked against the working hours (and holidays) of whoever calls back. */
  private scheduleCallback(ticket: HandoffTicket, preferred: string, lang: Lang): { at: DateTime; moved: boolean } | undefined {
    const person = this.personOf(ticket);
    const team = this.o.directory.team(ticket.team);
    const hours = person ?? team;
    if (!hours) return undefined;
    const at = parseCallbackTime(preferred, lang, this.o.clock.now(), hours.timeZone);
    if (!at) return undefined;
    const check = workingAvailability(hours.workingHours, hours.timeZone, at.toJSDate(), this.holidays);
    if (check.available) return { at, moved: false };
    return check.nextStart ? { at: check.nextStart, moved: true } : undefined;
  }

  /**
   * A staff member's step in a callback: `called_back` (reached the client), `no_answer` (try
   * again at `retryAt`), `done` (closes the ticket). Each is kept in the callback's history.
   */
  async callbackOutcome(id: string, staff: StaffMember, outcome: 'called_back' | 'no_answer' | 'done', retryAt?: string): Promise<HandoffTicket> {
    const ticket = await this.visible(id, staff);
    if (ticket.status !== 'callback' || !ticket.callback) throw new TicketConflictError(`The handoff is ${ticket.status}; it has no callback to record.`);
    const at = this.now();
    const callback = ticket.callback;
    callback.attempts = [...(callback.attempts ?? []), { at, by: staff.id, outcome, ...(retryAt ? { retryAt } : {}) }];
    if (outcome === 'called_back') callback.calledBackAt = at;
    if (outcome === 'no_answer' && retryAt) callback.scheduledAt = retryAt;
    if (outcome === 'done') {
      await this.transition(ticket, 'end', staff.id, (x) => (x.endedAt = at));
      return ticket;
    }
    ticket.updatedAt = at;
    if (!(await this.o.store.update(ticket, 'callback'))) throw new TicketConflictError('The handoff was changed by someone else; reload it.');
    this.notify(ticket, 'callback_requested');
    return ticket;
  }

  async declineCallback(ticketId: string): Promise<void> {
    const ticket = await this.o.store.get(ticketId);
    if (ticket && ticket.status !== 'ended' && !ticket.callback) await this.transition(ticket, 'end', 'client');
  }

  openFor(conversationId: string): Promise<HandoffTicket | undefined> {
    return this.o.store.openForConversation(conversationId);
  }

  /** A client's message during a handoff: queued for the manager (the bot says nothing). */
  async clientMessage(ticket: HandoffTicket, activity: Partial<Activity>): Promise<RelayMessage | undefined> {
    const names = (activity.attachments ?? []).map((a) => a.name ?? a.contentType).join(', ');
    const text = [activity.text?.trim(), names ? `[${names}]` : ''].filter(Boolean).join(' ');
    if (!text) return undefined;
    const message = await this.o.store.addMessage({ ticketId: ticket.id, direction: 'to_manager', author: 'client', text: text.slice(0, 4000), at: this.now() });
    await this.o.onClientMessage?.(ticket, message);
    this.notify(ticket, 'client_message');
    return message;
  }

  /** What the client is told about a message they sent while nobody has joined yet: it is passed on. */
  passedOnActivity(ticket: HandoffTicket): Partial<Activity> {
    const lang = ticket.language;
    const text = t(lang, 'handoff.passedOn', { name: displayName(ticket, lang, this.o.directory) });
    return ticket.channelId === 'directline' ? handoffEventActivity(ticket.channelId, { kind: 'waiting', since: ticket.createdAt, text: t(lang, 'handoff.notified', { gender: revealsStaff(ticket) ? genderOf(ticket, this.o.directory) : 'team' }), passedOn: text }) : { type: 'message', text };
  }

  async endByClient(context: TurnContext, ticket: HandoffTicket): Promise<void> {
    await this.transition(ticket, 'end', 'client');
    const lang = ticket.language;
    if (ticket.channelId === 'directline') await context.sendActivity(handoffEventActivity(ticket.channelId, { kind: 'ended', text: '' }));
    await context.sendActivity(t(lang, 'handoff.endedByClient', { name: displayName(ticket, lang, this.o.directory, 'instrumental') }));
    await context.sendActivity(feedbackQuestion(lang));
  }

  /** The handoff of this conversation that ended recently and still waits for the client's rating or comment. */
  async pendingFeedback(conversationId: string): Promise<HandoffTicket | undefined> {
    // Asked on every client message: one indexed row, never a scan of all ended tickets (#20).
    const ticket = await this.o.store.lastEndedForConversation(conversationId);
    if (!ticket?.acceptedAt || !ticket.endedAt || ticket.feedback?.done) return undefined;
    if (this.o.clock.now().getTime() - Date.parse(ticket.endedAt) > FEEDBACK_WINDOW_MS) return undefined;
    return ticket;
  }

  async saveFeedback(ticket: HandoffTicket, patch: { rating?: number; comment?: string; done: boolean }): Promise<void> {
    const at = this.now();
    ticket.feedback = { ...ticket.feedback, ...patch, at };
    ticket.updatedAt = at;
    await this.o.store.update(ticket, ticket.status);
  }

  /** Bot Framework handoff protocol: the agent hub reports accepted / failed / completed. */
  async protocolStatus(conversationId: string, state: string, message?: string): Promise<HandoffTicket | undefined> {
    // In relay mode the manager accepts on the staff side; a handoff.status event can only be
    // forged by the client (it arrives in the client's own conversation) and is ignored.
    if (this.o.mode !== 'protocol') {
      this.o.logger.warn({ state }, 'handoff.status ignored: HANDOFF_MODE is relay');
      return undefined;
    }
    const ticket = await this.o.store.openForConversation(conversationId);
    if (!ticket) return undefined;
    if (state === 'accepted') await this.transition(ticket, 'accept', 'agent-hub', (x) => (x.acceptedAt = this.now()));
    else if (state === 'failed') {
      await this.transition(ticket, 'protocol_failed', 'agent-hub');
      this.o.logger.warn({ ticket: ticket.id, message }, 'agent hub could not take the handoff');
    } else if (state === 'completed') await this.transition(ticket, 'end', 'agent-hub', (x) => (x.endedAt = this.now()));
    return ticket;
  }

  // ------------------------------------------------------------------ staff side

  visibleTo(ticket: HandoffTicket, staff: StaffMember): boolean {
    return ticket.assignedTo === staff.id || ticket.acceptedBy === staff.id || ticket.managerId === staff.id || staff.teams.includes(ticket.team);
  }

  async listFor(staff: StaffMember, statuses?: HandoffStatus[]): Promise<HandoffTicket[]> {
    const tickets = await this.o.store.list({ ...(statuses ? { statuses } : {}) });
    return tickets.filter((x) => this.visibleTo(x, staff));
  }

  /** A ticket the staff member may see, with its relay messages; what the client sent is now delivered. */
  async openTicket(id: string, staff: StaffMember): Promise<{ ticket: HandoffTicket; messages: RelayMessage[] }> {
    const ticket = await this.visible(id, staff);
    const messages = await this.o.store.messages(id);
    const fresh = messages.filter((m) => m.direction === 'to_manager' && !m.deliveredAt).map((m) => m.id);
    if (fresh.length && ticket.acceptedBy === staff.id) await this.o.store.markDelivered(fresh, this.now());
    return { ticket, messages };
  }

  async accept(id: string, staff: StaffMember): Promise<HandoffTicket> {
    const ticket = await this.visible(id, staff);
    if (ticket.status !== 'waiting' && ticket.status !== 'callback') throw new TicketConflictError(`The handoff is ${ticket.status}; it cannot be accepted.`);
    await this.transition(ticket, 'accept', staff.id, (x) => {
      x.acceptedBy = staff.id;
      x.acceptedAt = this.now();
    });
    const gender = genderOf(ticket, this.o.directory, staff.id);
    const joined = revealsStaff(ticket) ? t(ticket.language, 'handoff.joined', { name: staff.name, gender }) : t(ticket.language, 'handoff.joinedUnnamed', { gender });
    if (!ticket.callback) {
      const author = revealsStaff(ticket) ? staff.name : t(ticket.language, 'handoff.serviceAuthor');
      await this.deliver(ticket, [handoffEventActivity(ticket.channelId, { kind: 'joined', text: joined, author: { name: author, initials: initialsOf(author), role: 'manager' } })]);
    }
    this.o.logger.info({ ticket: id, staff: staff.id }, 'handoff accepted');
    return ticket;
  }

  async managerMessage(id: string, staff: StaffMember, text: string): Promise<RelayMessage> {
    const ticket = await this.visible(id, staff);
    if (ticket.status !== 'connected' || ticket.acceptedBy !== staff.id) throw new TicketConflictError('Accept the handoff before writing to the client.');
    // An unverified client reads the service's name above the messages, not the manager's.
    const author = revealsStaff(ticket) ? staff.name : t(ticket.language, 'handoff.serviceAuthor');
    const message = await this.o.store.addMessage({ ticketId: id, direction: 'to_client', author, text: text.slice(0, 4000), at: this.now() });
    await this.flushToClient(ticket);
    this.notify(ticket, 'manager_message');
    return message;
  }

  async end(id: string, staff: StaffMember): Promise<HandoffTicket> {
    const ticket = await this.visible(id, staff);
    if (ticket.status === 'ended') return ticket;
    const wasConnected = ticket.status === 'connected';
    await this.transition(ticket, 'end', staff.id, (x) => (x.endedAt = this.now()));
    if (ticket.channelId === 'directline') await this.deliver(ticket, [handoffEventActivity(ticket.channelId, { kind: 'ended', text: '' })]);
    if (wasConnected) {
      await this.deliver(ticket, [
        { type: 'message', text: t(ticket.language, 'handoff.endedByManager', revealsStaff(ticket) ? { name: staff.name, gender: genderOf(ticket, this.o.directory, staff.id) } : serviceAsSubject(ticket.language)) },
        feedbackQuestion(ticket.language),
      ]);
    }
    return ticket;
  }

  /** Delivers what is queued for the client of one ticket (woken by another instance). */
  async flushTicket(id: string): Promise<void> {
    const ticket = await this.o.store.get(id);
    if (ticket?.status === 'connected') await this.flushToClient(ticket);
  }

  // ------------------------------------------------------------------ timers

  /** Offers callbacks for tickets nobody accepted in time, and retries undelivered relay messages. */
  async sweep(): Promise<void> {
    const now = this.o.clock.now().getTime();
    for (const ticket of await this.o.store.list({ statuses: ['waiting'] })) {
      if (now - Date.parse(ticket.createdAt) < this.o.acceptTimeoutMs || this.o.mode === 'protocol') continue;
      if (!(await this.transition(ticket, 'no_answer', 'bot', undefined, false))) continue;
      this.o.logger.info({ ticket: ticket.id }, 'handoff not accepted in time: offering a callback');
      if (ticket.channelId === 'directline') await this.deliver(ticket, [handoffEventActivity(ticket.channelId, { kind: 'ended', text: '' })]);
      await this.deliver(ticket, [{ type: 'message', text: t(ticket.language, 'handoff.noAnswer', { name: displayName(ticket, ticket.language, this.o.directory), gender: genderOf(ticket, this.o.directory) }) }]);
      await this.o.offerCallback?.(ticket);
    }
    for (const ticket of await this.o.store.list({ statuses: ['connected'] })) await this.flushToClient(ticket);
  }

  // ------------------------------------------------------------------ internals

  private async require(id: string): Promise<HandoffTicket> {
    const ticket = await this.o.store.get(id);
    if (!ticket) throw new TicketNotFoundError();
    return ticket;
  }

  private async visible(id: string, staff: StaffMember): Promise<HandoffTicket> {
    const ticket = await this.o.store.get(id);
    // Someone else's ticket is "not found", so its existence is not revealed.
    if (!ticket || !this.visibleTo(ticket, staff)) throw new TicketNotFoundError();
    return ticket;
  }

  /** Applies an event through the state machine with a compare-and-set write. */
  private async transition(ticket: HandoffTicket, event: HandoffEvent, by: string, mutate?: (t: HandoffTicket) => void, strict = true): Promise<boolean> {
    const from = ticket.status;
    const to = nextStatus(from, event);
    const at = this.now();
    ticket.status = to;
    ticket.updatedAt = at;
    if (to === 'ended') ticket.endedAt ??= at;
    ticket.history.push({ status: to, at, by });
    mutate?.(ticket);
    const written = await this.o.store.update(ticket, from);
    if (!written) {
      if (strict) throw new TicketConflictError('The handoff was changed by someone else; reload it.');
      return false;
    }
    await this.o.onTicketChanged?.(ticket, event);
    this.notify(ticket, event);
    return true;
  }

  /**
   * Sends the manager's queued messages one at a time, each marked delivered right after it was
   * sent, and each with a delivery id of its own (channelData.deliveryId; the SDK drops activity
   * ids the bot sets): a crash between the send and the mark repeats at most that one message,
   * with the same delivery id, which the channel can recognise (the website's Direct Line keeps
   * it once). In order: the first failure stops the flush.
   */
  private async flushToClient(ticket: HandoffTicket): Promise<void> {
    const queued = await this.o.store.undelivered('to_client', ticket.id);
    for (const m of queued) {
      const activity = managerActivity(ticket.channelId, m.author, m.text, relayDeliveryId(ticket.id, m.id));
      if (!(await this.deliver(ticket, [activity]))) return;
      await this.o.store.markDelivered([m.id], this.now());
    }
  }

  /** Sends into the client's conversation; false (and queued for the sweeper) when the channel is unreachable. */
  private async deliver(ticket: HandoffTicket, activities: Partial<Activity>[]): Promise<boolean> {
    try {
      await this.o.delivery.send(ticket.conversationReference, activities);
      return true;
    } catch (error) {
      this.o.logger.warn({ err: error, ticket: ticket.id }, 'could not reach the client; the message stays queued');
      return false;
    }
  }

  private personOf(ticket: HandoffTicket): Manager | undefined {
    return personOf(ticket, this.o.directory);
  }
}

/** The stable delivery id of one relayed message: the same on every attempt to deliver it. */
export function relayDeliveryId(ticketId: string, messageId: number): string {
  return `relay-${ticketId}-${messageId}`;
}

import { CardFactory, type Attachment } from 'botbuilder';
import { DateTime } from 'luxon';
import { literalMarkdown } from '../../platform/text/literalMarkdown.js';
import type { Lang } from '../../locales/lang.js';
import type { HandoffTicket, RelayMessage } from '../../handoff/types.js';
import { teamsText, type TeamsTextKey } from './texts.js';
import { identityTextKey } from '../../handoff/identityLabel.js';

/** What a manager can do from a handoff card (Action.Execute verb `handoff.<action>`). */
export const staffActions = ['accept', 'transcript', 'end'] as const;
export type StaffAction = (typeof staffActions)[number];

/** The data of a staff card button; also accepted from an Action.Submit message. */
export interface StaffActionData {
  handoffAction: StaffAction;
  ticketId: string;
}

export const STAFF_VERB_PREFIX = 'handoff.';

/** Reads a staff action from a card button: the Action.Execute verb, else `data.handoffAction`. */
export function staffActionOf(verb: string | undefined, data: unknown): StaffActionData | undefined {
  const d = (data ?? {}) as { handoffAction?: unknown; ticketId?: unknown };
  const fromVerb = verb?.startsWith(STAFF_VERB_PREFIX) ? verb.slice(STAFF_VERB_PREFIX.length) : undefined;
  const action = fromVerb ?? d.handoffAction;
  if (typeof action !== 'string' || !(staffActions as readonly string[]).includes(action)) return undefined;
  if (typeof d.ticketId !== 'string' || !/^HO-[A-Z0-9-]{1,40}$/.test(d.ticketId)) return undefined;
  return { handoffAction: action as StaffAction, ticketId: d.ticketId };
}

export type HandoffCardState = 'waiting' | 'connected' | 'ended';

export interface HandoffCardOptions {
  lang: Lang;
  state: HandoffCardState;
  /** Who the ticket is for: the manager's name or the team's. */
  assignedName: string;
  /** Time zone the manager reads times in. */
  timeZone: string;
  /** The ticket's page in the staff workspace, when the public address is known. */
  staffUrl?: string;
}

function button(lang: Lang, action: StaffAction, ticketId: string, title: TeamsTextKey) {
  const data: StaffActionData = { handoffAction: action, ticketId };
  // Action.Execute (Universal Actions): Teams sends an `adaptiveCard/action` invoke and shows the
  // card the bot answers with in place of this one.
  return { type: 'Action.Execute', title: teamsText(lang, title), verb: `${STAFF_VERB_PREFIX}${action}`, data };
}

/**
 * The handoff or callback request as a manager sees it in Teams: client, policy, summary and,
 * depending on the state, Accept / Transcript / End. Adaptive Card 1.4, the version Teams needs
 * for Action.Execute.
 */
export function handoffCard(ticket: HandoffTicket, o: HandoffCardOptions): Attachment {
  const { lang } = o;
  const text = (key: TeamsTextKey, params?: Record<string, string>) => teamsText(lang, key, params);
  const title = ticket.callback ? 'cardTitleCallback' : ticket.assignedTo.startsWith('team:') ? 'cardTitleTeam' : 'cardTitleHandoff';
  const since = DateTime.fromISO(ticket.createdAt).setZone(o.timeZone).setLocale(lang === 'cs' ? 'cs' : 'en-GB').toFormat('d. M. yyyy H:mm');
  // Everything the client typed (name, policy, callback details, the summary quoting them) and
  // the dates are shown literally: no markdown link or list may reach the manager from a client.
  const client = literalMarkdown(ticket.clientName ?? text('notGiven'));
  const facts = [
    { title: text('ticket'), value: ticket.id },
    { title: text('client'), value: client },
    { title: text('identity'), value: text(identityTextKey(ticket)) },
    { title: text('policy'), value: literalMarkdown(ticket.policyNumber ?? text('notGiven')) },
    { title: text('language'), value: ticket.language },
    { title: text('channel'), value: ticket.channelId },
    { title: text('reason'), value: ticket.reason },
    { title: text('assignedTo'), value: o.assignedName },
    { title: text('waitingSince'), value: literalMarkdown(since) },
  ];
  if (ticket.callback) {
    facts.push(
      { title: text('callbackTime'), value: literalMarkdown(ticket.callback.preferredTime) },
      { title: text('callbackPhone'), value: literalMarkdown(ticket.callback.phone) },
      { title: text('callbackTopic'), value: literalMarkdown(ticket.callback.topic) },
    );
  }
  const status =
    o.state === 'connected'
      ? [
          { type: 'TextBlock', text: text('connectedTitle'), weight: 'Bolder', color: 'Good', wrap: true },
          { type: 'TextBlock', text: text('connected', { client, ticket: ticket.id }), wrap: true },
        ]
      : o.state === 'ended'
        ? [{ type: 'TextBlock', text: text('endedTitle'), weight: 'Bolder', isSubtle: true, wrap: true }]
        : [];
  const actions: Record<string, unknown>[] =
    o.state === 'waiting'
      ? [button(lang, 'accept', ticket.id, 'accept'), button(lang, 'transcript', ticket.id, 'transcript')]
      : o.state === 'connected'
        ? [button(lang, 'transcript', ticket.id, 'transcript'), button(lang, 'end', ticket.id, 'end')]
        : [];
  if (o.staffUrl) actions.push({ type: 'Action.OpenUrl', title: text('openInWorkspace'), url: o.staffUrl });
  return CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: text(title), weight: 'Bolder', size: 'Medium', wrap: true },
      ...status,
      { type: 'FactSet', facts },
      { type: 'TextBlock', text: text('summary'), weight: 'Bolder', separator: true, wrap: true },
      { type: 'TextBlock', text: literalMarkdown(ticket.summary), wrap: true },
    ],
    actions,
  });
}

/** The conversation so far and the messages relayed since, as one chat message. */
export function transcriptText(ticket: HandoffTicket, messages: RelayMessage[], lang: Lang, timeZone: string): string {
  const time = (iso: string) => DateTime.fromISO(iso).setZone(timeZone).toFormat('H:mm');
  const who = { client: teamsText(lang, 'fromClient'), bot: teamsText(lang, 'fromBot'), manager: teamsText(lang, 'fromManager') } as const;
  // The message is markdown (the headings are bold); every quoted line is shown literally.
  const client = literalMarkdown(ticket.clientName ?? teamsText(lang, 'notGiven'));
  const lines = [`**${teamsText(lang, 'transcriptHeading', { ticket: ticket.id, client })}**`];
  if (ticket.transcript.length === 0) lines.push(teamsText(lang, 'transcriptEmpty'));
  for (const line of ticket.transcript) lines.push(`${time(line.at)} ${who[line.from]}: ${literalMarkdown(line.text)}`);
  if (messages.length) {
    lines.push(`**${teamsText(lang, 'relayHeading')}**`);
    for (const m of messages) lines.push(`${time(m.at)} ${m.direction === 'to_manager' ? who.client : literalMarkdown(m.author)}: ${literalMarkdown(m.text)}`);
  }
  // Teams joins single line breaks; a blank line keeps each entry on its own line.
  return lines.join('\n\n');
}

import type { HandoffStatus, HandoffTicket } from '../../handoff/types.js';
import { html, type SafeHtml } from './html.js';
import { statusText, text, type StaffLang } from './texts.js';
import { identityTextKey } from '../../handoff/identityLabel.js';

/** What the ticket views need besides the ticket: the language, the time zone, and staff names. */
export interface TicketViewContext {
  lang: StaffLang;
  timeZone: string;
  /** A staff member's display name by id (the id itself when unknown). */
  nameOf: (memberId: string) => string;
}

/** A time in the branch's time zone, machine-readable in `datetime`. */
export function timeTag(iso: string, ctx: TicketViewContext): SafeHtml {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const shown = new Intl.DateTimeFormat(ctx.lang === 'cs' ? 'cs-CZ' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone }).format(date);
  return html`<time datetime="${date.toISOString()}">${shown}</time>`;
}

export function statusBadge(status: HandoffStatus, lang: StaffLang): SafeHtml {
  return html`<span class="badge badge-${status}">${statusText(lang, status)}</span>`;
}

/** `team:cz-service` → "team cz-service"; a member id → their name. */
export function assigneeLabel(assignedTo: string, ctx: TicketViewContext): string {
  return assignedTo.startsWith('team:') ? text(ctx.lang, 'team', { team: assignedTo.slice('team:'.length) }) : ctx.nameOf(assignedTo);
}

export function clientLabel(ticket: HandoffTicket, lang: StaffLang): string {
  if (ticket.clientName) return ticket.clientId ? `${ticket.clientName} (${ticket.clientId})` : ticket.clientName;
  return ticket.clientId ?? text(lang, 'notGiven');
}

/** Whether the client's identity is verified: a typed policy number is only a claim. */
export function identityBadge(ticket: HandoffTicket, lang: StaffLang): SafeHtml {
  return html`<span class="badge identity-${ticket.clientIdentity ?? 'claimed'}">${text(lang, identityTextKey(ticket))}</span>`;
}

/** The ticket's facts as a definition list (the list card and the ticket page share it). */
export function ticketFields(ticket: HandoffTicket, ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  const row = (label: string, value: unknown) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl class="fields">
    ${row(text(lang, 'status'), statusBadge(ticket.status, lang))}
    ${row(text(lang, 'client'), html`${clientLabel(ticket, lang)} ${identityBadge(ticket, lang)}`)}
    ${row(text(lang, 'policy'), ticket.policyNumber ?? text(lang, 'notGiven'))}
    ${row(text(lang, 'assignedTo'), assigneeLabel(ticket.assignedTo, ctx))}
    ${ticket.acceptedBy ? row(text(lang, 'acceptedBy'), ctx.nameOf(ticket.acceptedBy)) : ''}
    ${row(text(lang, 'language'), ticket.language)}
    ${row(text(lang, 'channel'), ticket.channelId)}
    ${row(text(lang, 'created'), timeTag(ticket.createdAt, ctx))}
    ${row(text(lang, 'reason'), ticket.reason)}
  </dl>`;
}

/** What the client asked for in a callback request (time, phone, topic); nothing without one. */
export function callbackFields(ticket: HandoffTicket, ctx: TicketViewContext, headingLevel: 'h2' | 'h3'): SafeHtml | '' {
  const callback = ticket.callback;
  if (!callback) return '';
  const { lang } = ctx;
  const heading = headingLevel === 'h2' ? html`<h2>${text(lang, 'callback')}</h2>` : html`<h3>${text(lang, 'callback')}</h3>`;
  return html`<div class="callback">${heading}
    <dl class="fields">
      <div><dt>${text(lang, 'callbackTime')}</dt><dd>${callback.preferredTime}</dd></div>
      <div><dt>${text(lang, 'callbackPhone')}</dt><dd><a href="tel:${callback.phone.replace(/[^+\d]/g, '')}">${callback.phone}</a></dd></div>
      <div><dt>${text(lang, 'callbackTopic')}</dt><dd>${callback.topic}</dd></div>
    </dl></div>`;
}

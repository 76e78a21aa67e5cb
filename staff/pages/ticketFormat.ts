import type { HandoffStatus, HandoffTicket } from '../../handoff/types.js';
import { html, type SafeHtml } from './html.js';
import { labelOf, statusText, text, type StaffLang } from './texts.js';
import { identityTextKey } from '../../handoff/identityLabel.js';

/** What the ticket views need besides the ticket: the language, the time zone, and staff names. */
export interface TicketViewContext {
  lang: StaffLang;
  timeZone: string;
  /** A staff member's display name by id (the id itself when unknown). */
  nameOf: (memberId: string) => string;
  /** The current time in ms (the clock), for waiting timers. */
  now: number;
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
    ${row(text(lang, 'language'), labelOf(lang, 'lang', ticket.language))}
    ${row(text(lang, 'channel'), labelOf(lang, 'channel', ticket.channelId))}
    ${row(text(lang, 'created'), timeTag(ticket.createdAt, ctx))}
    ${ticket.status === 'waiting' ? row(text(lang, 'waitingFor'), waitingTimer(ticket.createdAt, ctx)) : ''}
    ${row(text(lang, 'reason'), labelOf(lang, 'reason', ticket.reason))}
  </dl>`;
}

/** A callback not yet made whose agreed time has passed. */
export function isOverdueCallback(ticket: HandoffTicket, now: number): boolean {
  const c = ticket.callback;
  return ticket.status === 'callback' && !!c?.scheduledAt && !c.calledBackAt && Date.parse(c.scheduledAt) < now;
}

/** What the client asked for in a callback request (time, phone, topic), the agreed time and the calls so far; nothing without one. */
export function callbackFields(ticket: HandoffTicket, ctx: TicketViewContext, headingLevel: 'h2' | 'h3'): SafeHtml | '' {
  const callback = ticket.callback;
  if (!callback) return '';
  const { lang } = ctx;
  const heading = headingLevel === 'h2' ? html`<h2>${text(lang, 'callback')}</h2>` : html`<h3>${text(lang, 'callback')}</h3>`;
  const overdue = isOverdueCallback(ticket, ctx.now);
  const lastNoAnswer = [...(callback.attempts ?? [])].reverse().find((a) => a.outcome === 'no_answer');
  return html`<div class="callback${overdue ? ' callback-overdue' : ''}">${heading}
    <dl class="fields">
      ${callback.scheduledAt ? html`<div><dt>${text(lang, 'callbackAgreed')}</dt><dd>${timeTag(callback.scheduledAt, ctx)}${overdue ? html` <span class="badge badge-overdue">${text(lang, 'callbackOverdue')}</span>` : ''}</dd></div>` : ''}
      <div><dt>${text(lang, 'callbackTime')}</dt><dd>${callback.preferredTime}</dd></div>
      <div><dt>${text(lang, 'callbackPhone')}</dt><dd><a href="tel:${callback.phone.replace(/[^+\d]/g, '')}">${callback.phone}</a></dd></div>
      <div><dt>${text(lang, 'callbackTopic')}</dt><dd>${callback.topic}</dd></div>
      ${callback.calledBackAt ? html`<div><dt>${text(lang, 'calledBack')}</dt><dd class="called-back">${timeTag(callback.calledBackAt, ctx)}</dd></div>` : ''}
      ${lastNoAnswer ? html`<div><dt>${text(lang, 'lastNoAnswer')}</dt><dd>${timeTag(lastNoAnswer.at, ctx)}</dd></div>` : ''}
    </dl></div>`;
}

/** How long the client has waited (since the ticket opened); the page script keeps it counting. */
export function waitingTimer(since: string, ctx: TicketViewContext): SafeHtml {
  const minutes = Math.max(0, Math.floor((ctx.now - Date.parse(since)) / 60_000));
  return html`<span class="waiting-timer" data-since="${since}">${text(ctx.lang, 'waitingMinutes', { minutes })}</span>`;
}

interface FormSnapshot {
  kind?: string;
  asked?: string;
  values?: Record<string, unknown>;
}

function shownValue(value: unknown, lang: StaffLang, prefix = ''): string {
  if (typeof value === 'boolean') return text(lang, value ? 'yes' : 'no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v, i) => (value.length > 1 ? `(${i + 1}) ` : '') + shownValue(v, lang, prefix)).join('; ');
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${labelOf(lang, 'field', `${prefix}${k}`)}: ${shownValue(v, lang)}`)
      .join(', ');
  }
  return '';
}

/** The form's values as label–value rows; the buyer's details each on a row of their own. */
function reportRows(values: Record<string, unknown>, lang: StaffLang): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(values)) {
    if (isEmpty(value)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) if (!isEmpty(v)) rows.push([labelOf(lang, 'field', `${key}.${sub}`), shownValue(v, lang)]);
    } else rows.push([labelOf(lang, 'field', key), shownValue(value, lang, key === 'invoices' ? 'invoice.' : '')]);
  }
  return rows;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

/** An unfinished report with the form's own field names in words ("Buyer's registration no. (IČO)", never `buyerRegistrationNumber`). */
export function reportFields(form: unknown, ctx: TicketViewContext): SafeHtml | '' {
  const snapshot = form as FormSnapshot | undefined;
  if (!snapshot || typeof snapshot !== 'object') return '';
  const { lang } = ctx;
  const row = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  const values = reportRows(snapshot.values ?? {}, lang);
  return html`<dl class="fields report-fields">
    ${snapshot.kind ? row(text(lang, 'reportKind'), labelOf(lang, 'reportKind', snapshot.kind)) : ''}
    ${snapshot.asked ? row(text(lang, 'askedStep'), labelOf(lang, 'field', snapshot.asked)) : ''}
    ${values.map(([label, value]) => row(label, value))}
  </dl>`;
}

/** The summary for staff, from the ticket itself: what the client wrote (last five) and where a report stopped. */
export function summaryBlock(ticket: HandoffTicket, ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  const wrote = ticket.transcript.filter((l) => l.from === 'client').slice(-5);
  return html`<div class="summary-block">
    ${wrote.length ? html`<p>${text(lang, 'clientWrote')}:</p><ul class="client-wrote">${wrote.map((l) => html`<li>${l.text.replace(/\s+/g, ' ').slice(0, 200)}</li>`)}</ul>` : html`<p>${text(lang, 'noTranscript')}</p>`}
    ${ticket.form ? reportFields(ticket.form, ctx) : ''}
  </div>`;
}

import type { HandoffStatus, HandoffTicket } from '../../handoff/types.js';
import { html, type SafeHtml } from './html.js';
import { STAFF_BASE } from './layout.js';
import { text } from './texts.js';
import { callbackFields, isOverdueCallback, statusBadge, summaryBlock, ticketFields, type TicketViewContext } from './ticketFormat.js';

/** What the list shows: everything a manager may still act on. */
export const OPEN_STATUSES: HandoffStatus[] = ['waiting', 'connected', 'callback'];

const ORDER: Record<HandoffStatus, number> = { waiting: 0, callback: 1, connected: 2, requested: 3, ended: 4 };

/** Waiting clients first, then callbacks to make, then conversations in progress; oldest first within each. */
export function sortForList(tickets: HandoffTicket[]): HandoffTicket[] {
  return [...tickets].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.createdAt.localeCompare(b.createdAt));
}

export function ticketHref(id: string): string {
  return `${STAFF_BASE}/handoffs/${encodeURIComponent(id)}`;
}

function ticketCard(ticket: HandoffTicket, ctx: TicketViewContext): SafeHtml {
  const headingId = `ticket-${ticket.id}`;
  return html`<li class="ticket-card status-${ticket.status}${isOverdueCallback(ticket, ctx.now) ? ' overdue' : ''}">
    <article aria-labelledby="${headingId}">
      <h2 id="${headingId}"><a href="${ticketHref(ticket.id)}">${text(ctx.lang, 'ticket')} ${ticket.id}</a> ${statusBadge(ticket.status, ctx.lang)}</h2>
      ${ticketFields(ticket, ctx)}
      ${callbackFields(ticket, ctx, 'h3')}
      <h3>${text(ctx.lang, 'summary')}</h3>
      ${summaryBlock(ticket, ctx)}
    </article>
  </li>`;
}

/**
 * The body of GET /staff: the member's and their team's open tickets. The page script keeps
 * `#queue` current from /staff/events (it re-reads this page when a ticket changes) and offers
 * desktop notifications for new tickets once the member opts in.
 */
export function ticketListBody(tickets: HandoffTicket[], ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  const list = tickets.length ? html`<ul class="ticket-list">${sortForList(tickets).map((ticket) => ticketCard(ticket, ctx))}</ul>` : html`<p class="empty">${text(lang, 'noOpenHandoffs')}</p>`;
  return html`<div class="live-tools">
      <p id="live-state" class="live-state" data-text-live="${text(lang, 'liveOn')}" data-text-offline="${text(lang, 'liveOff')}">${text(lang, 'liveOff')}</p>
      <button type="button" id="enable-notifications" class="secondary" hidden>${text(lang, 'enableNotifications')}</button>
    </div>
    <div id="queue" data-events-url="${STAFF_BASE}/events" data-new-ticket-text="${text(lang, 'newTicketNotification')}" data-count="${tickets.length}" data-text-updated="${text(lang, 'queueUpdated')}">
      <p class="visually-hidden" role="status" id="queue-status"></p>
      <div id="queue-list">${list}</div>
    </div>`;
}

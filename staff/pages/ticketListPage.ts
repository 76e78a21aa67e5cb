import type { HandoffStatus, HandoffTicket } from '../../handoff/types.js';
import { html, type SafeHtml } from './html.js';
import { STAFF_BASE } from './layout.js';
import { text } from './texts.js';
import { callbackFields, statusBadge, summaryBlock, ticketFields, type TicketViewContext } from './ticketFormat.js';

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
  return html`<li class="ticket-card status-${ticket.status}">
    <article aria-labelledby="${headingId}">
      <h2 id="${headingId}"><a href="${ticketHref(ticket.id)}">${text(ctx.lang, 'ticket')} ${ticket.id}</a> ${statusBadge(ticket.status, ctx.lang)}</h2>
      ${ticketFields(ticket, ctx)}
      ${callbackFields(ticket, ctx, 'h3')}
      <h3>${text(ctx.lang, 'summary')}</h3>
      ${summaryBlock(ticket, ctx)}
    </article>
  </li>`;
}

/** The body of GET /staff: the member's and their team's open tickets. */
export function ticketListBody(tickets: HandoffTicket[], ctx: TicketViewContext): SafeHtml {
  if (!tickets.length) return html`<p class="empty">${text(ctx.lang, 'noOpenHandoffs')}</p>`;
  return html`<ul class="ticket-list">${sortForList(tickets).map((ticket) => ticketCard(ticket, ctx))}</ul>`;
}

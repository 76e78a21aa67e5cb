import type { StaffMember } from '../../handoff/handoffService.js';
import type { HandoffTicket, RelayMessage, TranscriptLine } from '../../handoff/types.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, STAFF_BASE } from './layout.js';
import { text, type TextKey } from './texts.js';
import { callbackFields, reportFields, summaryBlock, ticketFields, timeTag, type TicketViewContext } from './ticketFormat.js';
import { ticketHref } from './ticketListPage.js';

/** How often the page script asks for new messages (the page works without it: reload shows them too). */
export const POLL_SECONDS = 5;

const speaker: Record<TranscriptLine['from'], TextKey> = { client: 'fromClient', bot: 'fromBot', manager: 'fromManager' };

function transcriptSection(lines: TranscriptLine[], ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  const items = lines.map(
    (line) => html`<li class="line from-${line.from}"><p class="meta"><span class="author">${text(lang, speaker[line.from])}</span> · ${timeTag(line.at, ctx)}</p><p class="text">${line.text}</p></li>`,
  );
  return html`<section aria-labelledby="transcript-heading">
    <h2 id="transcript-heading">${text(lang, 'transcript')}</h2>
    ${lines.length ? html`<ol class="conversation">${items}</ol>` : html`<p class="empty">${text(lang, 'noTranscript')}</p>`}
  </section>`;
}

/** One relay message; the page script builds the same markup for messages that arrive later. */
function relayItem(message: RelayMessage, ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  const fromClient = message.direction === 'to_manager';
  return html`<li class="line ${fromClient ? 'from-client' : 'from-manager'}"><p class="meta"><span class="author">${fromClient ? text(lang, 'fromClient') : message.author}</span> · <span class="direction">${text(lang, fromClient ? 'toManager' : 'toClient')}</span> · ${timeTag(message.at, ctx)}${!fromClient && !message.deliveredAt ? html` · <span class="pending">${text(lang, 'waitingForDelivery')}</span>` : ''}</p><p class="text">${message.text}</p></li>`;
}

function replyArea(ticket: HandoffTicket, member: StaffMember, csrfToken: string, ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  if (ticket.status === 'ended') return html`<p class="note">${text(lang, 'ended')}</p>`;
  if (ticket.status === 'connected' && ticket.acceptedBy === member.id) {
    return html`<form method="post" action="${ticketHref(ticket.id)}/messages" class="reply composer">
      ${csrfField(csrfToken)}
      <label for="reply-text">${text(lang, 'reply')}</label>
      <textarea id="reply-text" name="text" rows="4" maxlength="4000" required></textarea>
      <button type="submit" class="primary">${text(lang, 'send')}</button>
    </form>`;
  }
  if (ticket.status === 'connected' && ticket.acceptedBy) return html`<p class="note">${text(lang, 'acceptedBySomeoneElse', { name: ctx.nameOf(ticket.acceptedBy) })}</p>`;
  return html`<p class="note">${text(lang, 'acceptToReply')}</p>`;
}

function relaySection(ticket: HandoffTicket, messages: RelayMessage[], member: StaffMember, csrfToken: string, ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  // The data-* attributes tell the page script where to poll and what it needs to render new messages.
  return html`<section id="relay" aria-labelledby="relay-heading"
      data-poll-url="${ticketHref(ticket.id)}.json" data-poll-seconds="${POLL_SECONDS}"
      data-events-url="${STAFF_BASE}/events" data-ticket-id="${ticket.id}"
      data-status="${ticket.status}" data-accepted-by="${ticket.acceptedBy ?? ''}"
      data-lang="${lang}" data-time-zone="${ctx.timeZone}"
      data-label-client="${text(lang, 'fromClient')}" data-label-to-manager="${text(lang, 'toManager')}"
      data-label-to-client="${text(lang, 'toClient')}" data-label-pending="${text(lang, 'waitingForDelivery')}">
    <h2 id="relay-heading">${text(lang, 'relay')}</h2>
    <p id="ticket-changed" class="notice notice-info" role="status" hidden>${text(lang, 'ticketChanged')} <a href="${ticketHref(ticket.id)}">${text(lang, 'reload')}</a></p>
    <p id="relay-empty" class="empty"${messages.length ? html` hidden` : ''}>${text(lang, 'noRelay')}</p>
    <ol id="relay-messages" class="conversation" aria-live="polite">${messages.map((m) => relayItem(m, ctx))}</ol>
    ${replyArea(ticket, member, csrfToken, ctx)}
  </section>`;
}

function actionsSection(ticket: HandoffTicket, csrfToken: string, ctx: TicketViewContext): SafeHtml | '' {
  const { lang } = ctx;
  const canAccept = ticket.status === 'waiting' || ticket.status === 'callback';
  const canEnd = ticket.status !== 'ended';
  if (!canAccept && !canEnd) return '';
  return html`<section aria-labelledby="actions-heading" class="actions">
    <h2 id="actions-heading">${text(lang, 'actions')}</h2>
    <div class="button-row">
      ${canAccept ? html`<form method="post" action="${ticketHref(ticket.id)}/accept">${csrfField(csrfToken)}<button type="submit" class="primary">${text(lang, 'accept')}</button></form>` : ''}
      ${canEnd ? html`<form method="post" action="${ticketHref(ticket.id)}/end" data-confirm="${text(lang, 'confirmEnd')}">${csrfField(csrfToken)}<button type="submit" class="danger">${text(lang, 'end')}</button></form>` : ''}
    </div>
  </section>`;
}

/** Callback steps: called back, no answer (with the time to try again), done. */
function callbackActions(ticket: HandoffTicket, csrfToken: string, ctx: TicketViewContext): SafeHtml | '' {
  if (ticket.status !== 'callback' || !ticket.callback) return '';
  const { lang } = ctx;
  const action = `${ticketHref(ticket.id)}/callback`;
  return html`<section aria-labelledby="callback-actions-heading" class="actions">
    <h2 id="callback-actions-heading">${text(lang, 'callbackActions')}</h2>
    <div class="button-row">
      <form method="post" action="${action}">${csrfField(csrfToken)}<input type="hidden" name="outcome" value="called_back"><button type="submit" class="primary">${text(lang, 'actionCalledBack')}</button></form>
      <form method="post" action="${action}">${csrfField(csrfToken)}<input type="hidden" name="outcome" value="done"><button type="submit">${text(lang, 'actionDone')}</button></form>
    </div>
    <form method="post" action="${action}" class="retry">
      ${csrfField(csrfToken)}<input type="hidden" name="outcome" value="no_answer">
      <fieldset><legend>${text(lang, 'actionNoAnswer')}</legend>
        <label for="retry-at">${text(lang, 'retryAtLabel')}</label>
        <input id="retry-at" name="retryAt" type="datetime-local" required>
        <button type="submit">${text(lang, 'actionNoAnswerSubmit')}</button>
      </fieldset>
    </form>
  </section>`;
}

function formSection(form: unknown, ctx: TicketViewContext): SafeHtml | '' {
  if (form === undefined || form === null) return '';
  return html`<section aria-labelledby="form-heading">
    <h2 id="form-heading">${text(ctx.lang, 'partialReport')}</h2>
    ${reportFields(form, ctx)}
  </section>`;
}

/** The body of GET /staff/handoffs/:id: facts, summary, actions, the live relay, the transcript, the unfinished report. */
export function ticketPageBody(ticket: HandoffTicket, messages: RelayMessage[], member: StaffMember, csrfToken: string, ctx: TicketViewContext): SafeHtml {
  const { lang } = ctx;
  return html`<p class="back"><a href="${STAFF_BASE}">${text(lang, 'backToList')}</a></p>
  <section aria-labelledby="details-heading">
    <h2 id="details-heading">${text(lang, 'details')}</h2>
    ${ticketFields(ticket, ctx)}
  </section>
  ${ticket.callback ? html`<section>${callbackFields(ticket, ctx, 'h2')}</section>` : ''}
  <section aria-labelledby="summary-heading">
    <h2 id="summary-heading">${text(lang, 'summary')}</h2>
    ${summaryBlock(ticket, ctx)}
  </section>
  ${callbackActions(ticket, csrfToken, ctx)}
  ${actionsSection(ticket, csrfToken, ctx)}
  ${relaySection(ticket, messages, member, csrfToken, ctx)}
  ${transcriptSection(ticket.transcript, ctx)}
  ${formSection(ticket.form, ctx)}`;
}

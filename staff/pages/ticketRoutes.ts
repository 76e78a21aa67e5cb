import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { TicketConflictError, TicketNotFoundError, type HandoffService, type StaffMember } from '../../handoff/handoffService.js';
import { ticketDetail } from '../staffApi.js';
import { InvalidTransitionError } from '../../handoff/stateMachine.js';
import { html } from './html.js';
import { renderStaffPage, STAFF_BASE, type StaffPageOptions } from './layout.js';
import { redirect, sendHtml, sendJson } from './responses.js';
import { formField, requireStaffSession, type StaffGuardDeps, type StaffRequest, type StaffRequestContext } from './sessionGuard.js';
import { text } from './texts.js';
import type { TicketViewContext } from './ticketFormat.js';
import { OPEN_STATUSES, ticketHref, ticketListBody } from './ticketListPage.js';
import { ticketPageBody } from './ticketPage.js';
import { errorBody } from '../../platform/http/errors.js';
import type { Clock } from '../../platform/clock.js';
import { DateTime } from 'luxon';

export interface TicketRoutesDeps extends StaffGuardDeps {
  handoff: HandoffService;
  /** Times are shown in the branch's time zone (TIME_ZONE). */
  timeZone: string;
  /** The time source of waiting timers (tests set it). */
  clock: Clock;
}

/** Ticket ids are `HO-XXXXXXXX`; anything else cannot exist and never reaches the store. */
function ticketIdOf(req: StaffRequest): string | undefined {
  const id = req.params?.id;
  return typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined;
}

class InvalidReplyError extends Error {}
class InvalidRetryError extends Error {}

/** GET /staff, GET /staff/handoffs/:id(.json) and the POST actions accept, messages, end. */
export function registerTicketRoutes(server: Server, deps: TicketRoutesDeps): void {
  const { handoff, staff } = deps;
  const guard = (handler: Parameters<typeof requireStaffSession>[1], kind: 'page' | 'json' = 'page') => requireStaffSession(deps, handler, kind);

  const viewContext = (ctx: StaffRequestContext): TicketViewContext => ({
    lang: ctx.lang,
    timeZone: deps.timeZone,
    nameOf: (memberId) => staff.member(memberId)?.name ?? memberId,
    now: deps.clock.now().getTime(),
  });

  const pageOptions = (ctx: StaffRequestContext, path: string, notice?: StaffPageOptions['notice']): StaffPageOptions => ({
    lang: ctx.lang,
    csrfToken: ctx.session.csrfToken,
    path,
    ...(notice ? { notice } : {}),
  });

  const sendNotFound = (req: IncomingMessage, res: ServerResponse, ctx: StaffRequestContext) => {
    const body = html`<p>${text(ctx.lang, 'notFound')}</p><p><a href="${STAFF_BASE}">${text(ctx.lang, 'backToList')}</a></p>`;
    sendHtml(req, res, 404, renderStaffPage(text(ctx.lang, 'notFoundHeading'), body, ctx.member, pageOptions(ctx, STAFF_BASE)));
  };

  /** The ticket page, also after a failed action (with the reason on top and that status code). */
  const sendTicketPage = async (req: IncomingMessage, res: ServerResponse, ctx: StaffRequestContext, id: string, status = 200, notice?: StaffPageOptions['notice']) => {
    try {
      const { ticket, messages } = await handoff.openTicket(id, ctx.member);
      const body = ticketPageBody(ticket, messages, ctx.member, ctx.session.csrfToken, viewContext(ctx));
      sendHtml(req, res, status, renderStaffPage(`${text(ctx.lang, 'ticket')} ${ticket.id}`, body, ctx.member, pageOptions(ctx, ticketHref(ticket.id), notice)));
    } catch (error) {
      if (error instanceof TicketNotFoundError) return sendNotFound(req, res, ctx);
      throw error;
    }
  };

  server.get(STAFF_BASE, guard(async (req, res, ctx) => {
    const tickets = await handoff.listFor(ctx.member, OPEN_STATUSES);
    const body = ticketListBody(tickets, viewContext(ctx));
    sendHtml(req, res, 200, renderStaffPage(text(ctx.lang, 'openHandoffs'), body, ctx.member, pageOptions(ctx, STAFF_BASE)));
  }));

  // Registered before /:id so that "HO-1.json" is never taken for a ticket id.
  server.get(`${STAFF_BASE}/handoffs/:id.json`, guard(async (req, res, ctx) => {
    const id = ticketIdOf(req);
    try {
      if (!id) throw new TicketNotFoundError();
      const { ticket, messages } = await handoff.openTicket(id, ctx.member);
      sendJson(req, res, 200, ticketDetail(ticket, messages));
    } catch (error) {
      if (error instanceof TicketNotFoundError) return sendJson(req, res, 404, errorBody('NotFound', 'No such handoff.'));
      throw error;
    }
  }, 'json'));

  server.get(`${STAFF_BASE}/handoffs/:id`, guard(async (req, res, ctx) => {
    const id = ticketIdOf(req);
    if (!id) return sendNotFound(req, res, ctx);
    await sendTicketPage(req, res, ctx, id);
  }));

  /** A POST action: on success back to the ticket page (303); a conflict or bad input is shown on the page itself. */
  const action = (name: string, run: (id: string, member: StaffMember, req: StaffRequest) => Promise<unknown>) =>
    server.post(`${STAFF_BASE}/handoffs/:id/${name}`, guard(async (req, res, ctx) => {
      const id = ticketIdOf(req);
      if (!id) return sendNotFound(req, res, ctx);
      try {
        await run(id, ctx.member, req);
        redirect(req, res, ticketHref(id));
      } catch (error) {
        if (error instanceof TicketNotFoundError) return sendNotFound(req, res, ctx);
        if (error instanceof TicketConflictError || error instanceof InvalidTransitionError) {
          deps.logger.info({ ticket: id, staff: ctx.member.id, action: name, reason: error.message }, 'staff action refused');
          return sendTicketPage(req, res, ctx, id, 409, { kind: 'error', text: text(ctx.lang, 'conflict', { message: error.message }) });
        }
        if (error instanceof InvalidReplyError) return sendTicketPage(req, res, ctx, id, 400, { kind: 'error', text: text(ctx.lang, 'emptyReply') });
        if (error instanceof InvalidRetryError) return sendTicketPage(req, res, ctx, id, 400, { kind: 'error', text: text(ctx.lang, 'badRetryTime') });
        throw error;
      }
    }));

  action('accept', (id, member) => handoff.accept(id, member));
  action('messages', (id, member, req) => {
    const reply = (formField(req, 'text') ?? '').trim();
    if (!reply || reply.length > 4000) throw new InvalidReplyError();
    return handoff.managerMessage(id, member, reply);
  });
  action('end', (id, member) => handoff.end(id, member));
  action('callback', (id, member, req) => {
    const outcome = formField(req, 'outcome');
    if (outcome === 'called_back' || outcome === 'done') return handoff.callbackOutcome(id, member, outcome);
    if (outcome !== 'no_answer') throw new InvalidRetryError();
    // The form's datetime-local is wall time in the branch's time zone.
    const retry = DateTime.fromISO(formField(req, 'retryAt') ?? '', { zone: deps.timeZone });
    if (!retry.isValid || retry.toMillis() <= deps.clock.now().getTime()) throw new InvalidRetryError();
    return handoff.callbackOutcome(id, member, 'no_answer', retry.toUTC().toISO()!);
  });
}

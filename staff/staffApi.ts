import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { HandoffService, TicketConflictError, TicketNotFoundError, type StaffMember } from '../handoff/handoffService.js';
import type { StaffDirectory } from './staffDirectory.js';
import { authenticateStaff } from './staffBearer.js';
import { sendError } from '../platform/http/errors.js';
import { caseStatuses, type CaseRecord, type CaseStore } from '../dialogs/caseStore.js';
import type { PolicyDirectory } from '../dialogs/policyDirectory.js';
import type { Clock } from '../platform/clock.js';
import { handoffStatuses, type HandoffTicket, type RelayMessage } from '../handoff/types.js';

export interface StaffApiDeps {
  handoff: HandoffService;
  staff: StaffDirectory;
  logger: Logger;
  /** Cases whose status staff update (the client sees it in "case status"). */
  cases?: CaseStore;
  directory?: PolicyDirectory;
  clock?: Clock;
}

const caseStatusSchema = z.object({ status: z.enum(caseStatuses), note: z.string().trim().max(500).optional() });

/** The ticket as staff see it in a list. */
export function ticketSummary(ticket: HandoffTicket) {
  const { conversationReference: _ref, transcript: _transcript, form: _form, ...rest } = ticket;
  return rest;
}

export function ticketDetail(ticket: HandoffTicket, messages: RelayMessage[]) {
  const { conversationReference: _ref, ...rest } = ticket;
  return { ...rest, messages };
}

const messageSchema = z.object({ text: z.string().trim().min(1).max(4000) });

/**
 * The staff API: a bearer token per staff member (STAFF_FILE). A member sees their own and
 * their team's tickets; anyone else's is 404, as if it did not exist.
 */
export function registerStaffApi(server: Server, deps: StaffApiDeps): void {
  const authenticate = (req: Request, res: Response) => authenticateStaff(req, res, deps.staff);

  const handle = (action: (req: Request, res: Response, staff: StaffMember) => Promise<void>) => async (req: Request, res: Response) => {
    const staff = authenticate(req, res);
    if (!staff) return;
    try {
      await action(req, res, staff);
    } catch (error) {
      if (error instanceof TicketNotFoundError) sendError(res, 404, 'NotFound', 'No such handoff.');
      else if (error instanceof TicketConflictError) sendError(res, 409, 'Conflict', error.message);
      else {
        deps.logger.error({ err: error, url: req.url }, 'staff API failed');
        sendError(res, 500, 'InternalError', 'The request could not be processed.');
      }
    }
  };

  server.get('/api/staff/handoffs', handle(async (req, res, staff) => {
    const query = (req.query ?? {}) as { status?: string };
    const statuses = query.status === 'all' || !query.status ? undefined : query.status.split(',').filter((s): s is HandoffTicket['status'] => (handoffStatuses as readonly string[]).includes(s));
    const tickets = await deps.handoff.listFor(staff, statuses);
    res.json({ handoffs: tickets.map(ticketSummary) });
  }));

  server.get('/api/staff/handoffs/:id', handle(async (req, res, staff) => {
    const { ticket, messages } = await deps.handoff.openTicket(String(req.params.id), staff);
    res.json(ticketDetail(ticket, messages));
  }));

  server.post('/api/staff/handoffs/:id/accept', handle(async (req, res, staff) => {
    res.json(ticketSummary(await deps.handoff.accept(String(req.params.id), staff)));
  }));

  server.post('/api/staff/handoffs/:id/messages', handle(async (req, res, staff) => {
    const parsed = messageSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'BadRequest', 'Expected {"text": string} (1–4000 characters).');
    res.status(201);
    res.json(await deps.handoff.managerMessage(String(req.params.id), staff, parsed.data.text));
  }));

  server.post('/api/staff/handoffs/:id/end', handle(async (req, res, staff) => {
    res.json(ticketSummary(await deps.handoff.end(String(req.params.id), staff)));
  }));

  // Cases: their manager and the manager's team may read them and move their status on.
  const { cases, directory, clock } = deps;
  if (cases && directory && clock) {
    const visibleCase = async (reference: string, staff: StaffMember): Promise<CaseRecord | undefined> => {
      const record = await cases.getCase(reference);
      if (!record) return undefined;
      const team = directory.manager(record.managerId)?.team;
      return record.managerId === staff.id || (team !== undefined && staff.teams.includes(team)) ? record : undefined;
    };

    server.get('/api/staff/cases/:reference', handle(async (req, res, staff) => {
      const record = await visibleCase(String(req.params.reference), staff);
      if (!record) return sendError(res, 404, 'NotFound', 'No such case.');
      res.json(record);
    }));

    server.post('/api/staff/cases/:reference/status', handle(async (req, res, staff) => {
      const parsed = caseStatusSchema.safeParse(req.body);
      if (!parsed.success) return sendError(res, 400, 'BadRequest', `Expected {"status": one of ${caseStatuses.join(', ')}, "note"?: string}.`);
      const record = await visibleCase(String(req.params.reference), staff);
      if (!record) return sendError(res, 404, 'NotFound', 'No such case.');
      const updated = await cases.updateStatus(record.reference, { status: parsed.data.status, by: staff.id, ...(parsed.data.note ? { note: parsed.data.note } : {}) }, clock.now());
      deps.logger.info({ reference: record.reference, status: parsed.data.status, staff: staff.id }, 'case status updated');
      res.json(updated);
    }));
  }
}

import type { Server } from 'restify';
import type { HandoffService, TicketChange } from '../../handoff/handoffService.js';
import { STAFF_BASE } from './layout.js';
import { staffSecurityHeaders } from './responses.js';
import { requireStaffSession, type StaffGuardDeps } from './sessionGuard.js';

export const LIVE_EVENTS_PATH = `${STAFF_BASE}/events`;

/**
 * A stream lives at most this long, then ends (the browser's EventSource reconnects after
 * `retry`). That bounds how long an ended session or a removed member keeps a stream, and lets
 * a graceful shutdown (SHUTDOWN_TIMEOUT_SECONDS, 25 s by default) finish without cutting it.
 */
export const STREAM_LIFETIME_MS = 20_000;
const RETRY_MS = 1_000;

export interface LiveRoutesDeps extends StaffGuardDeps {
  handoff: HandoffService;
  /** Shorter streams (tests); STREAM_LIFETIME_MS by default. */
  streamLifetimeMs?: number;
}

/**
 * GET /staff/events: Server-Sent Events for the live queue and the open ticket. Only behind the
 * staff session (401 without), and only for tickets the member may see (their own, their
 * team's). An event names the ticket, its status and what happened — never a message, a name or
 * any other content: the page fetches those through its usual signed-in requests.
 */
export function registerLiveRoutes(server: Server, deps: LiveRoutesDeps): void {
  const lifetime = deps.streamLifetimeMs ?? STREAM_LIFETIME_MS;
  server.get(
    LIVE_EVENTS_PATH,
    requireStaffSession(
      deps,
      async (req, res, ctx) => {
        for (const [name, value] of Object.entries(staffSecurityHeaders(req))) res.setHeader(name, value);
        res.setHeader('content-type', 'text/event-stream; charset=utf-8');
        res.setHeader('x-accel-buffering', 'no');
        res.writeHead(200);
        res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
        let seq = 0;
        const unsubscribe = deps.handoff.subscribe(({ ticket, event }: TicketChange) => {
          if (!deps.handoff.visibleTo(ticket, ctx.member)) return;
          const data = JSON.stringify({ id: ticket.id, status: ticket.status, event, at: ticket.updatedAt });
          res.write(`id: ${++seq}\nevent: ticket\ndata: ${data}\n\n`);
        });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, lifetime);
          res.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        unsubscribe();
        if (!res.writableEnded) res.end();
      },
      'json',
    ),
  );
}

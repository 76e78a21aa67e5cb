import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { AppConfig } from '../../platform/config.js';
import type { HandoffService } from '../../handoff/handoffService.js';
import type { StaffDirectory } from '../staffDirectory.js';
import { registerStaffAssets } from './assetRoutes.js';
import { registerLoginRoutes } from './loginRoutes.js';
import { LoginThrottle, type SignInAttemptStore } from './loginThrottle.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { requireStaffSession, type StaffGuardDeps, type StaffHandler } from './sessionGuard.js';
import { MemorySessionStore, type SessionStore } from './sessionStore.js';
import { registerTicketRoutes } from './ticketRoutes.js';
import { registerLiveRoutes } from './liveRoutes.js';

export { renderStaffPage, csrfField, STAFF_BASE, type StaffPageOptions } from './layout.js';
export { html, rawHtml, SafeHtml } from './html.js';
export { sendHtml, sendJson, redirect } from './responses.js';
export { requireStaffSession, formField, type StaffGuardDeps, type StaffHandler, type StaffRequest, type StaffRequestContext } from './sessionGuard.js';
export { MemorySessionStore, type SessionStore, type StaffSession } from './sessionStore.js';
export { text, type StaffLang } from './texts.js';

export interface StaffPagesDeps {
  handoff: HandoffService;
  staff: StaffDirectory;
  logger: Logger;
  config: Pick<
    AppConfig,
    'STAFF_SESSION_TTL_MINUTES' | 'STAFF_SESSION_IDLE_MINUTES' | 'STAFF_COOKIE_SECURE' | 'STAFF_LOGIN_MAX_FAILURES' | 'STAFF_LOGIN_WINDOW_MINUTES' | 'WEBCHAT_TRUSTED_PROXIES' | 'TIME_ZONE'
  >;
  /** Another session store (e.g. shared by several instances); in memory by default. */
  sessions?: SessionStore;
  /** The time source of the sign-in throttle (tests set it). */
  clock?: Clock;
  /** Where failed sign-ins and known devices are kept (shared by several instances); in memory by default. */
  signInAttempts?: SignInAttemptStore;
}

/** What other staff pages (e.g. /staff/insights) need to sit behind the same sign-in. */
export interface StaffPages {
  /** Wraps a handler: session required, CSRF checked on POST; see `requireStaffSession`. */
  requireStaffSession: (handler: StaffHandler, kind?: 'page' | 'json') => ReturnType<typeof requireStaffSession>;
  sessions: SessionStore;
}

/**
 * The staff workspace at /staff: sign-in with the staff file's passwords, server-side sessions
 * in an HTTP-only cookie, CSRF tokens on every form, and the open handoffs of the member and
 * their team with Accept, reply and End.
 */
export function registerStaffPages(server: Server, deps: StaffPagesDeps): StaffPages {
  const { config } = deps;
  const sessionTtlMs = config.STAFF_SESSION_TTL_MINUTES * 60_000;
  const sessions = deps.sessions ?? new MemorySessionStore({ ttlMs: sessionTtlMs, idleMs: config.STAFF_SESSION_IDLE_MINUTES * 60_000 });
  const guardDeps: StaffGuardDeps = {
    sessions,
    staff: deps.staff,
    logger: deps.logger.child({ component: 'staff-pages' }),
    cookieSecure: config.STAFF_COOKIE_SECURE,
    trustedProxies: config.WEBCHAT_TRUSTED_PROXIES,
  };
  const throttle = new LoginThrottle({
    maxFailures: config.STAFF_LOGIN_MAX_FAILURES,
    windowMs: config.STAFF_LOGIN_WINDOW_MINUTES * 60_000,
    ...(deps.clock ? { now: () => deps.clock!.now().getTime() } : {}),
    ...(deps.signInAttempts ? { store: deps.signInAttempts } : {}),
  });

  registerStaffAssets(server);
  registerLoginRoutes(server, { ...guardDeps, throttle, sessionTtlMs });
  registerTicketRoutes(server, { ...guardDeps, handoff: deps.handoff, timeZone: config.TIME_ZONE, clock: deps.clock ?? systemClock });
  registerLiveRoutes(server, { ...guardDeps, handoff: deps.handoff });

  return {
    requireStaffSession: (handler, kind) => requireStaffSession(guardDeps, handler, kind),
    sessions,
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { StaffMember } from '../../handoff/handoffService.js';
import type { StaffDirectory } from '../staffDirectory.js';
import { readCookies, serializeCookie } from './cookies.js';
import { html } from './html.js';
import { renderStaffPage, STAFF_BASE } from './layout.js';
import { pageLanguage } from './pageLanguage.js';
import { isSameOriginPost, sameSecret, secureCookies } from './requestSecurity.js';
import { appendCookie, redirect, sendHtml, sendJson } from './responses.js';
import type { SessionStore, StaffSession } from './sessionStore.js';
import { text, type StaffLang } from './texts.js';
import { errorBody } from '../../platform/http/errors.js';

export const SESSION_COOKIE = 'staff_session';

/** What a staff page handler gets besides the request: who is signed in, their session, the page language. */
export interface StaffRequestContext {
  member: StaffMember;
  session: StaffSession;
  lang: StaffLang;
}

/** The request as restify hands it over: the parsed form in `body`, route parameters in `params`. */
export type StaffRequest = IncomingMessage & { body?: unknown; params?: Record<string, unknown> };

export type StaffHandler = (req: StaffRequest, res: ServerResponse, ctx: StaffRequestContext) => Promise<void>;

export interface StaffGuardDeps {
  sessions: SessionStore;
  staff: StaffDirectory;
  logger: Logger;
  cookieSecure: 'auto' | 'true' | 'false';
  trustedProxies: number;
}

/** A field of a url-encoded form body (restify's body parser has turned it into an object); undefined unless a single string. */
export function formField(req: { body?: unknown }, name: string): string | undefined {
  const body = req.body;
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Only our own pages may be a return address after sign-in (no open redirect to another site). */
export function safeReturnPath(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/staff(?:\/[A-Za-z0-9._-]+)*$/.test(value) && !value.includes('..') ? value : undefined;
}

export function sessionCookie(value: string, secure: boolean, maxAgeSeconds: number): string {
  return serializeCookie(SESSION_COOKIE, value, { path: STAFF_BASE, secure, maxAge: maxAgeSeconds });
}

/** A POST that is not from one of our own forms: no page state changes, a polite explanation. */
export function sendForbidden(req: IncomingMessage, res: ServerResponse, lang: StaffLang, member?: StaffMember, csrfToken?: string): void {
  const body = html`<p><a href="${STAFF_BASE}">${text(lang, 'backToList')}</a></p>`;
  sendHtml(req, res, 403, renderStaffPage(text(lang, 'forbiddenHeading'), body, member, { lang, ...(csrfToken ? { csrfToken } : {}), notice: { kind: 'error', text: text(lang, 'badForm') } }));
}

/** A 500 page: the details go to the log (with the request id), not to the browser. */
export function sendServerError(req: IncomingMessage, res: ServerResponse, lang: StaffLang): void {
  sendHtml(req, res, 500, renderStaffPage(text(lang, 'serverErrorHeading'), html`<p>${text(lang, 'serverError')}</p>`, undefined, { lang }));
}

/**
 * Wraps a staff page handler: it runs only with a live session of a member still in the staff
 * file, and for anything but GET only with the session's CSRF token (form field `csrf` or
 * header `x-csrf-token`) and a same-origin Origin/Referer. Without a session a page redirects
 * to the sign-in (303) and JSON answers 401. Exceptions become a 500 page, never a crash.
 *
 * Later staff pages (e.g. /staff/insights) reuse it: `server.get('/staff/x', guard(async (req, res, ctx) => …))`.
 */
export function requireStaffSession(deps: StaffGuardDeps, handler: StaffHandler, kind: 'page' | 'json' = 'page') {
  return async (req: StaffRequest, res: ServerResponse): Promise<void> => {
    const secure = secureCookies(req, deps.cookieSecure);
    const lang = pageLanguage(req, res, secure);
    try {
      const cookie = readCookies(req).get(SESSION_COOKIE);
      const session = cookie ? await deps.sessions.touch(cookie) : undefined;
      const member = session ? deps.staff.member(session.memberId) : undefined;
      if (!session || !member) {
        // A member removed from the staff file loses their sessions at the next request.
        if (session) await deps.sessions.delete(session.id);
        if (cookie) appendCookie(res, sessionCookie('', secure, 0));
        if (kind === 'json') return sendJson(req, res, 401, errorBody('Unauthorized', 'Sign in at /staff/login.'));
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        const next = req.method === 'GET' ? safeReturnPath(path) : undefined;
        return redirect(req, res, next && next !== STAFF_BASE ? `${STAFF_BASE}/login?next=${encodeURIComponent(next)}` : `${STAFF_BASE}/login`);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const token = formField(req, 'csrf') ?? req.headers['x-csrf-token'];
        if (!isSameOriginPost(req, deps.trustedProxies) || !sameSecret(session.csrfToken, token)) {
          deps.logger.warn({ url: req.url, staff: member.id }, 'staff POST refused: missing or wrong CSRF token, or another origin');
          if (kind === 'json') return sendJson(req, res, 403, errorBody('Forbidden', 'Missing or invalid CSRF token.'));
          return sendForbidden(req, res, lang, member, session.csrfToken);
        }
      }
      await handler(req, res, { member, session, lang });
    } catch (error) {
      deps.logger.error({ err: error, url: req.url }, 'staff page failed');
      if (kind === 'json') sendJson(req, res, 500, errorBody('InternalError', 'The request could not be processed.'));
      else sendServerError(req, res, lang);
    }
  };
}

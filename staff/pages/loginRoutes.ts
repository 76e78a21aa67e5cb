import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { clientAddress } from '../../platform/http/requestOrigin.js';
import { readCookies, serializeCookie } from './cookies.js';
import { renderStaffPage, STAFF_BASE } from './layout.js';
import { loginBody } from './loginPage.js';
import type { LoginThrottle } from './loginThrottle.js';
import { pageLanguage } from './pageLanguage.js';
import { isSameOriginPost, sameSecret, secureCookies } from './requestSecurity.js';
import { appendCookie, redirect, sendHtml } from './responses.js';
import { formField, requireStaffSession, safeReturnPath, sendServerError, SESSION_COOKIE, sessionCookie, type StaffGuardDeps } from './sessionGuard.js';
import { randomToken } from './sessionStore.js';
import { text, type StaffLang } from './texts.js';

/**
 * Before sign-in there is no session to hold a CSRF token, so the form's token is paired with
 * a cookie of its own (double submit): another site can neither read it nor, with
 * SameSite=Strict, make the browser send it. This stops "login CSRF" (signing a manager into
 * someone else's account).
 */
const LOGIN_COOKIE = 'staff_login';
/** Marks a browser where a staff member signed in (loginThrottle.ts: its own failure allowance). */
const DEVICE_COOKIE = 'staff_device';
const LOGIN_COOKIE_PATH = `${STAFF_BASE}/login`;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface LoginRoutesDeps extends StaffGuardDeps {
  throttle: LoginThrottle;
  /** The session cookie's Max-Age: the session's absolute lifetime. */
  sessionTtlMs: number;
}

const MAX_ID_CHARS = 100;
/** scrypt of a megabyte-long "password" would be cheap denial of service. */
const MAX_PASSWORD_CHARS = 1024;

type FormRequest = IncomingMessage & { body?: unknown };

/** GET/POST /staff/login and POST /staff/logout. */
export function registerLoginRoutes(server: Server, deps: LoginRoutesDeps): void {
  const { sessions, staff, logger, throttle } = deps;

  /** The sign-in page with a login token, reusing the browser's if it has one (several open tabs keep working). */
  const showLogin = (req: IncomingMessage, res: ServerResponse, status: number, lang: StaffLang, form: { id?: string; next?: string; error?: string } = {}) => {
    const secure = secureCookies(req, deps.cookieSecure);
    const existing = readCookies(req).get(LOGIN_COOKIE);
    const token = existing && TOKEN_PATTERN.test(existing) ? existing : randomToken(32);
    appendCookie(res, serializeCookie(LOGIN_COOKIE, token, { path: LOGIN_COOKIE_PATH, secure, maxAge: 12 * 3600 }));
    const body = loginBody({ lang, csrfToken: token, ...(form.id ? { id: form.id } : {}), ...(form.next ? { next: form.next } : {}) });
    const page = renderStaffPage(text(lang, 'signInHeading'), body, undefined, { lang, path: LOGIN_COOKIE_PATH, ...(form.error ? { notice: { kind: 'error', text: form.error } } : {}) });
    sendHtml(req, res, status, page);
  };

  const signedInMember = async (req: IncomingMessage) => {
    const cookie = readCookies(req).get(SESSION_COOKIE);
    const session = cookie ? await sessions.touch(cookie) : undefined;
    return session && staff.member(session.memberId) ? session : undefined;
  };

  server.get(`${STAFF_BASE}/login`, async (req: FormRequest, res: ServerResponse) => {
    const lang = pageLanguage(req, res, secureCookies(req, deps.cookieSecure));
    try {
      const next = safeReturnPath(new URL(req.url ?? '/', 'http://localhost').searchParams.get('next'));
      if (await signedInMember(req)) return redirect(req, res, next ?? STAFF_BASE);
      showLogin(req, res, 200, lang, next ? { next } : {});
    } catch (error) {
      logger.error({ err: error }, 'staff sign-in page failed');
      sendServerError(req, res, lang);
    }
  });

  server.post(`${STAFF_BASE}/login`, async (req: FormRequest, res: ServerResponse) => {
    const secure = secureCookies(req, deps.cookieSecure);
    const lang = pageLanguage(req, res, secure);
    try {
      const next = safeReturnPath(formField(req, 'next'));
      const cookieToken = readCookies(req).get(LOGIN_COOKIE);
      if (!cookieToken || !sameSecret(cookieToken, formField(req, 'csrf')) || !isSameOriginPost(req, deps.trustedProxies)) {
        logger.warn('staff sign-in refused: not from our sign-in form');
        return showLogin(req, res, 403, lang, { ...(next ? { next } : {}), error: text(lang, 'badForm') });
      }
      const id = (formField(req, 'id') ?? '').trim();
      const password = formField(req, 'password') ?? '';
      if (!id || !password || id.length > MAX_ID_CHARS || password.length > MAX_PASSWORD_CHARS) {
        return showLogin(req, res, 401, lang, { ...(id && id.length <= MAX_ID_CHARS ? { id } : {}), ...(next ? { next } : {}), error: text(lang, 'wrongCredentials') });
      }
      const attempt = { staffId: id, address: clientAddress(req, deps.trustedProxies), device: readCookies(req).get(DEVICE_COOKIE) };
      // What was typed as the id may be a password typed in the wrong field: only a real staff id is logged.
      const loggedId = staff.member(id) ? { staffId: id } : { staffId: '(unknown id)' };
      const wait = await throttle.retryAfterSeconds(attempt);
      if (wait > 0) {
        logger.warn(loggedId, 'staff sign-in throttled after repeated failures');
        res.setHeader('retry-after', String(wait));
        return showLogin(req, res, 429, lang, { id, ...(next ? { next } : {}), error: text(lang, 'tooManyAttempts', { minutes: Math.ceil(wait / 60) }) });
      }
      const member = staff.verifyPassword(id, password);
      if (!member) {
        await throttle.recordFailure(attempt);
        logger.info(loggedId, 'staff sign-in failed');
        return showLogin(req, res, 401, lang, { id, ...(next ? { next } : {}), error: text(lang, 'wrongCredentials') });
      }
      // This browser is now a known device of this member: others' failures no longer lock it out.
      const device = await throttle.recordSuccess({ ...attempt, staffId: member.id });
      appendCookie(res, serializeCookie(DEVICE_COOKIE, device, { path: STAFF_BASE, secure, maxAge: throttle.deviceTtlMs / 1000 }));
      // A new id at every sign-in: a session id planted before sign-in (fixation) is worth nothing.
      const previous = readCookies(req).get(SESSION_COOKIE);
      if (previous) await sessions.delete(previous);
      const session = await sessions.create(member.id);
      appendCookie(res, sessionCookie(session.id, secure, deps.sessionTtlMs / 1000));
      appendCookie(res, serializeCookie(LOGIN_COOKIE, '', { path: LOGIN_COOKIE_PATH, secure, maxAge: 0 }));
      logger.info({ staff: member.id }, 'staff signed in');
      redirect(req, res, next ?? STAFF_BASE);
    } catch (error) {
      logger.error({ err: error }, 'staff sign-in failed with an error');
      sendServerError(req, res, lang);
    }
  });

  server.post(
    `${STAFF_BASE}/logout`,
    requireStaffSession(deps, async (req, res, { session, member }) => {
      await sessions.delete(session.id);
      appendCookie(res, sessionCookie('', secureCookies(req, deps.cookieSecure), 0));
      logger.info({ staff: member.id }, 'staff signed out');
      redirect(req, res, `${STAFF_BASE}/login`);
    }),
  );
}

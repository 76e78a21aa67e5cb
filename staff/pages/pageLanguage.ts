import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookies, serializeCookie } from './cookies.js';
import { STAFF_BASE } from './layout.js';
import { appendCookie } from './responses.js';
import { isStaffLang, type StaffLang } from './texts.js';

export const LANG_COOKIE = 'staff_lang';

/**
 * The staff page's language: `?lang=cs|en` switches it (and is remembered in a cookie for a
 * year), otherwise the cookie, otherwise English. Only a display preference, so a plain link
 * may change it.
 */
export function pageLanguage(req: IncomingMessage, res: ServerResponse, secure: boolean): StaffLang {
  const requested = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
  if (isStaffLang(requested)) {
    appendCookie(res, serializeCookie(LANG_COOKIE, requested, { path: STAFF_BASE, secure, maxAge: 365 * 24 * 3600, sameSite: 'Lax' }));
    return requested;
  }
  const remembered = readCookies(req).get(LANG_COOKIE);
  return isStaffLang(remembered) ? remembered : 'en';
}

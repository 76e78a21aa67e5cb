import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookies, serializeCookie } from './cookies.js';
import { STAFF_BASE } from './layout.js';
import { appendCookie } from './responses.js';
import { isStaffLang, type StaffLang } from './texts.js';

export const LANG_COOKIE = 'staff_lang';

/**
 * The first staff language the browser asks for in `Accept-Language` (by q-value, then order;
 * Slovak reads Czech), if any: "cs-CZ,cs;q=0.9,en;q=0.8" → cs.
 */
export function languageFromAcceptLanguage(header: string | string[] | undefined): StaffLang | undefined {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranges = value
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { primary: tag.trim().slice(0, 2).toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { primary } of ranges) {
    if (primary === 'cs' || primary === 'sk') return 'cs';
    if (primary === 'en') return 'en';
  }
  return undefined;
}

/**
 * The staff page's language: `?lang=cs|en` switches it (and is remembered in a cookie for a
 * year), otherwise the cookie, otherwise the browser's `Accept-Language`, otherwise English.
 * Only a display preference, so a plain link may change it.
 */
export function pageLanguage(req: IncomingMessage, res: ServerResponse, secure: boolean): StaffLang {
  const requested = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
  if (isStaffLang(requested)) {
    appendCookie(res, serializeCookie(LANG_COOKIE, requested, { path: STAFF_BASE, secure, maxAge: 365 * 24 * 3600, sameSite: 'Lax' }));
    return requested;
  }
  const remembered = readCookies(req).get(LANG_COOKIE);
  if (isStaffLang(remembered)) return remembered;
  return languageFromAcceptLanguage(req.headers['accept-language']) ?? 'en';
}

import type { StaffMember } from '../../handoff/handoffService.js';
import { html, rawHtml, SafeHtml } from './html.js';
import { text, type StaffLang } from './texts.js';

export const STAFF_BASE = '/staff';
export const STAFF_ASSETS = `${STAFF_BASE}/assets`;

export interface StaffPageOptions {
  lang?: StaffLang;
  /** The session's CSRF token, for the sign-out form in the header (signed-in pages). */
  csrfToken?: string;
  /** The page's own GET address, for the language switch (defaults to the list). */
  path?: string;
  /** A message above the content: the result of an action, or why it failed. */
  notice?: { kind: 'error' | 'info'; text: string };
}

/** A hidden field carrying the session's CSRF token: put it in every form that POSTs. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}

function accountNav(member: StaffMember | undefined, lang: StaffLang, csrfToken: string | undefined): SafeHtml {
  if (!member) return html``;
  return html`<p class="signed-in">${text(lang, 'signedInAs')} <strong>${member.name}</strong></p>
      ${csrfToken ? html`<form method="post" action="${STAFF_BASE}/logout" class="inline">${csrfField(csrfToken)}<button type="submit" class="link-button">${text(lang, 'signOut')}</button></form>` : ''}`;
}

/**
 * The one layout of every staff page (the list, a ticket, sign-in, and later pages such as
 * Insights): header with the member and sign-out, a language switch, a notice, the title as
 * the page's only <h1>, then `bodyHtml` (already escaped markup, e.g. built with `html`).
 * Only our own stylesheet and script are referenced, as the CSP requires.
 */
export function renderStaffPage(title: string, bodyHtml: SafeHtml | string, member: StaffMember | undefined, options: StaffPageOptions = {}): string {
  const lang = options.lang ?? 'en';
  const other: StaffLang = lang === 'en' ? 'cs' : 'en';
  const body = bodyHtml instanceof SafeHtml ? bodyHtml : rawHtml(bodyHtml);
  const notice = options.notice
    ? html`<p class="notice notice-${options.notice.kind}" role="${options.notice.kind === 'error' ? 'alert' : 'status'}">${options.notice.text}</p>`
    : '';
  return html`<!doctype html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title>${title} · ${text(lang, 'appName')}</title>
  <link rel="icon" href="${STAFF_ASSETS}/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${STAFF_ASSETS}/staff.css">
  <script src="${STAFF_ASSETS}/staff.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">${text(lang, 'skipToContent')}</a>
  <header class="site-header">
    <p class="brand"><a href="${STAFF_BASE}">${text(lang, 'appName')}</a></p>
    <nav class="account" aria-label="${text(lang, 'appName')}">
      ${member ? html`<a href="${STAFF_BASE}">${text(lang, 'navHandoffs')}</a> <a href="${STAFF_BASE}/insights">${text(lang, 'navInsights')}</a>` : ''}
      <a href="${options.path ?? STAFF_BASE}?lang=${other}" lang="${other}" hreflang="${other}" aria-label="${text(lang, 'switchLanguageLabel')}">${text(lang, 'switchLanguage')}</a>
      ${accountNav(member, lang, options.csrfToken)}
    </nav>
  </header>
  <main id="main" tabindex="-1">
    <h1>${title}</h1>
    ${notice}
    ${body}
  </main>
</body>
</html>
`.value;
}

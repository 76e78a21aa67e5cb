import { html, type SafeHtml } from './html.js';
import { STAFF_BASE } from './layout.js';
import { text, type StaffLang } from './texts.js';

/** The sign-in form. `csrfToken` pairs with the sign-in cookie (no session exists yet to hold it). */
export function loginBody(options: { lang: StaffLang; csrfToken: string; id?: string; next?: string }): SafeHtml {
  const { lang } = options;
  return html`<form method="post" action="${STAFF_BASE}/login" class="login">
    <input type="hidden" name="csrf" value="${options.csrfToken}">
    ${options.next ? html`<input type="hidden" name="next" value="${options.next}">` : ''}
    <p class="field">
      <label for="login-id">${text(lang, 'staffId')}</label>
      <input id="login-id" name="id" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="100" required value="${options.id ?? ''}"${options.id ? '' : html` autofocus`}>
    </p>
    <p class="field">
      <label for="login-password">${text(lang, 'password')}</label>
      <input id="login-password" name="password" type="password" autocomplete="current-password" maxlength="1024" required${options.id ? html` autofocus` : ''}>
    </p>
    <p><button type="submit" class="primary">${text(lang, 'signIn')}</button></p>
  </form>`;
}

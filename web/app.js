/* global window, document, sessionStorage, localStorage, navigator, location, URLSearchParams */
// The chat page: gets a Direct Line token from the bot, renders Web Chat (from the installed
// package), keeps the conversation across reloads, and switches between Czech and English.

import { adaptCitations } from './citations.js';
import { asPerson, handoffActivityMiddleware, handoffAvatarMiddleware, handoffGroupActivitiesMiddleware, handoffOf } from './handoffView.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { LOCALES, TEXTS, format, pickLanguage } from './texts.js';

const TOKEN_URL = '/api/directline/token';
const LANGUAGE_KEY = 'atradius.support-chat.language';
// botframework-directlinejs connection states.
const ONLINE = 2;
const FAILED_TO_CONNECT = 4;

// The server puts a fresh nonce on this page's script tag; Web Chat needs the same nonce for the
// <style> elements it injects, because the page's CSP allows no inline style without it.
const nonce = document.querySelector('script[nonce]')?.nonce || undefined;
// `?transport=polling` forces Direct Line's polling fallback (networks that block WebSockets).
const useWebSocket = new URLSearchParams(location.search).get('transport') !== 'polling';

const elements = {
  chat: /** @type {HTMLElement} */ (document.getElementById('chat')),
  status: /** @type {HTMLElement} */ (document.getElementById('status')),
  newConversation: /** @type {HTMLButtonElement} */ (document.getElementById('new-conversation')),
  languageButtons: /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll('[data-lang]')]),
  handoffWaiting: /** @type {HTMLElement} */ (document.getElementById('handoff-waiting')),
  handoffWaitingText: /** @type {HTMLElement} */ (document.getElementById('handoff-waiting-text')),
};

const state = {
  lang: pickLanguage({ search: location.search, stored: readStoredLanguage(), browser: navigator.languages ?? [navigator.language] }),
  /** @type {import('./session.js').StoredSession | null} */
  session: null,
  /** @type {any} */
  directLine: null,
  /** @type {any} */
  store: null,
  /** @type {{ key: string, values?: Record<string, string | number> } | null} */
  status: null,
  /** Bumped by every (re)connection, so a slow older attempt cannot overwrite a newer one. */
  attempt: 0,
};

class RateLimitedError extends Error {
  /** @param {number} seconds */
  constructor(seconds) {
    super('rate limited');
    this.seconds = seconds;
  }
}

function readStoredLanguage() {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}

/** @param {string} key @param {Record<string, string | number>} [values] */
function t(key, values = {}) {
  return format(TEXTS[state.lang][key] ?? key, values);
}

/** @param {string | null} key @param {Record<string, string | number>} [values] */
function setStatus(key, values) {
  state.status = key ? { key, values } : null;
  elements.status.textContent = key ? t(key, values) : '';
}

function applyTexts() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-text]')) element.textContent = t(element.dataset.text);
  for (const element of document.querySelectorAll('[data-text-label]')) element.setAttribute('aria-label', t(element.dataset.textLabel));
  for (const button of elements.languageButtons) button.setAttribute('aria-pressed', String(button.dataset.lang === state.lang));
  if (state.status) setStatus(state.status.key, state.status.values);
}

function styleOptions() {
  return {
    accent: '#a1001c',
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    backgroundColor: '#ffffff',
    bubbleBackground: '#f2f3f5',
    bubbleBorderWidth: 0,
    bubbleBorderRadius: 12,
    bubbleFromUserBackground: '#a1001c',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderWidth: 0,
    bubbleFromUserBorderRadius: 12,
    botAvatarInitials: t('botInitials'),
    botAvatarBackgroundColor: '#a1001c',
    userAvatarInitials: t('userInitials'),
    sendBoxButtonColor: '#a1001c',
    suggestedActionLayout: 'flow',
    // Web Chat's upload button: the claim's documents step accepts files sent here (the local
    // Direct Line's /upload stores them with the case; up to 10 files of 10 MB per message).
    hideUploadButton: false,
  };
}

/**
 * A report summary's Confirm or Cancel ends the form: its card's buttons are disabled so the used
 * card cannot be clicked again (a stale click would only be answered "already filed"). The click
 * focused the button, which is how the card is found; where a browser does not focus clicked
 * buttons the card simply stays as it was.
 * @param {unknown} value the posted activity's value
 */
function retireSummaryCard(value) {
  if (!value || typeof value !== 'object' || !('formId' in value) || !('action' in value)) return;
  if (value.action !== 'confirm' && value.action !== 'cancel') return;
  const card = document.activeElement?.closest?.('.ac-adaptiveCard');
  if (!card) return;
  for (const button of card.querySelectorAll('button')) {
    button.disabled = true;
    button.setAttribute('aria-disabled', 'true');
  }
  card.classList.add('summary-card-used');
}

/**
 * The waiting banner of a handoff: shown from "your manager has been notified" until someone
 * joins or the handoff ends; "joined"/"ended" are also announced in the page's live region.
 * @param {any} activity
 */
function followHandoff(activity) {
  const data = handoffOf(activity);
  if (!data || activity.type !== 'event') return;
  if (data.kind === 'waiting') {
    const since = data.since ? new Date(data.since) : null;
    const time = since && !Number.isNaN(since.getTime()) ? since.toLocaleTimeString(LOCALES[state.lang], { hour: 'numeric', minute: '2-digit' }) : '';
    elements.handoffWaitingText.textContent = [data.text, time ? t('handoffWaitingSince', { time }) : ''].filter(Boolean).join(' ');
    elements.handoffWaiting.hidden = false;
    return;
  }
  elements.handoffWaiting.hidden = true;
  if (data.text) {
    state.status = null;
    elements.status.textContent = data.text;
  }
}

/** Web Chat's Redux store, with citations prepared for Web Chat's renderer on the way in. */
function createStore() {
  return window.WebChat.createStore({}, () => (next) => (action) => {
    if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload?.activity) {
      followHandoff(action.payload.activity);
      action = { ...action, payload: { ...action.payload, activity: asPerson(adaptCitations(action.payload.activity)) } };
    }
    if (action.type === 'DIRECT_LINE/POST_ACTIVITY') retireSummaryCard(action.payload?.activity?.value);
    return next(action);
  });
}

async function requestSession() {
  const response = await fetch(TOKEN_URL, { method: 'POST', headers: { accept: 'application/json' } });
  if (response.status === 429) throw new RateLimitedError(Number(response.headers.get('retry-after')) || 30);
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}.`);
  const body = await response.json();
  return { conversationId: body.conversationId, token: body.token, domain: body.domain, started: false };
}

/**
 * A stored conversation, ready to resume: its token swapped for a fresh one (the stored one may be
 * close to expiry) and the conversation still known to Direct Line. Null when it cannot be resumed.
 * @param {import('./session.js').StoredSession} saved
 */
async function renewSession(saved) {
  try {
    const refreshed = await fetch(`${saved.domain}/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${saved.token}` } });
    if (!refreshed.ok) return null;
    const { token } = await refreshed.json();
    if (typeof token !== 'string') return null;
    if (!saved.started) return { ...saved, token };
    const conversation = await fetch(`${saved.domain}/conversations/${encodeURIComponent(saved.conversationId)}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    return conversation.ok ? { ...saved, token } : null;
  } catch {
    return null;
  }
}

function rememberSession() {
  if (!state.session) return;
  // botframework-directlinejs refreshes its token every 15 minutes; keep the newest one.
  saveSession(sessionStorage, { ...state.session, token: state.directLine?.token || state.session.token });
}

function render() {
  window.WebChat.renderWebChat(
    {
      // A new conversation gets a new key: React remounts Web Chat with an empty transcript.
      key: state.session.conversationId,
      directLine: state.directLine,
      store: state.store,
      locale: LOCALES[state.lang],
      nonce,
      styleOptions: styleOptions(),
      activityMiddleware: handoffActivityMiddleware,
      avatarMiddleware: handoffAvatarMiddleware,
      groupActivitiesMiddleware: handoffGroupActivitiesMiddleware,
    },
    elements.chat,
  );
}

/** @param {{ fresh: boolean }} options */
async function openConversation({ fresh }) {
  const attempt = ++state.attempt;
  setStatus('connecting');
  if (!window.WebChat) throw new Error('Web Chat did not load.');
  if (fresh) clearSession(sessionStorage);
  const saved = fresh ? null : loadSession(sessionStorage);
  const session = (saved && (await renewSession(saved))) || (await requestSession());
  if (attempt !== state.attempt) return;

  state.directLine?.end();
  state.session = session;
  saveSession(sessionStorage, session);
  state.store = createStore();
  elements.handoffWaiting.hidden = true;
  state.directLine = window.WebChat.createDirectLine({
    domain: session.domain,
    token: session.token,
    // With a conversation id Direct Line resumes (GET, full history); without, it starts one (POST),
    // and the bot's welcome comes in the page's language.
    conversationId: session.started ? session.conversationId : undefined,
    conversationStartProperties: { locale: LOCALES[state.lang] },
    webSocket: useWebSocket,
  });
  const directLine = state.directLine;
  directLine.connectionStatus$.subscribe((status) => {
    if (directLine !== state.directLine) return;
    if (status === ONLINE) {
      state.session = { ...state.session, started: true };
      rememberSession();
      if (state.status?.key === 'connecting') setStatus(null);
    } else if (status === FAILED_TO_CONNECT) {
      setStatus('connectFailed');
    }
  });
  render();
}

/** @param {unknown} error */
function showConnectError(error) {
  if (error instanceof RateLimitedError) setStatus('rateLimited', { seconds: error.seconds });
  else setStatus('connectFailed');
  console.error(error);
}

/** @param {'cs' | 'en'} lang */
function switchLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = lang;
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // Not remembered; the switch still applies to this page.
  }
  applyTexts();
  // Same conversation, new locale: Web Chat's own texts change and later messages carry it.
  if (state.directLine) render();
}

for (const button of elements.languageButtons) {
  button.addEventListener('click', () => switchLanguage(/** @type {'cs' | 'en'} */ (button.dataset.lang)));
}

elements.newConversation.addEventListener('click', () => {
  openConversation({ fresh: true })
    .then(() => {
      setStatus('newConversationStarted');
      elements.chat.querySelector('input, textarea')?.focus();
    })
    .catch(showConnectError);
});

window.addEventListener('pagehide', rememberSession);

applyTexts();
openConversation({ fresh: false }).catch(showConnectError);

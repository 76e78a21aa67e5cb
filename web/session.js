// The tab's conversation, kept in sessionStorage: a reload resumes it, a new tab starts afresh,
// closing the tab forgets it.

/**
 * @typedef {object} StoredSession
 * @property {string} conversationId
 * @property {string} token
 * @property {string} domain   Direct Line base URL (ours, or Azure's in production)
 * @property {boolean} started whether the conversation was opened (resume it instead of starting it)
 */

const KEY = 'atradius.support-chat.session';

/** @param {Storage} storage @returns {StoredSession | null} */
export function loadSession(storage) {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (value && typeof value.conversationId === 'string' && typeof value.token === 'string' && typeof value.domain === 'string') {
      return { conversationId: value.conversationId, token: value.token, domain: value.domain, started: value.started === true };
    }
  } catch {
    // A corrupt entry is as good as none.
  }
  return null;
}

/** @param {Storage} storage @param {StoredSession} session */
export function saveSession(storage, session) {
  try {
    storage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage may be full or disabled (private mode): the chat still works, it just won't survive a reload.
  }
}

/** @param {Storage} storage */
export function clearSession(storage) {
  try {
    storage.removeItem(KEY);
  } catch {
    // See saveSession.
  }
}

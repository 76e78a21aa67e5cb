/* global URLSearchParams */
// The page's own texts (its chrome, not the bot's messages): one entry per language.

/** @typedef {'cs' | 'en'} PageLanguage */

export const LANGUAGES = /** @type {const} */ (['cs', 'en']);

/** Web Chat's locale per page language; it is also sent on every activity, so the bot answers in it. */
export const LOCALES = { cs: 'cs-CZ', en: 'en-US' };

export const TEXTS = {
  cs: {
    title: 'Atradius – zákaznická podpora',
    subtitle: 'Virtuální asistent zákaznického servisu',
    heading: 'Chat s virtuálním asistentem',
    chatLabel: 'Chat s virtuálním asistentem',
    languageLabel: 'Jazyk',
    newConversation: 'Nová konverzace',
    skipToChat: 'Přejít na chat',
    privacy: 'Nesdílejte prosím v chatu hesla ani čísla platebních karet.',
    connecting: 'Připojuji se…',
    newConversationStarted: 'Začala nová konverzace.',
    connectFailed: 'Chat se nepodařilo spustit. Zkuste to prosím za chvíli znovu.',
    rateLimited: 'Příliš mnoho pokusů o spojení. Zkuste to prosím znovu za {seconds} s.',
    handoffWaitingSince: 'Čekáte od {time}.',
    userInitials: 'Vy',
    botInitials: 'A',
  },
  en: {
    title: 'Atradius – Customer support',
    subtitle: 'Customer service virtual assistant',
    heading: 'Chat with the virtual assistant',
    chatLabel: 'Chat with the virtual assistant',
    languageLabel: 'Language',
    newConversation: 'New conversation',
    skipToChat: 'Skip to chat',
    privacy: 'Please do not share passwords or payment card numbers in the chat.',
    connecting: 'Connecting…',
    newConversationStarted: 'A new conversation has started.',
    connectFailed: 'The chat could not be started. Please try again in a moment.',
    rateLimited: 'Too many connection attempts. Please try again in {seconds} s.',
    handoffWaitingSince: 'Waiting since {time}.',
    userInitials: 'You',
    botInitials: 'A',
  },
};

/**
 * The language to start in: `?lang=` (links from the Czech or English site), then the visitor's
 * last choice, then the browser's languages; Czech when nothing says otherwise (most clients).
 * @param {{ search: string, stored: string | null, browser: readonly string[] }} sources
 * @returns {PageLanguage}
 */
export function pickLanguage({ search, stored, browser }) {
  const isPageLanguage = (value) => LANGUAGES.includes(value);
  const fromQuery = new URLSearchParams(search).get('lang');
  if (isPageLanguage(fromQuery)) return fromQuery;
  if (isPageLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.slice(0, 2).toLowerCase();
    if (primary === 'cs' || primary === 'sk') return 'cs';
    if (primary === 'en') return 'en';
  }
  return 'cs';
}

/** @param {string} template @param {Record<string, string | number>} values */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ''));
}

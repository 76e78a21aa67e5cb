/** The languages the bot speaks; every catalogue has each of them. */
export type Lang = 'cs' | 'en';
export const LANGS: readonly Lang[] = ['cs', 'en'];

export function isLang(value: unknown): value is Lang {
  return value === 'cs' || value === 'en';
}

/** Maps a channel locale such as "cs-CZ" or "en-US" to a supported language, if any. */
export function langFromLocale(locale: string | undefined | null): Lang | undefined {
  const prefix = locale?.slice(0, 2).toLowerCase();
  if (prefix === 'cs' || prefix === 'sk') return 'cs';
  if (prefix === 'en') return 'en';
  return undefined;
}

/** Lower-cases and strips diacritics, so "Škodná" and "skodna" compare equal. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Splits into word tokens (letters and digits); punctuation and symbols separate words. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Lower-cases and strips diacritics, so "Škodná" and "skodna" compare equal. */
export function foldDiacritics(text: string): string {
  // Most tokens are plain ASCII: skip the (costly) Unicode decomposition for them.
  if (!/[^\u0020-\u007e]/.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Splits into word tokens (letters and digits); punctuation and symbols separate words. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

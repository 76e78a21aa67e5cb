import type { Lang } from './lang.js';
import { cs } from './cs.js';
import { en, type MessageKey } from './en.js';

export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { cs, en };

/** Looks up a message and fills `{name}` placeholders. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

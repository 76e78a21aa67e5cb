import type { Lang } from './lang.js';
import { cs } from './cs.js';
import { en, type MessageKey } from './en.js';
import { defineCatalogue } from './catalogue.js';

export type { MessageKey };

export const chatCatalogues: Record<Lang, Record<MessageKey, string>> = { cs, en };

/** Looks up a chat message and fills its placeholders (ICU MessageFormat: plurals, select). */
export const t = defineCatalogue(chatCatalogues);

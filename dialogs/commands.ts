import { foldDiacritics } from '../knowledge/text/fold.js';
import type { Lang } from '../locales/lang.js';
import { trimEndChars } from '../platform/text/trimChars.js';

/**
 * The bot's command vocabulary, one table per context, in both languages. A word means what
 * the table of the context it is typed in says: "konec" cancels a form but ends a conversation
 * with a person. Entries are compared after `normalizeCommand`, so they are written folded
 * (no diacritics, lower case).
 */
const VOCABULARY = {
  /** Outside any form. */
  chat: {
    help: ['help', 'napoveda', 'pomoc', '?', 'menu'],
  },
  /** The interruptions every form step allows (CancelAndHelpDialog). */
  form: {
    help: ['help', 'napoveda', 'pomoc', '?'],
    cancel: ['cancel', 'zrusit', 'stop', 'konec', 'end'],
    back: ['back', 'zpet', 'previous'],
  },
  /** Words that answer a form question rather than giving a value. */
  answer: {
    skip: ['skip', 'preskocit', 'nevim', 'nemam', "don't know", 'dont know', 'none', 'no', 'ne', 'zadne', 'zadny', '-', 'n/a'],
    all: ['all', 'vse', 'vsechno', 'cela', 'celou', 'cela castka', 'the whole amount', 'everything', 'full', 'nothing paid', 'nic nezaplatil'],
    done: ['done', 'hotovo', 'later', 'pozdeji', 'no', 'ne', 'nothing', 'nic', 'skip', 'preskocit', 'dokonceno', 'finished', 'that is all', 'to je vse'],
    unknown: ['nevim', 'nemam', "don't know", 'dont know', 'i do not know', 'unknown', 'no idea', 'netusim'],
  },
  /** A client talking to a person. */
  handoff: {
    end: ['end', 'konec', 'ukoncit', 'stop'],
  },
  /** A manager relaying in Teams. */
  staffRelay: {
    end: ['end', 'konec', 'ukoncit'],
  },
  /** The optional comment after a rating or a 👎. */
  survey: {
    skip: ['skip', 'preskocit', 'ne', 'no', 'nic', 'nothing', '-'],
  },
} as const;

export type CommandContext = keyof typeof VOCABULARY;
export type Command<C extends CommandContext> = keyof (typeof VOCABULARY)[C] & string;

/** The one normalisation of typed commands: trimmed, folded, trailing "!" and "." dropped. */
export function normalizeCommand(text: string): string {
  return trimEndChars(foldDiacritics(text.trim()), '!.');
}

const TABLES = new Map<CommandContext, Map<string, Set<string>>>(
  Object.entries(VOCABULARY).map(([context, commands]) => [
    context as CommandContext,
    new Map(Object.entries(commands).map(([command, words]) => [command, new Set((words as readonly string[]).map(normalizeCommand))])),
  ]),
);

/** Whether the text is the given command in that context ("Konec!" is `handoff.end`). */
export function isCommand<C extends CommandContext>(context: C, command: Command<C>, text: string | undefined): boolean {
  if (typeof text !== 'string') return false;
  return TABLES.get(context)?.get(command)?.has(normalizeCommand(text)) ?? false;
}

/** The first command of the context the text is, in the table's order; undefined if none. */
export function commandOf<C extends CommandContext>(context: C, text: string | undefined): Command<C> | undefined {
  if (typeof text !== 'string') return undefined;
  const normalized = normalizeCommand(text);
  for (const [command, words] of TABLES.get(context) ?? []) if (words.has(normalized)) return command as Command<C>;
  return undefined;
}

/** The languages' own and each other's names, folded, as clients write them in a request to switch. */
const LANGUAGE_NAMES: Record<Lang, RegExp> = {
  en: /\b(english|anglicky|anglictin[aeuy]|anglictine)\b/,
  cs: /\b(czech|cesky|cestin[aeuy]|cestine)\b/,
};

/**
 * "Please continue in English", "česky prosím": a short message (no digits, at most six words)
 * naming exactly one of the bot's languages asks to switch to it. Not where a country is asked
 * ("Czech" is an answer there) — the caller decides that.
 */
export function languageRequest(text: string): Lang | undefined {
  const folded = normalizeCommand(text);
  if (/\d/.test(folded) || folded.split(/\s+/).length > 6) return undefined;
  const named = (Object.keys(LANGUAGE_NAMES) as Lang[]).filter((lang) => LANGUAGE_NAMES[lang].test(folded));
  return named.length === 1 ? named[0] : undefined;
}

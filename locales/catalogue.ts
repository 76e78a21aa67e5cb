import { IntlMessageFormat } from 'intl-messageformat';

/** Values for a message's placeholders. */
export type MessageValues = Record<string, string | number>;

/** BCP 47 locale of each catalogue language, for CLDR plural rules and number formatting. */
const LOCALES: Record<string, string> = { cs: 'cs-CZ', en: 'en-GB' };

/** ICU argument element types that take a value (argument, number, date, time, select, plural). */
const VALUE_ELEMENTS = new Set([1, 2, 3, 4, 5, 6]);

interface AstElement {
  type: number;
  value?: string;
  options?: Record<string, { value: AstElement[] }>;
}

/** The names of every placeholder in a message, nested plural and select branches included. */
function argumentNames(elements: AstElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (VALUE_ELEMENTS.has(element.type) && element.value) into.add(element.value);
    for (const option of Object.values(element.options ?? {})) argumentNames(option.value, into);
  }
  return into;
}

interface Compiled {
  format: IntlMessageFormat;
  names: Set<string>;
}

/**
 * The one message mechanism of every surface (chat, staff pages, insights, Teams): ICU
 * MessageFormat through FormatJS, so a message can say `{count, plural, one {# dokument}
 * few {# dokumenty} other {# dokumentů}}` (CLDR plural rules per language) or choose by
 * `{gender, select, female {…} other {…}}`. Tags are not parsed (`<` is plain text: the HTML
 * templates escape what they insert). A placeholder without a value stays visible as `{name}`
 * rather than failing the reply.
 */
export function defineCatalogue<L extends string, K extends string>(tables: Record<L, Record<K, string>>): (lang: L, key: K, values?: MessageValues) => string {
  const compiled = new Map<string, Compiled>();
  const compile = (lang: L, key: K): Compiled => {
    const id = `${lang}\u0000${key}`;
    let entry = compiled.get(id);
    if (!entry) {
      const format = new IntlMessageFormat(tables[lang][key], LOCALES[lang] ?? lang, undefined, { ignoreTag: true });
      entry = { format, names: argumentNames(format.getAst() as AstElement[]) };
      compiled.set(id, entry);
    }
    return entry;
  };
  return (lang, key, values = {}) => {
    const { format, names } = compile(lang, key);
    const complete: MessageValues = { ...values };
    for (const name of names) if (!(name in complete)) complete[name] = `{${name}}`;
    return String(format.format(complete));
  };
}

/** Throws at start-up (and in the catalogue test) if any message of any table does not parse. */
export function checkCatalogue<L extends string, K extends string>(tables: Record<L, Record<K, string>>): void {
  for (const [lang, table] of Object.entries(tables) as [L, Record<K, string>][]) {
    for (const [key, message] of Object.entries(table) as [K, string][]) {
      try {
        new IntlMessageFormat(message, LOCALES[lang] ?? lang, undefined, { ignoreTag: true });
      } catch (error) {
        throw new Error(`catalogue ${lang}: message "${key}" does not parse: ${(error as Error).message}`);
      }
    }
  }
}

import { partialReportSchema, type PartialReport } from '../reportSchemas.js';
import { parseAmount, type MoneyAmount } from '../validation/amount.js';
import { currencyFromToken, isInvoiceCurrency } from '../validation/currency.js';
import { assertReferenceDate, findDateMentions, resolveDateMention, type DateMention, type DateRole } from '../validation/date.js';
import { hasValidIcoChecksum, parseIco } from '../validation/ico.js';
import { foldKeepingLength, normalizeSpaces } from '../validation/input.js';
import { parseInvoiceNumber, parseName, parsePolicyNumber } from '../validation/text.js';
import { parseVatId } from '../validation/vatId.js';
import { trimEndChars, trimStartChars } from '../../platform/text/trimChars.js';

/**
 * Deterministic, offline extraction of report fields from one free-text message. It fills in
 * only what it recognises with confidence and leaves the rest to the dialog's questions; every
 * value it returns has passed the same validator as a typed answer.
 *
 * What is recognised, and how:
 * - policy number: after "pojistka/pojistné smlouvy/smlouva/policy", optionally followed by
 *   "č./číslo/no./nr./number/#/:", a token of letters, digits and dashes with at least one digit
 *   ("pojistka č. P-2024-0001", "policy number P-2024-0001");
 * - VAT id: after "DIČ/IČ DPH/VAT (id|no.|number)", or on its own with an upper-case EU prefix
 *   ("CZ27074358"); the buyer's country is the prefix's country;
 * - IČO: after "IČO/IČ/reg. no./registration number/company id", or, when no label is there, a
 *   lone 8-digit number that passes the mod-11 check; a valid IČO makes the country CZ (a VAT
 *   prefix wins);
 * - dates: every format of parseDate; "splatná/splatnou/splatnost/due/payable" before a date
 *   make it the due date, "vystavená/issued/ze dne/dated" the issue date; a date after
 *   "prodloužení/extended/nová splatnost" is a new due date and is left out. Two unlabelled dates
 *   of one invoice are read as issue (earlier) and due (later); one unlabelled date is left out;
 * - amounts: a number with a currency before or after it ("12 500 EUR", "€1 200", "1 200,- Kč"),
 *   or after "ve výši/částka/amount/total" without one; after "zbývá doplatit/zůstatek/dluží/
 *   outstanding/remaining/owes/balance" the amount is the outstanding one;
 * - invoice numbers: after "faktura/fakturu/faktury/fa/fv/invoice/inv.", optionally with
 *   "č./no./#", a token with a digit; a list after the label ("faktury 118, 119 a 120") gives
 *   several invoices. Dates and amounts go to invoices in order when their counts match, else to
 *   the invoice named last before them;
 * - buyer name: a company with a legal-form suffix (s.r.o., a.s., spol. s r.o., v.o.s., k.s.,
 *   GmbH, Ltd, LLC, Inc., Sp. z o.o., Kft., SE, s.p., z.s., …) and the capitalised words before
 *   it, or the words after "odběratel/buyer/customer/debtor"; a company the client introduces as
 *   itself ("jsme", "we are", "naše firma") is skipped;
 * - dispute: "nesouhlasí/rozporuje/reklamuje/disputes/does not agree" → true; "nerozporuje/
 *   does not dispute/uznal dluh/acknowledged" → false; both kinds at once → left out.
 * The outstanding amount is never assumed equal to the invoice amount: partial payments exist.
 */

/** The same shape, for an LLM extraction path to produce and be checked against. */
export const extractionSchema = partialReportSchema;

export interface ExtractionOptions {
  /** Reference date (ISO YYYY-MM-DD) for dates written without a year. */
  today: string;
}

/** A message is read up to this length; a report never needs more, and patterns stay fast. */
export const MAX_EXTRACTION_LENGTH = 20_000;

/** Marks text already claimed by one field, so no other pattern reads it again. */
const MASK = '\u2591';

interface Located<T> {
  start: number;
  end: number;
  value: T;
}

interface Text {
  /** The message, tidied; names are cut out of it with their original spelling. */
  original: string;
  /** Lower case, no diacritics, same length as original. */
  folded: string;
}

function prepareText(input: string): Text {
  const original = normalizeSpaces(input.slice(0, MAX_EXTRACTION_LENGTH).normalize('NFC'))
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ');
  return { original, folded: foldKeepingLength(original) };
}

function maskSpans(masked: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  if (spans.length === 0) return masked;
  const characters = masked.split('');
  for (const { start, end } of spans) characters.fill(MASK, start, end);
  return characters.join('');
}

/** The last match of a pattern in the text. */
function lastMatch(pattern: RegExp, text: string): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))) last = match;
  return last;
}

// ---------------------------------------------------------------- policy number

const POLICY_NUMBER = new RegExp(
  String.raw`(?<!\p{L})(?:pojistk\p{L}*|pojistn\p{L}* smlouv\p{L}*|smlouv\p{L}*|polic[ey]\p{L}*|policy)(?![\p{L}\p{N}])` +
    String.raw`(?: (?:c\.|cislo|no\.|nr\.|no|nr|number|n\.|#))?(?: ?:)? ?#?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?![\p{L}\p{N}-])`,
  'gu',
);

function findPolicyNumber(text: Text, masked: string): Located<string> | undefined {
  for (const match of masked.matchAll(POLICY_NUMBER)) {
    const token = match[1]!;
    const start = match.index + match[0].length - token.length;
    const parsed = parsePolicyNumber(text.original.slice(start, start + token.length));
    if (parsed.ok) return { start, end: start + token.length, value: parsed.value };
  }
  return undefined;
}

// ---------------------------------------------------------------- VAT id and IČO

interface FoundVat {
  vatId: string;
  country?: string;
}

const LABELLED_VAT = new RegExp(
  String.raw`(?<!\p{L})(?:dic|ic ?dph|vat(?: ?(?:id|no\.?|number|reg\.? ?no\.?))?|ust-?id(?:nr)?|tax id)(?!\p{L})\.?(?: ?:)? ?` +
    String.raw`([a-z]{2}(?:[ .-]?[a-z0-9]){2,16})`,
  'gu',
);

const EU_PREFIXES = 'at|be|bg|cy|cz|de|dk|ee|el|es|fi|fr|hr|hu|ie|it|lt|lu|lv|mt|nl|pl|pt|ro|se|si|sk|xi';
const BARE_VAT = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${EU_PREFIXES}) ?u?\d[0-9a-z]{7,11}(?![\p{L}\p{N}])`, 'gu');

/** A labelled id may run into the next words ("CZ27074358 a …"): drop trailing groups until valid. */
function longestValidVat(original: string, start: number, candidate: string): Located<FoundVat> | undefined {
  let length = candidate.length;
  while (length >= 4) {
    const parsed = parseVatId(original.slice(start, start + length));
    if (parsed.ok) return { start, end: start + length, value: { vatId: parsed.value.vatId, country: parsed.value.country } };
    const lastSeparator = Math.max(...[' ', '.', '-'].map((separator) => candidate.lastIndexOf(separator, length - 1)));
    if (lastSeparator <= 0) break;
    length = lastSeparator;
  }
  return undefined;
}

function findVatId(text: Text, masked: string): Located<FoundVat> | undefined {
  for (const match of masked.matchAll(LABELLED_VAT)) {
    const candidate = match[1]!;
    const found = longestValidVat(text.original, match.index + match[0].length - candidate.length, candidate);
    if (found) return found;
  }
  for (const match of masked.matchAll(BARE_VAT)) {
    // Without a label only an upper-case prefix is an id; "de 123456789" is a word and a number.
    if (!/^[A-Z]{2}/.test(text.original.slice(match.index, match.index + 2))) continue;
    const parsed = parseVatId(text.original.slice(match.index, match.index + match[0].length));
    if (parsed.ok) return { start: match.index, end: match.index + match[0].length, value: parsed.value };
  }
  return undefined;
}

const LABELLED_ICO = new RegExp(
  String.raw`(?<!\p{L})(?:ico|ic|reg\. ?no\.?|registration (?:no\.?|number)|company (?:id|no\.?|number)|id no\.?|crn)(?!\p{L})\.?(?: ?:)? ?` +
    String.raw`(\d(?: ?\d){6,7})(?!\p{N})`,
  'gu',
);

/** A lone eight-digit number, not part of a longer number, a date or an invoice reference. */
const BARE_ICO = /(?<![\p{L}\p{N}\-/.,])\d{8}(?![\p{N}\-/]|[.,]\p{N})/gu;

function findLabelledIco(masked: string): Located<string> | undefined {
  for (const match of masked.matchAll(LABELLED_ICO)) {
    const digits = match[1]!;
    const parsed = parseIco(digits);
    const start = match.index + match[0].length - digits.length;
    if (parsed.ok) return { start, end: start + digits.length, value: parsed.value };
  }
  return undefined;
}

/** Only one candidate counts: with two valid-looking numbers the text does not say which. */
function findBareIco(masked: string): Located<string> | undefined {
  const candidates = [...masked.matchAll(BARE_ICO)].filter((match) => hasValidIcoChecksum(match[0]));
  const [only] = candidates;
  if (candidates.length !== 1 || only === undefined) return undefined;
  return { start: only.index, end: only.index + 8, value: only[0] };
}

// ---------------------------------------------------------------- dates

type DateKind = 'due' | 'issue' | 'extension' | 'unlabelled';

const DATE_KEYWORDS: ReadonlyArray<readonly [RegExp, DateKind]> = [
  [/(?<!\p{L})(?:prodlouz\p{L}*|odklad\p{L}*|extended|extension|nov\p{L}* splatnost\p{L}*|new due date|postponed)(?!\p{L})/u, 'extension'],
  [/(?<!\p{L})(?:splatn\p{L}*|due|payable|datum splatnosti)(?!\p{L})/u, 'due'],
  [/(?<!\p{L})(?:vystaven\p{L}*|issued|ze dne|dated|date of issue|datum vystaveni|invoice date)(?!\p{L})/u, 'issue'],
];

/** How far before a date its keyword may stand ("splatná do 15. ledna", "due on March 3rd"). */
const DATE_KEYWORD_WINDOW = 40;

/**
 * The keyword nearest before the date, looking no further back than the previous date. An
 * extension keyword anywhere in that stretch wins: "prodloužili jsme splatnost do 15. 12." names
 * the new due date, not the original one.
 */
function dateKind(folded: string, mention: DateMention, previousEnd: number): DateKind {
  const windowStart = Math.max(previousEnd, mention.start - DATE_KEYWORD_WINDOW);
  const window = folded.slice(windowStart, mention.start);
  let best: { kind: DateKind; end: number } | undefined;
  for (const [pattern, kind] of DATE_KEYWORDS) {
    const match = lastMatch(pattern, window);
    if (match === undefined) continue;
    if (kind === 'extension') return kind;
    const end = match.index + match[0].length;
    if (best === undefined || end > best.end) best = { kind, end };
  }
  return best?.kind ?? 'unlabelled';
}

const DATE_LIST_SEPARATOR = /^(?:,|,? (?:a|and|&|i|nebo|or)) ?$|^ $/u;

const ROLE_OF_KIND: Readonly<Record<DateKind, DateRole>> = { due: 'due', issue: 'issue', extension: 'future', unlabelled: 'due' };

interface FoundDate {
  kind: DateKind;
  iso: string;
}

function findDates(text: Text, masked: string, today: string): { dates: Located<FoundDate>[]; spans: DateMention[] } {
  const mentions = findDateMentions(masked);
  const dates: Located<FoundDate>[] = [];
  let previousKind: DateKind = 'unlabelled';
  mentions.forEach((mention, index) => {
    const previousEnd = index > 0 ? mentions[index - 1]!.end : 0;
    // "splatné 1. 3., 1. 4. a 1. 5.": a date listed right after another shares its label.
    const listed = index > 0 && DATE_LIST_SEPARATOR.test(text.folded.slice(previousEnd, mention.start));
    const kind = listed ? previousKind : dateKind(text.folded, mention, previousEnd);
    previousKind = kind;
    const resolved = resolveDateMention(mention, { today, role: ROLE_OF_KIND[kind] });
    if (resolved.ok) dates.push({ start: mention.start, end: mention.end, value: { kind, iso: resolved.value } });
  });
  return { dates, spans: mentions };
}

// ---------------------------------------------------------------- amounts

const NUMBER = String.raw`\d{1,3}(?:[ .,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const WHOLE_UNITS = String.raw`(?:[.,] ?[-–]{1,2})?`;
const MULTIPLIER = String.raw`(?: ?(?:tis\.?|tisic\p{L}*|mil\.?|mio\.?|milion\p{L}*|millions?|thousands?)(?!\p{L})|k(?!\p{L}))?`;
const CURRENCY_WORD = String.raw`kc|czk|korun\p{L}*|eur\p{L}*|€|usd|dolar\p{L}*|dollars?|\$|gbp|£|liber|libry|libra|pounds?|zł|zl|pln|zlot\p{L}*|ft|huf|forint\p{L}*|chf|frank\p{L}*|[a-z]{3}`;
const MONEY = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,\-/])(?:(us\$|${CURRENCY_WORD}) ?)?(${NUMBER})(${WHOLE_UNITS}${MULTIPLIER})(?: ?(${CURRENCY_WORD})(?![\p{L}\p{N}]))?`,
  'gu',
);

/** Words after which a bare number is an amount even without a currency. */
const AMOUNT_KEYWORD = /(?<!\p{L})(?:ve vysi|castk\p{L}*|amount(?: of)?|total(?: of)?|celkem|sum(?:a|u|e|ou)?|hodnot\p{L}*)(?: ?:)? ?$/u;

const OUTSTANDING_WORDS = String.raw`zbyva\p{L}*|zbyvajic\p{L}*|zustatek|zustava|nedoplat\p{L}*|neuhrazen\p{L}*|nezaplacen\p{L}*|dluzn\p{L}* castk\p{L}*|dluzi|dluzil\p{L}*|outstanding|remaining|owes?|owed|owing|balance|open amount|unpaid(?: amount)?|still due`;
const OUTSTANDING_KEYWORD = new RegExp(String.raw`(?<!\p{L})(?:${OUTSTANDING_WORDS})(?!\p{L})`, 'u');
/** Already paid: what is still unpaid is the invoice amount less this ("uhrazeno 5 000", "paid 340"). */
const PAID_WORDS = String.raw`uhrazeno|zaplaceno|uhradil\p{L}*|zaplatil\p{L}*|splaceno|paid|already paid|settled`;
// Right before the amount, and not negated: "has not paid invoice 7 for EUR 1,200" is the invoice's amount.
const PAID_KEYWORD = new RegExp(String.raw`(?<!\p{L})(?<!not |n't |never )(?:${PAID_WORDS})(?: ?:)? ?$`, 'u');
/** A bare number right after one of these words is an amount even without a currency. */
const PART_PAYMENT_KEYWORD = new RegExp(String.raw`(?<!\p{L})(?:${OUTSTANDING_WORDS}|${PAID_WORDS})(?: ?:)? ?$`, 'u');

const OUTSTANDING_WINDOW = 40;

interface FoundAmount {
  money: MoneyAmount;
  outstanding: boolean;
  /** An amount already paid of the invoice, not the invoice's amount. */
  paid: boolean;
}

/**
 * A currency token counts when it is a known symbol or word, or an ISO code written in capitals:
 * "100 CHF" is an amount, "500 dni" and "for 500" are not.
 */
function isCurrencyToken(folded: string, original: string): boolean {
  if (/^[a-z]{3}$/.test(folded) && currencyFromToken(folded) === undefined) {
    return /^[A-Z]{3}$/.test(original) && isInvoiceCurrency(original);
  }
  return currencyFromToken(original) !== undefined || currencyFromToken(folded) !== undefined;
}

function moneyAt(text: Text, match: RegExpExecArray): Located<MoneyAmount> | undefined {
  const [whole, before, number, suffix = '', after] = match;
  const beforeOriginal = before === undefined ? '' : text.original.slice(match.index, match.index + before.length);
  const numberStart = match.index + whole.indexOf(number!, before === undefined ? 0 : before.length);
  const hasBefore = before !== undefined && isCurrencyToken(before, beforeOriginal);
  const afterEnd = match.index + whole.length;
  const afterOriginal = after === undefined ? '' : text.original.slice(afterEnd - after.length, afterEnd);
  const hasAfter = after !== undefined && isCurrencyToken(after, afterOriginal);
  const start = hasBefore ? match.index : numberStart;
  const end = hasAfter ? afterEnd : numberStart + number!.length + suffix.length;
  const before25 = text.folded.slice(Math.max(0, start - 25), start);
  const keyworded = AMOUNT_KEYWORD.test(before25) || PART_PAYMENT_KEYWORD.test(before25);
  if (!hasBefore && !hasAfter && !keyworded) return undefined;
  const parsed = parseAmount(text.original.slice(start, end));
  return parsed.ok ? { start, end, value: parsed.value } : undefined;
}

function findAmounts(text: Text, masked: string): Located<FoundAmount>[] {
  const amounts: Located<FoundAmount>[] = [];
  for (const match of masked.matchAll(MONEY)) {
    const money = moneyAt(text, match);
    if (money === undefined) continue;
    const windowStart = Math.max(amounts.at(-1)?.end ?? 0, money.start - OUTSTANDING_WINDOW);
    const lead = text.folded.slice(windowStart, money.start);
    const outstanding = OUTSTANDING_KEYWORD.test(lead);
    const paid = !outstanding && PAID_KEYWORD.test(lead);
    amounts.push({ start: money.start, end: money.end, value: { money: money.value, outstanding, paid } });
  }
  return amounts;
}

// ---------------------------------------------------------------- invoice numbers

/**
 * A label glued to digits is part of the number ("FA2024001"), so the label must end the word.
 */
const INVOICE_LABEL = new RegExp(
  String.raw`(?<!\p{L})(faktur\p{L}*|fa|fv|invoices?|inv\.?)(?![\p{L}\p{N}])(?: (?:c\.|cislo|no\.|nr\.|no|nr|number|n\.))?(?: ?:)? ?#? ?`,
  'gu',
);
const INVOICE_TOKEN = /[a-z0-9](?:[a-z0-9/_.-]*[a-z0-9])?(?![\p{L}\p{N}])/uy;
/** Only a plural label opens a list: "faktura 5, 3 dny po splatnosti" names one invoice. */
const SINGULAR_INVOICE_LABELS: ReadonlySet<string> = new Set(['faktura', 'fakturu', 'fakture', 'fakturou', 'invoice', 'fa', 'fv', 'inv', 'inv.']);
const INVOICE_LIST_SEPARATOR = /(?:, ?a |, ?and |, ?| a | and | & | \+ | i )(?:c\. ?|#|no\. ?)?/y;

function tokenAt(masked: string, position: number): string | undefined {
  INVOICE_TOKEN.lastIndex = position;
  const token = INVOICE_TOKEN.exec(masked)?.[0];
  return token !== undefined && /\d/.test(token) ? token : undefined;
}

function findInvoiceNumbers(text: Text, masked: string): Located<string>[] {
  const found: Located<string>[] = [];
  for (const label of masked.matchAll(INVOICE_LABEL)) {
    let position = label.index + label[0].length;
    let token = tokenAt(masked, position);
    while (token !== undefined) {
      const parsed = parseInvoiceNumber(text.original.slice(position, position + token.length));
      if (parsed.ok && !found.some((invoice) => invoice.value === parsed.value)) {
        found.push({ start: position, end: position + token.length, value: parsed.value });
      }
      position += token.length;
      if (SINGULAR_INVOICE_LABELS.has(label[1]!)) break;
      INVOICE_LIST_SEPARATOR.lastIndex = position;
      const separator = INVOICE_LIST_SEPARATOR.exec(masked);
      if (separator === null) break;
      token = tokenAt(masked, position + separator[0].length);
      if (token !== undefined) position += separator[0].length;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------- buyer name

/**
 * Legal forms, folded, most specific first. Those that are also everyday words (SE, AG, SA…)
 * count only when written in capitals.
 */
const LEGAL_FORM = new RegExp(
  String.raw`(?<!\p{L})(?:spol\. ?s ?r\. ?o\.?|s\. ?r\. ?o\.?|sro|a\. ?s\.?|v\. ?o\. ?s\.?|k\. ?s\.?|s\. ?p\.|z\. ?s\.|gmbh(?: ?& ?co\.? ?kg)?|ltd\.?|llc|inc\.?|plc|sp\. ?z ?o\. ?o\.?|kft\.?|zrt\.?|d\. ?o\. ?o\.?|s\. ?a\.|b\. ?v\.|n\. ?v\.|s\. ?r\. ?l\.|se|ag|kg|sa|bv|nv|oy|ab)(?![\p{L}\p{N}])`,
  'gu',
);
const CAPITALS_ONLY_FORMS: ReadonlySet<string> = new Set(['se', 'ag', 'kg', 'sa', 'bv', 'nv', 'oy', 'ab']);

/** Words that end a name when walking back from its legal form: roles, greetings, pronouns. */
const NAME_STOP_WORDS: ReadonlySet<string> = new Set([
  'odberatel', 'odberatele', 'odberateli', 'odberatelem', 'kupujici', 'dluznik', 'dluznika', 'firma', 'firmy', 'firmu',
  'firmou', 'spolecnost', 'spolecnosti', 'klient', 'klienta', 'buyer', 'customer', 'client', 'company',
  'debtor', 'dobry', 'den', 'dear', 'hello', 'hi', 'ahoj', 'zdravim', 'our', 'nase', 'nas', 'we', 'my', 'jsme',
  'od', 'from', 'pro', 'for', 'na', 'the', 'ze', 'se', 'je', 'is', 'by', 'to', 'i', 'nam', 'mi', 'mu', 'jim', 'ji',
  'byl', 'jsou', 'has', 'had', 'was', 'not', 'his', 'her', 'its', 'ten', 'ta', 'uz', 'jiz', 'ale', 'but', 'or', 'nebo',
  'jak', 'how', 'ico', 'ic', 'dic', 'vat', 'reg', 'no', 'c',
]);
const NAME_CONNECTORS: ReadonlySet<string> = new Set(['&', '+', 'a', 'and', 'und', 'of', 'de', 'van', 'von', 'u', '-']);
const MAX_NAME_WORDS = 8;
/** Eight words of a name fit well within this many characters before the legal form. */
const NAME_WINDOW = 200;

const SELF_REFERENCE = /(?:jsme|we are|nase (?:firma|spolecnost)|our company|za (?:firmu|spolecnost)|on behalf of|jmenem|zastupuji|i represent)\s*$/u;

function isCapitalised(word: string): boolean {
  return /^[\p{Lu}\p{N}"„“'(]/u.test(word);
}

/** Short lower-case words inside names: "Novák a syn", "Pekárna u mostu", "Bank of Ireland". */
const MAX_LOWER_CASE_NAME_WORD = 3;

type NameWord = 'capitalised' | 'inner' | 'end';

function classifyNameWord(word: string, foldedWord: string, isMasked: boolean): NameWord {
  const closesSentence = /[,.;:!?)]$/.test(word) && !/^(?:co|&)\.?$/i.test(word);
  if (closesSentence || isMasked || /^\d+$/.test(word)) return 'end';
  // Connectors count in lower case only: a capitalised "A" is a name ("A Plus s.r.o.").
  if (NAME_CONNECTORS.has(word)) return 'inner';
  if (NAME_STOP_WORDS.has(foldedWord)) return 'end';
  if (isCapitalised(word)) return 'capitalised';
  return /^\p{Ll}+$/u.test(word) && word.length <= MAX_LOWER_CASE_NAME_WORD ? 'inner' : 'end';
}

/**
 * The start of the name that ends just before a legal form, walking back word by word over
 * capitalised words and the short lower-case words between them. Identifiers already read (a
 * VAT id, an amount), bare numbers, punctuation and role words ("odběratel", "firma") end it.
 */
function nameStartBefore(text: Text, masked: string, formStart: number): number | undefined {
  const { original, folded } = text;
  const windowStart = Math.max(0, formStart - NAME_WINDOW);
  const words = [...original.slice(windowStart, formStart).matchAll(/\S+/g)]
    .map((match) => ({ text: match[0], index: windowStart + match.index }))
    .reverse()
    .slice(0, MAX_NAME_WORDS + 1);
  let start: number | undefined;
  let pendingInner = 0;
  for (const [index, match] of words.entries()) {
    // "ACME, s.r.o.": the comma before the legal form belongs to the name.
    const word = index === 0 && match.text.endsWith(',') ? match.text.slice(0, -1) : match.text;
    const span = { start: match.index, end: match.index + word.length };
    const kind = classifyNameWord(word, folded.slice(span.start, span.end), masked.slice(span.start, span.end).includes(MASK));
    if (kind === 'end') break;
    if (kind === 'inner') {
      pendingInner += 1;
      if (pendingInner > 2) break;
      continue;
    }
    pendingInner = 0;
    start = span.start;
  }
  if (start !== undefined) return start;
  // "nezaplatila acme s.r.o.": one lower-case word right before the form is still the name.
  const [nearest] = words;
  if (nearest === undefined || !/^[\p{L}\p{N}&-]{2,}$/u.test(nearest.text) || /^\d+$/.test(nearest.text)) return undefined;
  const nearestEnd = nearest.index + nearest.text.length;
  if (masked.slice(nearest.index, nearestEnd).includes(MASK)) return undefined;
  return NAME_STOP_WORDS.has(folded.slice(nearest.index, nearestEnd)) ? undefined : nearest.index;
}

interface FoundCompany {
  start: number;
  end: number;
  name: string;
  selfReference: boolean;
}

function cleanName(text: string): string | undefined {
  const parsed = parseName(trimEndChars(trimStartChars(text, '"„“\'('), '"“”\')').replace(/\s+/g, ' '));
  return parsed.ok ? parsed.value : undefined;
}

function findCompanies(text: Text, masked: string): FoundCompany[] {
  const companies: FoundCompany[] = [];
  for (const form of text.folded.matchAll(LEGAL_FORM)) {
    const formText = text.original.slice(form.index, form.index + form[0].length);
    if (CAPITALS_ONLY_FORMS.has(form[0]) && formText !== formText.toUpperCase()) continue;
    const start = nameStartBefore(text, masked, form.index);
    if (start === undefined) continue;
    const end = form.index + form[0].length;
    const name = cleanName(text.original.slice(start, end));
    if (name === undefined) continue;
    const selfReference = SELF_REFERENCE.test(text.folded.slice(Math.max(0, start - 30), start));
    companies.push({ start, end, name, selfReference });
  }
  return companies;
}

const BUYER_KEYWORD = /(?<!\p{L})(?:odberatel\p{L}*|kupujic\p{L}*|dluznik\p{L}*|buyer|customer|debtor)(?!\p{L})(?: (?:je|is|was|byl\p{L}*))?(?: ?[:,\-–])? ?/gu;

/** The capitalised words (or quoted text) right after a buyer keyword. */
function nameAfter(text: Text, position: number): string | undefined {
  const rest = text.original.slice(position, position + 200);
  const quoted = /^["„“']([^"“”'\n]{2,200})["“”']/u.exec(rest);
  if (quoted) return cleanName(quoted[1]!);
  const words: string[] = [];
  for (const word of rest.split(' ').slice(0, MAX_NAME_WORDS)) {
    const bare = trimEndChars(word, ',.;:!?)');
    const isConnector = NAME_CONNECTORS.has(bare.toLowerCase()) && words.length > 0;
    if (bare === '' || (!isCapitalised(bare) && !isConnector)) break;
    words.push(bare);
    if (bare !== word) break;
  }
  while (words.length > 0 && NAME_CONNECTORS.has(words.at(-1)!.toLowerCase())) words.pop();
  return words.length > 0 ? cleanName(words.join(' ')) : undefined;
}

/** "dlužník SK2020317068 Kovo s.r.o.": identifiers between the keyword and the name are skipped. */
function skipIdentifiers(masked: string, position: number): number {
  const skipped = new RegExp(String.raw`(?:${MASK}+[ ,;:()]*)*`, 'y');
  skipped.lastIndex = position;
  return position + (skipped.exec(masked)?.[0].length ?? 0);
}

function findBuyerName(text: Text, masked: string): string | undefined {
  const companies = findCompanies(text, masked);
  for (const keyword of text.folded.matchAll(BUYER_KEYWORD)) {
    const position = skipIdentifiers(masked, keyword.index + keyword[0].length);
    // "odběratel ACME s.r.o.": the company starting right after the keyword, suffix included.
    const company = companies.find((candidate) => candidate.start === position);
    if (company) return company.name;
    const name = nameAfter(text, position);
    if (name !== undefined) return name;
  }
  return (companies.find((company) => !company.selfReference) ?? companies[0])?.name;
}

// ---------------------------------------------------------------- dispute

const NOT_DISPUTED =
  /(?<!\p{L})(?:nerozporuj\p{L}*|nerozporoval\p{L}*|nezpochybn\p{L}*|nenamit\p{L}*|nereklamuj\p{L}*|uznal\p{L}* (?:dluh|pohledavk\p{L}*|fakturu|faktury)|(?:dluh|pohledavk\p{L}*|fakturu) uznal\p{L}*|uznav\p{L}* (?:dluh|pohledavk\p{L}*)|uznani dluhu|nesporn\p{L}*|(?:does|did|has|have)(?:n['’]t| not) (?:dispute|disputed|contest|contested)|(?:is|was) not disputed|not in dispute|undisputed|no dispute|acknowledged|acknowledges)(?!\p{L})/gu;
const DISPUTED =
  /(?<!\p{L})(?:nesouhlas\p{L}*|rozporuj\p{L}*|rozporoval\p{L}*|zpochybnuj\p{L}*|zpochybnil\p{L}*|namita\p{L}*|namital\p{L}*|reklamuj\p{L}*|reklamoval\p{L}*|disputes|disputed|disputing|(?:does|did)(?:n['’]t| not) agree|disagrees|disagreed|contests|contested)(?!\p{L})/u;

function findDisputed(folded: string): boolean | undefined {
  const negations = [...folded.matchAll(NOT_DISPUTED)];
  const rest = maskSpans(folded, negations.map((match) => ({ start: match.index, end: match.index + match[0].length })));
  const disputed = DISPUTED.test(rest);
  if (negations.length > 0 && disputed) return undefined;
  if (negations.length > 0) return false;
  return disputed ? true : undefined;
}

// ---------------------------------------------------------------- invoices

/**
 * Which invoice each found value belongs to: one invoice takes the first value; equal counts
 * pair up in order; otherwise a value goes to the invoice named last before it.
 */
function assignToInvoices<T>(invoiceStarts: readonly number[], items: ReadonlyArray<Located<T>>): Array<T | undefined> {
  const count = Math.max(invoiceStarts.length, 1);
  if (count === 1) return [items[0]?.value];
  if (items.length === count) return items.map((item) => item.value);
  const slots: Array<T | undefined> = Array.from({ length: count }, () => undefined);
  for (const item of items) {
    const owner = invoiceStarts.findLastIndex((start) => start < item.start);
    if (owner >= 0 && slots[owner] === undefined) slots[owner] = item.value;
  }
  return slots;
}

type PartialInvoice = NonNullable<PartialReport['invoices']>[number];

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** One invoice's worth of unlabelled dates: the earlier was issued, the later falls due. */
function splitUnlabelledDates(dates: ReadonlyArray<Located<FoundDate>>): { issue?: Located<string>; due?: Located<string> } {
  const unlabelled = dates.filter((date) => date.value.kind === 'unlabelled');
  if (unlabelled.length !== 2 || dates.some((date) => date.value.kind === 'due' || date.value.kind === 'issue')) return {};
  const [first, second] = [...unlabelled].sort((a, b) => a.value.iso.localeCompare(b.value.iso));
  if (first === undefined || second === undefined || first.value.iso === second.value.iso) return {};
  return {
    issue: { start: first.start, end: first.end, value: first.value.iso },
    due: { start: second.start, end: second.end, value: second.value.iso },
  };
}

function datesOfKind(dates: ReadonlyArray<Located<FoundDate>>, kind: DateKind): Located<string>[] {
  return dates.filter((date) => date.value.kind === kind).map((date) => ({ start: date.start, end: date.end, value: date.value.iso }));
}

function buildInvoices(
  numbers: ReadonlyArray<Located<string>>,
  dates: ReadonlyArray<Located<FoundDate>>,
  amounts: ReadonlyArray<Located<FoundAmount>>,
): PartialInvoice[] {
  const starts = numbers.map((number) => number.start);
  const fallback = numbers.length <= 1 ? splitUnlabelledDates(dates) : {};
  const dueDates = fallback.due ? [fallback.due] : datesOfKind(dates, 'due');
  const issueDates = fallback.issue ? [fallback.issue] : datesOfKind(dates, 'issue');
  const invoiceAmounts = assignToInvoices(starts, amounts.filter((amount) => !amount.value.outstanding && !amount.value.paid).map((a) => ({ ...a, value: a.value.money })));
  const outstandings = assignToInvoices(starts, amounts.filter((amount) => amount.value.outstanding).map((a) => ({ ...a, value: a.value.money })));
  const payments = assignToInvoices(starts, amounts.filter((amount) => amount.value.paid).map((a) => ({ ...a, value: a.value.money })));
  const due = assignToInvoices(starts, dueDates);
  const issued = assignToInvoices(starts, issueDates);
  const invoices: PartialInvoice[] = [];
  for (let index = 0; index < Math.max(numbers.length, 1); index += 1) {
    const amount = invoiceAmounts[index];
    const payment = payments[index];
    // "48 000 Kč, uhrazeno 20 000": still unpaid is the rest, when the currencies agree.
    const rest =
      amount && payment && payment.amount < amount.amount && (!payment.currency || payment.currency === amount.currency)
        ? { amount: Math.round((amount.amount - payment.amount) * 100) / 100, currency: amount.currency }
        : undefined;
    const outstanding = outstandings[index] ?? rest;
    const outstandingFits = outstanding !== undefined && (amount === undefined || outstanding.amount <= amount.amount);
    const invoice = withoutUndefined<PartialInvoice>({
      number: numbers[index]?.value,
      issueDate: issued[index],
      dueDate: due[index],
      amount: amount?.amount,
      currency: amount?.currency ?? (outstandingFits ? outstanding.currency : undefined),
      outstanding: outstandingFits ? outstanding.amount : undefined,
    });
    if (Object.keys(invoice).length > 0) invoices.push(invoice);
  }
  return invoices;
}

// ---------------------------------------------------------------- the whole message

/**
 * Everything recognisable in one free-text message, as a partial report. Fields it is unsure of
 * are left out rather than guessed. Never throws on any text; throws RangeError when `today` is
 * not an ISO date.
 */
export function extractReportFields(input: string, options: ExtractionOptions): PartialReport {
  assertReferenceDate(options.today);
  const text = prepareText(input);
  let masked = text.folded;

  const policy = findPolicyNumber(text, masked);
  if (policy) masked = maskSpans(masked, [policy]);
  const vat = findVatId(text, masked);
  if (vat) masked = maskSpans(masked, [vat]);
  const labelledIco = findLabelledIco(masked);
  if (labelledIco) masked = maskSpans(masked, [labelledIco]);
  const { dates, spans: dateSpans } = findDates(text, masked, options.today);
  masked = maskSpans(masked, dateSpans);
  const amounts = findAmounts(text, masked);
  masked = maskSpans(masked, amounts);
  const invoiceNumbers = findInvoiceNumbers(text, masked);
  masked = maskSpans(masked, invoiceNumbers);
  const ico = labelledIco ?? findBareIco(masked);
  if (ico) masked = maskSpans(masked, [ico]);

  const registrationNumber =
    ico?.value ?? (vat?.value.country === 'CZ' && /^CZ\d{8}$/.test(vat.value.vatId) ? vat.value.vatId.slice(2) : undefined);
  const country = vat?.value.country ?? (ico ? 'CZ' : undefined);
  const buyer = withoutUndefined({
    name: findBuyerName(text, masked),
    country,
    registrationNumber,
    vatId: vat?.value.vatId,
  });
  const invoices = buildInvoices(invoiceNumbers, dates, amounts);

  return partialReportSchema.parse(
    withoutUndefined<PartialReport>({
      policyNumber: policy?.value,
      buyer: Object.keys(buyer).length > 0 ? buyer : undefined,
      invoices: invoices.length > 0 ? invoices : undefined,
      disputed: findDisputed(text.folded),
    }),
  );
}

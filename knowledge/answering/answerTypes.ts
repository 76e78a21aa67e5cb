import { foldDiacritics } from '../text/fold.js';

/**
 * What kind of item a question asks for, and whether a text holds one. A question for a phone
 * number, an e-mail, an address, an amount, a percentage or a number of days is answered only by
 * a passage that contains such an item: a sentence on the same topic without it is not an answer
 * ("Kolik dní předem…?" is not answered by "v přiměřené lhůtě"). And a passage that does hold the
 * asked-for item is good evidence even when the question shares few words with it.
 *
 * Both sides are general patterns of the two languages (question words for quantities, the shape
 * of a phone number or a postcode), not the wording of any document.
 */
export type AnswerType = 'phone' | 'email' | 'address' | 'organisation' | 'amount' | 'percentage' | 'duration' | 'quantity';

/** Question cues per type, matched on the folded (lower-case, no diacritics) question. */
const ASKS: Record<AnswerType, RegExp> = {
  phone: /\b(?:telefon\w*|tel\.|zavolat|volat|phone|call|ring)\b/,
  email: /\b(?:e-?mail\w*|mail\w*)\b/,
  address: /\b(?:adres\w*|address\w*|sidl\w*|located|postal)\b/,
  // The name of a company ("Jak se jmenuje společnost…", "the company's full name").
  organisation: /\b(?:jak\s+se\s+(?:presne\s+)?jmenuj\w*\s+(?:spolecnost|firm|pojistovn)\w*|jmenuje\s+(?:spolecnost|firm|pojistovn)\w*|nazev\s+(?:spolecnost|firm|pojistovn)\w*|(?:company|firm|insurer)(?:'s)?\s+(?:full\s+|legal\s+)?name|name\s+of\s+(?:the\s+|your\s+)?(?:company|firm|insurer))\b/,
  amount: /\b(?:kolik\s+(?:stoj\w*|zaplat\w*|je\s+poplat\w*)|cen[auy]?|poplat(?:ek|ky|ku|k\w*)|costs?|prices?|fees?|charges?|maxim(?:um|aln\w*|al)|minim(?:um|aln\w*|al))\b/,
  percentage: /\b(?:procent\w*|percent\w*|spoluucast\w*|sazb\w*|urok\w*|coinsurance|deductible|interest|rates?)\b|%/,
  // "How many days" asks for a number of days; "how long" may be answered without one ("in time").
  duration: /\b(?:kolik\s+(?:dn\w*|den|dni|tydn\w*|mesic\w*|hodin\w*|let)|do\s+kolika\s+(?:dn\w*|dni)|how\s+many\s+(?:days|weeks|months|hours)|within\s+how\s+many)\b/,
  quantity: /\b(?:kolik|kolika|how\s+many)\b/,
};

/** The items themselves, matched on the original text. */
const HOLDS: Record<AnswerType, RegExp> = {
  phone: /(?<![\d+])\+?\d[\d ()/-]{6,18}\d(?!\d)/,
  email: /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/,
  // A postcode (Czech "110 00", Dutch "1066 JS", plain "10115") or a street with a number.
  address: /(?<!\d)(?:\d{3}\s?\d{2}|\d{4}\s?[A-Z]{2}|\d{5})(?!\d)|(?<!\p{L})\p{Lu}\p{Ll}{1,40}(?:straat|strasse|straße|street|road|ulice|třída|nám\.|náměstí)\s?\d{1,4}|(?<!\p{L})\p{L}{1,40}\s\d{1,4}(?:\/\d{1,4})?,\s?\d{3}\s?\d{2}/u,
  // A legal form after a name: S.A., N.V., a.s., s.r.o., Ltd, GmbH, plc, Inc.
  organisation: /(?<!\p{L})(?:S\.A\.|N\.V\.|B\.V\.|a\.\s?s\.|s\.\s?r\.\s?o\.|Ltd\.?|GmbH|AG|plc|Inc\.?|SE)(?!\p{L})/u,
  // Runs are bounded: these patterns see whole documents and client questions (no backtracking blow-up).
  amount: /(?<![\d.,])(?<!\d )\d+(?:[ .,]\d+)*\s?(?:kč|czk|eur|€|usd|\$|gbp|£|korun|tis\.|mil\.|milion|thousand|million)/iu,
  percentage: /(?<![\d.,])\d{1,6}(?:[.,]\d{1,3})?\s?(?:%|procent\p{L}*|percent)/iu,
  quantity: /\d|\b(?:jed(?:en|na|no)|dva|dvě|tři|čtyři|pět|šest|sedm|osm|devět|deset|sto|tisíc\p{L}*|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)\b/iu,
  // A number (in digits or words) of days, weeks…, or a span such as "během týdne", "within a month".
  duration:
    /(?<![\p{L}\p{N}])(?:\d{1,6}|jed(?:en|na|no|noho|né)|dv(?:a|ě|ou)|tř(?:i|í)|čtyř\p{L}*|pět\p{L}*|šest\p{L}*|sedm\p{L}*|osm\p{L}*|devět\p{L}*|deset\p{L}*|patnáct\p{L}*|třicet\p{L}*|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|thirty|a|an)\s(?:pracovn\p{L}*\s|working\s|business\s|calendar\s)?(?:dn\p{L}*|den|dní|týd\p{L}*|měsíc\p{L}*|hodin\p{L}*|let|rok\p{L}*|days?|weeks?|months?|hours?|years?)\b|(?<!\p{L})(?:během|do|za|within|in)\s(?:\p{L}{1,30}\s)?(?:dn\p{L}*|týdn\p{L}*|měsíc\p{L}*|hodin\p{L}*|days?|weeks?|months?|hours?)\b/iu,
};

// "How long…", "Jak dlouho…": a time span is asked for, though it may be answered in words ("promptly").
const ASKS_SPAN = /\b(?:jak\s+dlouho|za\s+jak\s+dlouho|jak\s+rychle|how\s+long|how\s+soon|how\s+quickly)\b/;

// "Co je…", "Co znamená…", "What is…", "What does … mean": the question asks for a definition.
const ASKS_DEFINITION = /^(?:a\s+)?(?:co\s+(?:to\s+)?(?:vlastne\s+|presne\s+)?(?:je|jsou|znamena|znamenaji)|what\s+(?:is|are|does)|what's|whats|define|meaning\s+of)\b/;

/** Whether the question asks what something is or means. */
export function asksForDefinition(question: string): boolean {
  return ASKS_DEFINITION.test(foldDiacritics(question).trim());
}

/** Whether the question asks how long something takes (a weaker demand than a number of days). */
export function asksForSpan(question: string): boolean {
  return ASKS_SPAN.test(foldDiacritics(question));
}

export function askedTypes(question: string): AnswerType[] {
  const folded = foldDiacritics(question);
  return (Object.keys(ASKS) as AnswerType[]).filter((type) => ASKS[type].test(folded));
}

export function holdsType(text: string, type: AnswerType): boolean {
  return HOLDS[type].test(text);
}

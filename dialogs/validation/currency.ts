import { foldDiacritics } from '../../knowledge/text/fold.js';
import { prepareAnswer } from './input.js';
import { accept, reject, type ValidationResult } from './reasons.js';
import { trimEndChars } from '../../platform/text/trimChars.js';

/**
 * ISO 4217 "List one" alphabetic codes in use (currencies, funds, precious metals and special
 * codes), as of the 2025 amendments: XCG replaced ANG, ZWG replaced ZWL, and CUC and HRK were
 * withdrawn. BGN stays because invoices issued before the euro changeover are still reported.
 */
export const ISO_4217_CODES: readonly string[] = [
  'AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN',
  'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD',
  'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK',
  'DJF', 'DKK', 'DOP', 'DZD',
  'EGP', 'ERN', 'ETB', 'EUR',
  'FJD', 'FKP',
  'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD',
  'HKD', 'HNL', 'HTG', 'HUF',
  'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY',
  'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT',
  'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN',
  'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD',
  'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG',
  'QAR',
  'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS',
  'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS',
  'VED', 'VES', 'VND', 'VUV',
  'WST',
  'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD', 'XCG', 'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
  'YER',
  'ZAR', 'ZMW', 'ZWG',
];

const ISO_CODE_SET: ReadonlySet<string> = new Set(ISO_4217_CODES);

/**
 * Codes in the list that no invoice is priced in: precious metals, bond-market units, the SDR
 * and its relatives, the testing code and "no currency".
 */
const NON_MONETARY_CODES: ReadonlySet<string> = new Set([
  'XAG', 'XAU', 'XPD', 'XPT', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', 'XTS', 'XXX',
]);

export function isIsoCurrencyCode(code: string): boolean {
  return ISO_CODE_SET.has(code);
}

export function isInvoiceCurrency(code: string): boolean {
  return ISO_CODE_SET.has(code) && !NON_MONETARY_CODES.has(code);
}

/** Symbols first: they are matched exactly, before folding would turn "€" into nothing useful. */
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  '€': 'EUR',
  '$': 'USD',
  'US$': 'USD',
  '£': 'GBP',
  '¥': 'JPY',
  '₽': 'RUB',
  '₴': 'UAH',
  '₺': 'TRY',
  '₹': 'INR',
};

/**
 * Words and abbreviations, folded (lower case, no diacritics), with the Czech inflected forms
 * clients use after numbers ("5 korun", "100 eur", "300 dolarů", "200 liber").
 */
const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  kc: 'CZK', 'kc.': 'CZK', korun: 'CZK', koruna: 'CZK', koruny: 'CZK', korunach: 'CZK', czk: 'CZK',
  eur: 'EUR', 'eur.': 'EUR', euro: 'EUR', eura: 'EUR', eurech: 'EUR', euros: 'EUR',
  usd: 'USD', dollar: 'USD', dollars: 'USD', dolar: 'USD', dolaru: 'USD', dolary: 'USD', dolarech: 'USD',
  gbp: 'GBP', pound: 'GBP', pounds: 'GBP', libra: 'GBP', liber: 'GBP', libry: 'GBP',
  'zł': 'PLN', zl: 'PLN', 'zl.': 'PLN', zloty: 'PLN', zlotych: 'PLN', pln: 'PLN',
  ft: 'HUF', 'ft.': 'HUF', forint: 'HUF', forintu: 'HUF', forints: 'HUF', huf: 'HUF',
  frank: 'CHF', franku: 'CHF', franky: 'CHF', 'sfr.': 'CHF', chf: 'CHF',
};

/**
 * The ISO code a single currency token stands for, or undefined: a symbol, a word, or any ISO
 * code in any case ("eur", "Chf").
 */
export function currencyFromToken(token: string): string | undefined {
  const trimmed = token.trim();
  const symbol = CURRENCY_SYMBOLS[trimmed.toUpperCase()];
  if (symbol !== undefined) return symbol;
  const word = foldDiacritics(trimmed);
  if (Object.hasOwn(CURRENCY_WORDS, word)) return CURRENCY_WORDS[word];
  const code = trimmed.toUpperCase();
  return /^[A-Z]{3}$/.test(code) && isIsoCurrencyCode(code) ? code : undefined;
}

/** Multi-word names, checked on the folded answer before it is split into tokens. */
const CURRENCY_PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:ceska|ceske|ceskych) korun[ay]?$|^korun[ay]? (?:ceska|ceske|ceskych)$/, 'CZK'],
  [/^czech (?:koruna|korunas|crowns?)$/, 'CZK'],
  [/^(?:us|american) dollars?$|^americk[ey]ch dolaru$/, 'USD'],
  [/^(?:british )?pounds? sterling$/, 'GBP'],
  [/^(?:polish )?zloty$/, 'PLN'],
  [/^(?:hungarian )?forints?$/, 'HUF'],
  [/^swiss francs?$|^svycarsk[ey]ch franku$/, 'CHF'],
];

/** A currency answer: an ISO code, a symbol or a name ("Kč", "eura", "€", "Czech koruna"). */
export function parseCurrency(input: string): ValidationResult<string> {
  const prepared = prepareAnswer(input, 40);
  if (!prepared.ok) return prepared;
  const answer = prepared.value;
  const folded = trimEndChars(foldDiacritics(answer), '.,;!');
  const phrase = CURRENCY_PHRASES.find(([pattern]) => pattern.test(folded));
  const code = phrase?.[1] ?? currencyFromToken(answer) ?? currencyFromToken(folded);
  if (code === undefined) return reject('currency.unknown', { currency: answer.slice(0, 20) });
  if (NON_MONETARY_CODES.has(code)) return reject('currency.notMonetary', { currency: code });
  return accept(code);
}

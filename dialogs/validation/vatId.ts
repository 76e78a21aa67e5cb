import { hasValidIcoChecksum } from './ico.js';
import { prepareAnswer } from './input.js';
import { accept, reject, type ValidationResult } from './reasons.js';

export interface VatId {
  /** Normalised: upper case, no spaces, dots or dashes, e.g. "CZ27074358". */
  vatId: string;
  /** The two-letter prefix as written ("EL" for Greece). */
  prefix: string;
  /** ISO 3166-1 alpha-2 country of a known EU prefix (EL → GR, XI → GB); absent otherwise. */
  country?: string;
}

/**
 * The number part (after the two-letter prefix) of the VAT ids of the EU member states, as the
 * EU VIES service publishes them. Any other prefix falls back to the generic shape.
 */
const EU_VAT_NUMBER_SHAPES: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d[A-Z0-9+*]\d{5}[A-Z]{1,2}$/,
  IT: /^\d{11}$/,
  LT: /^(?:\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** VAT prefixes that are not the country's ISO code. */
const PREFIX_COUNTRY_EXCEPTIONS: Readonly<Record<string, string>> = { EL: 'GR', XI: 'GB' };

const GENERIC_VAT_SHAPE = /^[A-Z]{2}[A-Z0-9]{2,13}$/;

export function isKnownVatPrefix(prefix: string): boolean {
  return Object.hasOwn(EU_VAT_NUMBER_SHAPES, prefix);
}

export function countryOfVatPrefix(prefix: string): string | undefined {
  if (!isKnownVatPrefix(prefix)) return undefined;
  return PREFIX_COUNTRY_EXCEPTIONS[prefix] ?? prefix;
}

/** Clients copy the label along with the id ("DIČ: CZ27074358", "VAT no. DE123456789"). */
const VAT_LABEL = /^(?:di[čc]|i[čc]\s*dph|vat(?:\s*(?:id|no|number|reg(?:istration)?\.?\s*(?:no|number)?))?|ust-?id(?:nr)?)\s*[.:]?\s*/iu;

export function normalizeVatId(text: string): string {
  return text.replace(VAT_LABEL, '').replace(/[\s.\-/]/g, '').toUpperCase();
}

/**
 * A VAT id with its country prefix. Known EU prefixes must have their country's shape; a Czech
 * id of eight digits is the company's IČO and must pass its mod-11 check (nine and ten digits
 * belong to individuals and are accepted on shape alone).
 */
export function parseVatId(input: string): ValidationResult<VatId> {
  const prepared = prepareAnswer(input, 60);
  if (!prepared.ok) return prepared;
  const vatId = normalizeVatId(prepared.value);
  const prefix = vatId.slice(0, 2);
  const numberPart = vatId.slice(2);
  const knownShape = EU_VAT_NUMBER_SHAPES[prefix];
  if (knownShape === undefined) {
    if (!GENERIC_VAT_SHAPE.test(vatId)) return reject('vat.format');
    return accept({ vatId, prefix });
  }
  if (!knownShape.test(numberPart)) return reject('vat.format', { country: prefix });
  if (prefix === 'CZ' && numberPart.length === 8 && !hasValidIcoChecksum(numberPart)) return reject('vat.checksum');
  return accept({ vatId, prefix, country: countryOfVatPrefix(prefix)! });
}

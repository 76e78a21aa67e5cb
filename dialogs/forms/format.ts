import { DateTime } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Lang } from '../../locales/lang.js';
import { t, type MessageKey } from '../../locales/index.js';
import type { FormValues } from './formTypes.js';

/** How the forms show amounts, dates and invoices to the client (and in the summary card). */
export function describeInvoice(inv: Partial<FormValues['invoices'][number]>, lang: Lang): string {
  const parts = [inv.number ? `${t(lang, 'report.label.invoice')} ${inv.number}` : t(lang, 'report.label.invoice')];
  if (inv.amount !== undefined) parts.push(`${formatAmount(inv.amount, lang)} ${inv.currency ?? ''}`.trim());
  if (inv.dueDate) parts.push(`${t(lang, 'report.label.dueDate')} ${formatDate(inv.dueDate, lang)}`);
  return parts.join(', ');
}

export function formatAmount(amount: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'cs' ? 'cs-CZ' : 'en-GB', { minimumFractionDigits: Number.isInteger(amount) ? 0 : 2, maximumFractionDigits: 2 }).format(amount);
}

export function formatDate(iso: string, lang: Lang): string {
  const d = DateTime.fromISO(iso);
  return lang === 'cs' ? d.toFormat('d. M. yyyy') : d.setLocale('en-GB').toFormat('d MMMM yyyy');
}

/** A country's name in the client's language (ICU), e.g. "Švédsko" / "Sweden" for SE. */
export function countryName(code: string, lang: Lang): string {
  return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
}

/** Whole days an invoice is past its due date on `today` (both ISO); 0 when not yet due. */
export function daysLate(dueDate: string, today: string): number {
  return Math.max(0, Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(dueDate), 'days').days));
}

/**
 * A phone number written the international way ("+420 601 123 456"); numbers without a country
 * code are read as Czech, the insurer's clients' usual case. What cannot be read stays as typed.
 */
export function formatPhone(phone: string): string {
  const parsed = parsePhoneNumberFromString(phone, 'CZ');
  return parsed?.isValid() ? parsed.formatInternational() : phone;
}

/** A report label ("report.label.<key>") as a title: first letter upper case ("due" → "Due"). */
export function reportLabel(key: string, lang: Lang): string {
  const text = t(lang, `report.label.${key}` as MessageKey);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

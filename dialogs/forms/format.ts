import { DateTime } from 'luxon';
import type { Lang } from '../../locales/lang.js';
import { t } from '../../locales/index.js';
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

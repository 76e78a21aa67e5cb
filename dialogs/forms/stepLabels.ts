import type { Lang } from '../../locales/lang.js';
import { t, type MessageKey } from '../../locales/index.js';

/** The steps of the report forms (field keys, and "summary"), for the staff insights. */
export const REPORT_STEPS = [
  'policyConfirm', 'policyNumber', 'buyerName', 'buyerCountry', 'buyerRegistrationNumber', 'buyerVatId',
  'invoiceNumber', 'invoiceIssueDate', 'invoiceDueDate', 'invoiceAmount', 'invoiceOutstanding', 'moreInvoices',
  'extension', 'extensionDate', 'collectionSteps', 'disputed', 'cause', 'causeDetail', 'startCollection', 'documents',
  'contactName', 'contactDetails', 'summary',
] as const;

/** A step's name in words ("Buyer's registration number (IČO)", not buyerRegistrationNumber); an unknown key as it is. */
export function stepLabel(step: string, lang: Lang): string {
  return (REPORT_STEPS as readonly string[]).includes(step) ? t(lang, `report.step.${step}` as MessageKey) : step;
}

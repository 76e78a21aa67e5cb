import { extractReportFields } from './extraction/offlineExtractor.js';
import { questionSignal } from './questions.js';

/**
 * "ACME s.r.o., IČO 27074358, nezaplatila fakturu 2024-118 na 12 500 EUR splatnou 3. 3.": a
 * message that carries a report without asking for one. It names who (a buyer or a policy) and
 * at least two facts of an invoice (number, amount, due or issue date), and is not a question.
 * Judged by the offline extractor only (no LLM call for every message); the form then pre-fills
 * from the same text with the configured extractor.
 */
export function carriesOverdueReport(text: string, today: string): boolean {
  if (questionSignal(text) === 'marked' || !/\d/.test(text)) return false;
  const found = extractReportFields(text, { today });
  const who = [found.policyNumber, found.buyer?.name, found.buyer?.registrationNumber, found.buyer?.vatId].filter(Boolean).length;
  const invoice = found.invoices?.[0];
  const invoiceFacts = invoice ? [invoice.number, invoice.amount, invoice.dueDate, invoice.issueDate].filter((v) => v !== undefined).length : 0;
  return who >= 1 && invoiceFacts >= 2;
}

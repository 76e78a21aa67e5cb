import type { Lang } from '../locales/lang.js';
import { t, type MessageKey } from '../locales/index.js';
import type { CaseRecord, CaseStore } from './caseStore.js';
import { REFERENCE_PATTERN } from './caseStore.js';
import { formatDate } from './forms/format.js';

export interface Requester {
  userId: string;
  /** Policies the client proved in this conversation (gave and we found in the directory). */
  policies: string[];
}

/** A client may see a case they filed themselves, or one under a policy they gave us. */
export function mayView(record: CaseRecord, requester: Requester): boolean {
  return record.userId === requester.userId || requester.policies.some((p) => p.toUpperCase() === record.policyNumber.toUpperCase());
}

/**
 * "What is the status of CLM-2026-000123?" — answered only for the client's own cases; for
 * anyone else the case does not exist (its existence is not revealed).
 */
export async function describeCaseStatus(text: string, lang: Lang, cases: CaseStore, requester: Requester): Promise<string> {
  const match = REFERENCE_PATTERN.exec(text);
  if (!match) return t(lang, 'status.askReference');
  const reference = match[0].toUpperCase();
  const record = await cases.getCase(reference);
  if (!record || !mayView(record, requester)) return t(lang, 'status.notFound', { reference });
  const status = (s: string) => t(lang, `status.name.${s}` as MessageKey);
  const history = record.history.map((h) => `- ${formatDate(h.at.slice(0, 10), lang)}: ${status(h.status)}${h.note ? ` — ${h.note}` : ''}`).join('\n');
  return t(lang, 'status.summary', {
    reference: record.reference,
    kind: t(lang, record.kind === 'claim' ? 'status.kind.claim' : 'status.kind.overdue'),
    status: status(record.status),
    updated: formatDate(record.updatedAt.slice(0, 10), lang),
    history,
  });
}

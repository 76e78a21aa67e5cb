import type { Lang } from '../locales/lang.js';
import { literalMarkdown } from '../platform/text/literalMarkdown.js';
import { t, type MessageKey } from '../locales/index.js';
import type { CaseRecord, CaseStore } from './caseStore.js';
import { REFERENCE_PATTERN } from './caseStore.js';
import { formatDate } from './forms/format.js';

/** Who asks: the conversation identity (channel and user id) the turn came from. */
export interface Requester {
  channelId: string;
  userId: string;
}

/**
 * A case is shown only to the identity that filed it. A policy number typed into a form proves
 * nothing (anyone can type one), so it never opens another case; a verified client identity
 * (the portal's sign-in, Teams) is what may widen this to all of the client's cases.
 */
export function mayView(record: CaseRecord, requester: Requester): boolean {
  return requester.userId !== '' && record.userId === requester.userId && record.channelId === requester.channelId;
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
  // The date and the manager's note are shown literally: "1. 1. 2026" after a bullet would become a numbered list.
  const history = record.history.map((h) => `- ${literalMarkdown(formatDate(h.at.slice(0, 10), lang))}: ${status(h.status)}${h.note ? ` — ${literalMarkdown(h.note)}` : ''}`).join('\n');
  return t(lang, 'status.summary', {
    reference: record.reference,
    kind: t(lang, record.kind === 'claim' ? 'status.kind.claim' : 'status.kind.overdue'),
    status: status(record.status),
    updated: formatDate(record.updatedAt.slice(0, 10), lang),
    history,
  });
}

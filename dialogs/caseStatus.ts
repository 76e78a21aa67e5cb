import type { Lang } from '../locales/lang.js';
import { literalMarkdown } from '../platform/text/literalMarkdown.js';
import { t, type MessageKey } from '../locales/index.js';
import type { CaseRecord, CaseStore } from './caseStore.js';
import { REFERENCE_PATTERN } from './caseStore.js';
import { formatDate } from './forms/format.js';
import { filedReportLines } from './forms/summary.js';

/** Who asks: the conversation identity (channel and user id) the turn came from, and the client it is verified as. */
export interface Requester {
  channelId: string;
  userId: string;
  /** The directory client the requester is verified as (portal sign-in, Teams mapping, one-time code). */
  verifiedClientId?: string;
}

/** The most cases "my cases" lists at once (newest first); the rest are named by count. */
const LIST_LIMIT = 10;

/**
 * A case is shown to the identity that filed it, and to anyone verified as the client it
 * belongs to. A policy number typed into a form proves nothing (anyone can type one), so it
 * never opens another case.
 */
export function mayView(record: CaseRecord, requester: Requester): boolean {
  if (requester.verifiedClientId && record.clientId === requester.verifiedClientId) return true;
  return requester.userId !== '' && record.userId === requester.userId && record.channelId === requester.channelId;
}

/**
 * "What is the status of CLM-2026-000123-7KQ4?" — its status, history and what was filed, for
 * the client's own cases only; for anyone else the case does not exist (its existence is not
 * revealed). Without a reference, a verified client gets the list of their cases ("my cases").
 */
export async function describeCaseStatus(text: string, lang: Lang, cases: CaseStore, requester: Requester): Promise<string> {
  const match = REFERENCE_PATTERN.exec(text);
  if (!match) return requester.verifiedClientId ? listCases(lang, cases, requester.verifiedClientId) : t(lang, 'status.askReferenceOrVerify');
  const reference = match[0].toUpperCase();
  const record = await cases.getCase(reference);
  if (!record || !mayView(record, requester)) return t(lang, 'status.notFound', { reference });
  const history = record.history.map((h) => `- ${literalMarkdown(formatDate(h.at.slice(0, 10), lang))}: ${statusName(h.status, lang)}${h.note ? ` — ${literalMarkdown(h.note)}` : ''}`).join('\n');
  const summary = t(lang, 'status.summary', {
    reference: record.reference,
    kind: kindName(record, lang),
    status: statusName(record.status, lang),
    updated: formatDate(record.updatedAt.slice(0, 10), lang),
    history,
  });
  return `${summary}\n\n${t(lang, 'status.details', { lines: filedReportLines(record.data, lang).map((line) => `- ${line}`).join('\n') })}`;
}

async function listCases(lang: Lang, cases: CaseStore, clientId: string): Promise<string> {
  // The newest few and the count, through an index: a client with years of cases costs the same (#20).
  const { records: shown, total } = await cases.recentByClient(clientId, LIST_LIMIT);
  if (total === 0) return t(lang, 'status.listEmpty');
  const items = shown
    .map((record) => `- ${t(lang, 'status.listItem', { reference: record.reference, kind: kindName(record, lang), status: statusName(record.status, lang), updated: literalMarkdown(formatDate(record.updatedAt.slice(0, 10), lang)) })}`)
    .join('\n');
  const list = t(lang, 'status.list', { count: total, items });
  return total > shown.length ? `${list}\n\n${t(lang, 'status.listMore', { shown: shown.length, count: total })}` : list;
}

// The date and the manager's note are shown literally: "1. 1. 2026" after a bullet would become a numbered list.
const statusName = (status: string, lang: Lang) => t(lang, `status.name.${status}` as MessageKey);
const kindName = (record: CaseRecord, lang: Lang) => t(lang, record.kind === 'claim' ? 'status.kind.claim' : 'status.kind.overdue');

import type { Activity } from 'botbuilder';
import type { Lang } from '../locales/lang.js';
import type { TranscriptLine } from './types.js';

/**
 * The conversation as the manager will read it: who said what, oldest first. The client is
 * whoever has the client's channel user id; everything else in the conversation is the bot
 * (logged replies do not reliably carry a role).
 */
export function toTranscriptLines(activities: Partial<Activity>[], clientUserId: string): TranscriptLine[] {
  return activities
    .filter((a) => a.type === 'message' && (a.text || a.attachments?.length))
    .map((a) => ({
      at: a.timestamp ? new Date(a.timestamp).toISOString() : new Date(0).toISOString(),
      from: a.from?.id === clientUserId && a.from?.role !== 'bot' ? ('client' as const) : ('bot' as const),
      text: (a.text ?? '').slice(0, 4000) || `[${(a.attachments ?? []).map((x) => x.name ?? x.contentType).join(', ')}]`,
    }));
}

interface FormSnapshot {
  kind?: string;
  asked?: string;
  values?: Record<string, unknown>;
}

/**
 * A short summary for the manager without an LLM: why the client asked, what they asked the
 * bot, and the report they were filling in. Deliberately factual — the transcript is attached.
 */
export function offlineSummary(input: { reason: string; lang: Lang; channelId: string; transcript: TranscriptLine[]; form?: unknown; policyNumber?: string; clientName?: string }): string {
  const questions = input.transcript.filter((l) => l.from === 'client').map((l) => l.text.replace(/\s+/g, ' ').slice(0, 200));
  const lines = [
    `Reason: ${input.reason}. Language: ${input.lang}. Channel: ${input.channelId}.`,
    input.policyNumber ? `Policy: ${input.policyNumber}${input.clientName ? ` (${input.clientName})` : ''}.` : 'Policy: not given.',
  ];
  if (questions.length) lines.push(`Client wrote (last ${Math.min(questions.length, 5)}): ${questions.slice(-5).map((q) => `"${q}"`).join('; ')}.`);
  const form = input.form as FormSnapshot | undefined;
  if (form?.kind) {
    const filled = Object.entries(form.values ?? {})
      .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    lines.push(`Unfinished ${form.kind === 'claim' ? 'claim report' : 'overdue-invoice notification'}${form.asked ? `, at step "${form.asked}"` : ''}: ${filled || 'nothing filled yet'}.`);
  }
  return lines.join('\n');
}

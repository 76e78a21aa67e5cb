import { foldDiacritics } from '../../knowledge/text/fold.js';
import { t } from '../../locales/index.js';
import { deadlineNote } from './fields.js';
import type { FieldContext } from './formTypes.js';

/**
 * Ways clients ask how long they have to notify (folded, lower case). "How long will it take"
 * is about processing, not this, and goes to the knowledge base.
 */
const ASKS_FOR_NOTIFICATION_DEADLINE = [
  /\blhut/,
  /\bdo kdy\b/,
  /\bjak dlouho (mam|muzu|mohu|lze)\b/,
  /\bkolik (mam )?(casu|dni|dnu)\b/,
  /\bdeadline\b/,
  /\btime limit\b/,
  /\bhow (long|many days|much time) (do|have) (i|we)\b/,
  /\bby when\b/,
];

export function asksForNotificationDeadline(text: string): boolean {
  const folded = foldDiacritics(text.toLowerCase());
  return ASKS_FOR_NOTIFICATION_DEADLINE.some((pattern) => pattern.test(folded));
}

/**
 * A question about the client's own policy terms, answered from the directory rather than the
 * general documents (which can only give a worked example): the notification deadline of the
 * policy in the form, and for the invoice being reported, its date. Undefined when the question
 * is about something else or the policy is not known yet.
 */
export function policyTermsAnswer(text: string, ctx: FieldContext): string | undefined {
  const policy = ctx.policy?.policy;
  if (!policy || !asksForNotificationDeadline(text)) return undefined;
  const answer = t(ctx.lang, 'terms.deadline', { policy: policy.number, days: policy.notificationDeadlineDays });
  const invoice = ctx.values.invoices[ctx.invoiceIndex];
  const note = invoice?.dueDate ? deadlineNote(invoice.dueDate, invoice.number ?? String(ctx.invoiceIndex + 1), ctx) : undefined;
  return note ? `${answer}\n\n${note}` : answer;
}

import { ActionTypes, CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { literalMarkdown } from '../../platform/text/literalMarkdown.js';
import type { Lang } from '../../locales/lang.js';
import { t, type MessageKey } from '../../locales/index.js';
import type { Invoice, Report } from '../reportSchemas.js';
import type { FormState, FormValues } from './formTypes.js';
import { countryName, daysLate, formatAmount, formatDate, formatPhone, reportLabel } from './format.js';

type Fact = { title: string; value: string };

/** The confirmed data of a form, shaped as the report schema expects. */
export function valuesToReport(state: FormState): Record<string, unknown> {
  const v = state.values;
  const core = {
    kind: state.kind,
    policyNumber: v.policyNumber,
    buyer: {
      name: v.buyer.name,
      country: v.buyer.country,
      ...(v.buyer.registrationNumber ? { registrationNumber: v.buyer.registrationNumber } : {}),
      ...(v.buyer.vatId ? { vatId: v.buyer.vatId } : {}),
      ...(v.buyer.address ? { address: v.buyer.address } : {}),
    },
    invoices: v.invoices,
    extension: { granted: v.extensionGranted ?? false, ...(v.extensionDate ? { newDueDate: v.extensionDate } : {}) },
    collectionSteps: v.collectionSteps ?? '',
    disputed: v.disputed,
    contact: { name: v.contactName, ...(v.contactEmail ? { email: v.contactEmail } : {}), ...(v.contactPhone ? { phone: v.contactPhone } : {}) },
  };
  if (state.kind === 'overdue') return core;
  return {
    ...core,
    cause: v.cause,
    ...(v.causeDetail ? { causeDetail: v.causeDetail } : {}),
    startCollection: v.startCollection,
    attachments: v.attachments,
  };
}

function yesNo(value: boolean | undefined, lang: Lang): string {
  return value === undefined ? '—' : t(lang, value ? 'common.yes' : 'common.no');
}

/**
 * `today` (ISO, the insurer's date) flags invoices already past their due date; without it
 * (a filed case read back later) no such flag, since it would be relative to another day.
 */
function facts(state: Pick<FormState, 'kind' | 'values'>, lang: Lang, today?: string): { general: Fact[]; invoices: Fact[][]; rest: Fact[] } {
  const v = state.values;
  const label = (key: string) => reportLabel(key, lang);
  const general: Fact[] = [
    // The policy's owner is not shown: a typed policy number proves nothing about who is typing.
    { title: label('policy'), value: v.policyNumber ?? '—' },
    { title: label('buyer'), value: v.buyer.name ?? '—' },
    ...(v.buyer.address ? [{ title: label('address'), value: v.buyer.address }] : []),
    { title: label('country'), value: v.buyer.country ? countryName(v.buyer.country, lang) : '—' },
    // "IČO" is the Czech register's number; a foreign buyer has a registration number of its own country.
    { title: label(v.buyer.country && v.buyer.country !== 'CZ' ? 'registrationNumberForeign' : 'registrationNumber'), value: v.buyer.registrationNumber || '—' },
    { title: label('vatId'), value: v.buyer.vatId || '—' },
  ];
  const dueValue = (due: string) => {
    const late = today ? daysLate(due, today) : 0;
    return late > 0 ? `${formatDate(due, lang)} (${t(lang, 'report.daysLate', { days: late })})` : formatDate(due, lang);
  };
  const invoices = v.invoices.map((inv: Partial<Invoice>) => [
    { title: label('invoice'), value: inv.number ?? '—' },
    { title: label('issueDate'), value: inv.issueDate ? formatDate(inv.issueDate, lang) : '—' },
    { title: label('dueDate'), value: inv.dueDate ? dueValue(inv.dueDate) : '—' },
    { title: label('amount'), value: inv.amount !== undefined ? `${formatAmount(inv.amount, lang)} ${inv.currency ?? ''}` : '—' },
    { title: label('outstanding'), value: inv.outstanding !== undefined ? `${formatAmount(inv.outstanding, lang)} ${inv.currency ?? ''}` : '—' },
  ]);
  const rest: Fact[] = [
    { title: label('extension'), value: v.extensionGranted ? `${t(lang, 'common.yes')}, ${v.extensionDate ? formatDate(v.extensionDate, lang) : ''}` : yesNo(v.extensionGranted, lang) },
    { title: label('collectionSteps'), value: v.collectionSteps || '—' },
    { title: label('disputed'), value: yesNo(v.disputed, lang) },
    { title: label('contact'), value: [v.contactName, v.contactEmail, v.contactPhone ? formatPhone(v.contactPhone) : undefined].filter(Boolean).join(', ') || '—' },
  ];
  if (state.kind === 'claim') {
    rest.push(
      { title: label('cause'), value: v.cause ? t(lang, `report.cause.${v.cause}` as MessageKey) + (v.causeDetail ? ` — ${v.causeDetail}` : '') : '—' },
      { title: label('startCollection'), value: yesNo(v.startCollection, lang) },
      { title: label('attachments'), value: v.attachments.map((a) => a.name).join(', ') || '—' },
    );
  }
  // Every value is the client's text or a date: shown as typed, never as markdown (a Czech date
  // "15. 7. 2026" would otherwise become a numbered list in the card).
  const literal = (list: Fact[]) => list.map((fact) => ({ ...fact, value: literalMarkdown(fact.value) }));
  return { general: literal(general), invoices: invoices.map(literal), rest: literal(rest) };
}

/** A filed report's values in the form's shape, so that what was filed reads like what was confirmed. */
function reportToValues(report: Report): FormValues {
  return {
    policyNumber: report.policyNumber,
    buyer: { ...report.buyer },
    invoices: report.invoices,
    extensionGranted: report.extension.granted,
    ...(report.extension.newDueDate ? { extensionDate: report.extension.newDueDate } : {}),
    collectionSteps: report.collectionSteps,
    disputed: report.disputed,
    contactName: report.contact.name,
    ...(report.contact.email ? { contactEmail: report.contact.email } : {}),
    ...(report.contact.phone ? { contactPhone: report.contact.phone } : {}),
    ...(report.kind === 'claim'
      ? { cause: report.cause, ...(report.causeDetail ? { causeDetail: report.causeDetail } : {}), startCollection: report.startCollection, attachments: report.attachments }
      : { attachments: [] }),
  };
}

/** What was filed, as text lines ("Buyer: ACME s.r.o."), for the client who asks about their case. */
export function filedReportLines(report: Report, lang: Lang): string[] {
  const f = facts({ kind: report.kind, values: reportToValues(report) }, lang);
  const line = (x: Fact) => `${x.title}: ${x.value}`;
  // "(1)", not "1.": these lines go into a bulleted list, where "1." would start a numbered one.
  return [...f.general.map(line), ...f.invoices.map((inv, i) => `(${i + 1}) ${inv.map(line).join(', ')}`), ...f.rest.map(line)];
}

/** Channels known to render Adaptive Cards; elsewhere the summary goes as plain text. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator']);
export function supportsCards(channelId: string | undefined): boolean {
  return CARD_CHANNELS.has(channelId ?? '');
}

/**
 * The summary to confirm: an Adaptive Card (1.4, which Teams and Web Chat render) with
 * confirm / change / cancel buttons where cards render; elsewhere the same content as text with
 * the three as suggested actions. Typing the word works everywhere.
 */
export function summaryActivity(state: FormState, lang: Lang, channelId?: string, warnings: string[] = [], today?: string): Partial<Activity> {
  const f = facts(state, lang, today);
  const title = t(lang, state.kind === 'claim' ? 'report.summaryTitle.claim' : 'report.summaryTitle.overdue');
  const line = (x: Fact) => `${x.title}: ${x.value}`;
  const text = [
    title,
    ...f.general.map(line),
    ...f.invoices.map((inv, i) => `${i + 1}. ${inv.map(line).join(', ')}`),
    ...f.rest.map(line),
    ...(warnings.length ? ['', ...warnings] : []),
    '',
    t(lang, 'report.summaryQuestion'),
  ].join('\n');

  const card = CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: f.general },
      ...f.invoices.map((inv, i) => ({
        type: 'Container',
        separator: true,
        items: [
          { type: 'TextBlock', text: `${t(lang, 'report.label.invoice')} ${i + 1}`, weight: 'Bolder', wrap: true },
          { type: 'FactSet', facts: inv },
        ],
      })),
      { type: 'FactSet', separator: true, facts: f.rest },
      ...warnings.map((warning) => ({ type: 'TextBlock', text: warning, color: 'Attention', wrap: true, separator: true })),
      { type: 'TextBlock', text: t(lang, 'report.summaryQuestion'), wrap: true },
    ],
    actions: (['confirm', 'change', 'cancel'] as const).map((action) => ({
      type: 'Action.Submit',
      title: t(lang, `report.action.${action}`),
      data: { action, formId: state.formId },
    })),
  });
  // The card's buttons, or (where cards do not render) suggested actions: never both, or the
  // client sees Confirm / Change / Cancel twice. Typing the word works in either case.
  if (supportsCards(channelId)) return MessageFactory.attachment(card, t(lang, 'report.summaryCardIntro'));
  return MessageFactory.suggestedActions(
    (['confirm', 'change', 'cancel'] as const).map((action) => ({ type: ActionTypes.ImBack, title: t(lang, `report.action.${action}`), value: t(lang, `report.action.${action}`) })),
    text,
  );
}

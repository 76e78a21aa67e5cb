import type { Lang } from '../../locales/lang.js';
import { t } from '../../locales/index.js';
import type { PartialReport } from '../reportSchemas.js';
import { parseEmail, parseName, parsePhone } from '../validation/index.js';
import type { FieldContext, Prompt } from './formTypes.js';

/**
 * Fields asked together: on channels that render Adaptive Cards as one card form, elsewhere as
 * one question that invites several answers in one message. A group never validates anything
 * itself: it turns a card submission or a free-text message into one answer text per field,
 * and the fields' own `accept` checks each of them exactly as if it had been typed alone. So
 * the card, the text fallback and the one-question-at-a-time path cannot disagree on what is
 * valid, and whatever a group could not fill is simply asked next, field by field.
 */
export type GroupId = 'buyer' | 'invoice' | 'details' | 'contact';

/** One answer for one field; `always`: validate it even when the field is already answered (a second contact detail). */
export interface GroupAnswer {
  field: string;
  text: string;
  always?: boolean;
}

export interface FieldGroup {
  id: GroupId;
  /** The fields the group covers, in the order their answers are validated. */
  fields: readonly string[];
  /** Answers from free text, when one message can carry several (undefined: the group has no text form). */
  fromText?: (text: string, ctx: FieldContext, extract: (text: string) => Promise<PartialReport>) => Promise<GroupAnswer[][]>;
  /** The question that invites several answers at once, on channels without cards. */
  textPrompt?: (ctx: FieldContext, registerOn: boolean) => Prompt;
}

/** The word each field takes for "nothing" / "everything", in the client's language. */
export function skipWord(lang: Lang): string {
  return t(lang, 'common.skip');
}
export function allWord(lang: Lang): string {
  return lang === 'cs' ? 'vše' : 'all';
}

function buyerAnswers(partial: PartialReport): GroupAnswer[] {
  const buyer = partial.buyer ?? {};
  const answers: GroupAnswer[] = [];
  if (buyer.country) answers.push({ field: 'buyerCountry', text: buyer.country });
  if (buyer.registrationNumber) answers.push({ field: 'buyerRegistrationNumber', text: buyer.registrationNumber });
  if (buyer.name) answers.push({ field: 'buyerName', text: buyer.name });
  if (buyer.vatId) answers.push({ field: 'buyerVatId', text: buyer.vatId });
  return answers;
}

type PartialInvoice = NonNullable<PartialReport['invoices']>[number];

/**
 * One invoice's answers. A line that gives the amount but not what is still unpaid means the
 * whole invoice: the text question says so, and the summary shows it before anything is filed.
 */
function invoiceAnswers(invoice: PartialInvoice, lang: Lang): GroupAnswer[] {
  const answers: GroupAnswer[] = [];
  if (invoice.number) answers.push({ field: 'invoiceNumber', text: invoice.number });
  if (invoice.issueDate) answers.push({ field: 'invoiceIssueDate', text: invoice.issueDate });
  if (invoice.dueDate) answers.push({ field: 'invoiceDueDate', text: invoice.dueDate });
  if (invoice.amount !== undefined && invoice.currency) answers.push({ field: 'invoiceAmount', text: `${invoice.amount} ${invoice.currency}` });
  if (invoice.outstanding !== undefined) answers.push({ field: 'invoiceOutstanding', text: String(invoice.outstanding) });
  else if (invoice.amount !== undefined && invoice.currency && invoice.number && invoice.dueDate) answers.push({ field: 'invoiceOutstanding', text: allWord(lang) });
  return answers;
}

/**
 * Several invoices pasted one per line (or as rows of a table copied from a spreadsheet): each
 * line is read on its own, so a date or an amount never drifts to the neighbouring invoice.
 * Lines without anything of an invoice (a table's header, "here they are:") are left out.
 */
async function invoicesFromText(text: string, ctx: FieldContext, extract: (text: string) => Promise<PartialReport>): Promise<GroupAnswer[][]> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const invoices: PartialInvoice[] = [];
  if (lines.length > 1) {
    for (const line of lines.slice(0, MAX_LINES)) invoices.push(...(await invoicesOfLine(line, extract)).filter((invoice) => invoice.number !== undefined));
  } else {
    invoices.push(...(await invoicesOfLine(text, extract)));
  }
  return invoices.map((invoice) => invoiceAnswers(invoice, ctx.lang)).filter((answers) => answers.length > 0);
}

/** As many lines as a report can hold invoices. */
const MAX_LINES = 50;

/** Cells of a line: tab, semicolon and pipe separate table columns; a comma does only before a space ("48 000,50 Kč" stays one). */
const CELL_SEPARATOR = /[\t;|]|, /;

/**
 * The invoices of one line. A line written as a list or a table row starts with the invoice
 * number without any label ("FV-118, 2. 3. 2026, …"): when the extraction finds no number, the
 * first cell is taken for it if it holds a digit and is not itself a date or an amount.
 */
async function invoicesOfLine(line: string, extract: (text: string) => Promise<PartialReport>): Promise<PartialInvoice[]> {
  const found = (await extract(line)).invoices ?? [];
  if (found.some((invoice) => invoice.number !== undefined)) return found;
  const cells = line.split(CELL_SEPARATOR).map((cell) => cell.trim());
  const [first, ...rest] = cells;
  if (!first || rest.length === 0 || !/\p{N}/u.test(first) || first.split(' ').length > 3) return found;
  const others = (await extract(rest.join(', '))).invoices ?? [];
  const alone = (await extract(first)).invoices?.[0] ?? {};
  if (alone.issueDate || alone.dueDate || alone.amount !== undefined) return found;
  return [{ ...(others[0] ?? {}), number: first }];
}

/**
 * "Eva Krátká, eva@firma.cz, +420 601 123 456", "petra dvorakova petra@seznam.cz 777888999",
 * "Sarah Connor (sarah@firma.com)": a name and an e-mail and/or a phone, in any order, with or
 * without separators. The e-mail is the word with an @, the phone the longest run of digit
 * groups, the name what is left.
 */
function contactFromText(text: string): GroupAnswer[] {
  const words = text.split(/[\s,;()<>]+/).filter(Boolean).slice(0, 20);
  const answers: GroupAnswer[] = [];
  const used = new Set<number>();
  const email = words.findIndex((word) => word.includes('@') && parseEmail(word).ok);
  if (email >= 0) {
    answers.push({ field: 'contactDetails', text: words[email]!, always: true });
    used.add(email);
  }
  let best: [number, number] | undefined;
  for (let start = 0; start < words.length; start++) {
    let end = start;
    while (end < words.length && !used.has(end) && PHONE_PART.test(words[end]!)) end++;
    if (end > start && (!best || end - start > best[1] - best[0])) best = [start, end];
  }
  if (best) {
    const phone = words.slice(best[0], best[1]).join(' ');
    if (parsePhone(phone).ok) {
      answers.push({ field: 'contactDetails', text: phone, always: true });
      for (let i = best[0]; i < best[1]; i++) used.add(i);
    }
  }
  const name = words.filter((_, i) => !used.has(i)).join(' ');
  return name && !/\p{N}/u.test(name) && parseName(name).ok ? [{ field: 'contactName', text: name }, ...answers] : answers;
}

/** A piece of a phone number: "+420", "601", "123-456", "(0)". */
const PHONE_PART = /^\+?[\d\-/.]{1,15}$/;

export const buyerGroup: FieldGroup = {
  id: 'buyer',
  fields: ['buyerCountry', 'buyerRegistrationNumber', 'buyerName', 'buyerVatId'],
  fromText: async (text, _ctx, extract) => {
    const answers = buyerAnswers(await extract(text));
    return answers.length ? [answers] : [];
  },
  textPrompt: (ctx, registerOn) => ({ text: t(ctx.lang, registerOn ? 'ask.group.buyerWithRegister' : 'ask.group.buyer') }),
};

export const invoiceGroup: FieldGroup = {
  id: 'invoice',
  fields: ['invoiceNumber', 'invoiceIssueDate', 'invoiceDueDate', 'invoiceAmount', 'invoiceOutstanding'],
  fromText: invoicesFromText,
  textPrompt: (ctx) => ({ text: t(ctx.lang, 'ask.group.invoice', { n: ctx.invoiceIndex + 1 }) }),
};

/** Yes/no questions and short texts: one card; in text they stay one question each (a lone "ano" answers only one). */
export const detailsGroup: FieldGroup = {
  id: 'details',
  fields: ['extension', 'extensionDate', 'collectionSteps', 'disputed', 'cause', 'causeDetail', 'startCollection'],
};

export const contactGroup: FieldGroup = {
  id: 'contact',
  fields: ['contactName', 'contactDetails'],
  fromText: async (text) => {
    const answers = contactFromText(text);
    return answers.length ? [answers] : [];
  },
  textPrompt: (ctx) => ({ text: t(ctx.lang, 'ask.group.contact') }),
};

export const fieldGroups: readonly FieldGroup[] = [buyerGroup, invoiceGroup, detailsGroup, contactGroup];

export function groupOfField(key: string | undefined): FieldGroup | undefined {
  return key === undefined ? undefined : fieldGroups.find((group) => group.fields.includes(key));
}

/** The answers a card submission carries: input ids are field keys (contact: e-mail and phone separately). */
export function answersFromCard(group: FieldGroup, value: Record<string, unknown>, ctx: FieldContext, options: { registerOn?: boolean } = {}): GroupAnswer[] {
  const text = (id: string) => (typeof value[id] === 'string' ? (value[id] as string).trim() : '');
  const answers: GroupAnswer[] = [];
  for (const field of group.fields) {
    switch (field) {
      case 'buyerRegistrationNumber':
      case 'buyerVatId': {
        // Empty optional numbers are "skip"; a Czech buyer's IČO is required and its own check says so.
        const given = text(field);
        answers.push({ field, text: given || (field === 'buyerRegistrationNumber' && text('buyerCountry') === 'CZ' ? '' : skipWord(ctx.lang)) });
        break;
      }
      case 'invoiceAmount': {
        const amount = text('invoiceAmount');
        const currency = text('invoiceCurrency');
        // The currency list applies unless the amount was typed with its own ("1 200 EUR").
        answers.push({ field, text: amount && currency && /^[\d\s.,'’]+$/u.test(amount) ? `${amount} ${currency}` : amount });
        break;
      }
      case 'invoiceOutstanding':
        answers.push({ field, text: text(field) || allWord(ctx.lang) });
        break;
      case 'buyerName':
        // With the register on, the card says the name is not needed with an IČO: left empty, it
        // is filled in from the register, or asked again (with the reason) when the register cannot.
        if (text(field) || !options.registerOn) answers.push({ field, text: text(field) });
        break;
      case 'contactDetails': {
        const email = text('contactEmail');
        const phone = text('contactPhone');
        if (email) answers.push({ field, text: email, always: true });
        if (phone) answers.push({ field, text: phone, always: true });
        if (!email && !phone) answers.push({ field, text: '' });
        break;
      }
      default:
        answers.push({ field, text: text(field) });
    }
  }
  return answers;
}

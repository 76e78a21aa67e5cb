import { ActionTypes, type Attachment, type CardAction } from 'botbuilder';
import { DateTime } from 'luxon';
import { foldDiacritics } from '../../knowledge/text/fold.js';
import type { Lang } from '../../locales/lang.js';
import { t, type MessageKey } from '../../locales/index.js';
import { claimCauses, type ClaimCause } from '../reportSchemas.js';
import { isCommand, normalizeCommand } from '../commands.js';
import {
  parseAmount,
  parseDate,
  parseEmail,
  parseIco,
  parseInvoiceNumber,
  parseName,
  parsePhone,
  parsePolicyNumber,
  parseVatId,
  parseYesNo,
  type ValidationFailure,
} from '../validation/index.js';
import { channelAcceptsFiles, checkAttachment, formatSize } from './attachments.js';
import { parseCountry } from './countries.js';
import { formatAmount, formatDate } from './format.js';
import type { FieldContext, FieldDef, FieldOutcome, Prompt } from './formTypes.js';
import type { DialogServices } from '../services.js';
import type { PolicyMatch } from '../policyDirectory.js';

const MAX_INVOICES = 50;
const MAX_FREE_TEXT = 2000;
/** How close a notification deadline must be for a warning, in days. */
const DEADLINE_WARNING_DAYS = 7;
/** After this many unknown policy numbers the client is offered a person. */
const POLICY_ATTEMPTS_BEFORE_HANDOFF = 3;

/** The message for a validator's reason code, from the catalogue. */
export function reasonMessage(lang: Lang, failure: ValidationFailure): string {
  return t(lang, `reason.${failure.reason}` as MessageKey, failure.params ?? {});
}

function fail(message: string, offerHandoff = false): FieldOutcome {
  return { ok: false, message, ...(offerHandoff ? { offerHandoff } : {}) };
}

function yesNoChoices(lang: Lang): CardAction[] {
  return [
    { type: ActionTypes.ImBack, title: t(lang, 'common.yes'), value: t(lang, 'common.yes') },
    { type: ActionTypes.ImBack, title: t(lang, 'common.no'), value: t(lang, 'common.no') },
  ];
}

function skipChoice(lang: Lang): CardAction[] {
  return [{ type: ActionTypes.ImBack, title: t(lang, 'common.skip'), value: t(lang, 'common.skip') }];
}


function buyerName(ctx: FieldContext): string {
  return ctx.values.buyer.name ?? t(ctx.lang, 'report.label.buyer').toLowerCase();
}

function currentInvoice(ctx: FieldContext) {
  return ctx.values.invoices[ctx.invoiceIndex] ?? {};
}

function invoiceLabel(ctx: FieldContext): string {
  return currentInvoice(ctx).number ?? String(ctx.invoiceIndex + 1);
}

/** The notification deadline of an invoice, and a note about it for the client. */
export function deadlineNote(dueDate: string, invoiceNumber: string, ctx: FieldContext, onlyWarnings = false): string | undefined {
  const days = ctx.policy?.policy.notificationDeadlineDays;
  if (!days) return undefined;
  const deadline = DateTime.fromISO(dueDate).plus({ days });
  const today = DateTime.fromISO(ctx.today);
  const left = Math.round(deadline.diff(today, 'days').days);
  const params = { number: invoiceNumber, deadline: formatDate(deadline.toISODate()!, ctx.lang), days };
  if (left < 0) return t(ctx.lang, 'deadline.passed', { ...params, ago: -left });
  if (left <= DEADLINE_WARNING_DAYS) return t(ctx.lang, 'deadline.soon', { ...params, left });
  return onlyWarnings ? undefined : t(ctx.lang, 'deadline.info', params);
}

/**
 * The deadline warnings (passed or close) for every invoice that has a due date, however it got
 * there: typed as an answer, pre-filled from the first message, or changed from the summary.
 */
export function deadlineWarnings(ctx: FieldContext): string[] {
  return ctx.values.invoices.flatMap((invoice, i) => {
    if (!invoice.dueDate) return [];
    const note = deadlineNote(invoice.dueDate, invoice.number ?? String(i + 1), ctx, true);
    return note ? [note] : [];
  });
}

const policyConfirm: FieldDef = {
  key: 'policyConfirm',
  group: 'policy',
  needed: (ctx) => !!ctx.state.knownPolicy && !ctx.values.policyNumber && !ctx.state.knownPolicyDeclined,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.policyConfirm', { policy: ctx.state.knownPolicy! }), choices: yesNoChoices(ctx.lang) }),
  accept(text, ctx) {
    const answer = parseYesNo(text);
    if (!answer.ok) return fail(reasonMessage(ctx.lang, answer));
    const known = ctx.state.knownPolicy!;
    return {
      ok: true,
      apply: (v) => {
        if (answer.value) v.policyNumber = known;
        else ctx.state.knownPolicyDeclined = true;
      },
    };
  },
  help: (ctx) => t(ctx.lang, 'help.policyConfirm'),
};

/** A run of words that can be a policy number: a country prefix or a part with digits ("CZ-2024-10001", "cz 2024 10001"). */
const POLICY_PART = /^(?:\p{L}{2}|[\p{L}\-/._]*\p{N}[\p{L}\p{N}\-/._]*)$/u;
const MAX_POLICY_CANDIDATES = 3;

/**
 * A policy number inside a sentence ("its CZ-2024-10001", "nahlaseni skody cz 2024 10001"):
 * each run of words that could be one, with four digits at least, is looked up, at most three
 * per message (so a message is not a way to try many numbers at once).
 */
export function findPolicyInText(text: string, directory: Pick<DialogServices['directory'], 'findPolicy'>): PolicyMatch | undefined {
  const words = text.split(/[\s,;:()]+/).filter(Boolean).slice(0, 60);
  const runs: string[][] = [];
  let run: string[] = [];
  for (const word of [...words, '']) {
    if (word && POLICY_PART.test(word)) run.push(word);
    else if (run.length) {
      if (run.join('').replace(/\D/g, '').length >= 4) runs.push(run);
      run = [];
    }
  }
  let lookups = 0;
  for (const candidate of runs) {
    // Two-letter words before the prefix are Czech words ("je to cz 2024 10001"): the number
    // starts at the two letters right before a part with digits, or at that part.
    const hasDigit = (word: string | undefined) => word !== undefined && /\p{N}/u.test(word);
    const start = candidate.findIndex((word, i) => hasDigit(word) || hasDigit(candidate[i + 1]));
    const starts = start < 0 ? [] : hasDigit(candidate[start]) ? [start] : [start, start + 1];
    for (const from of starts) {
      if (lookups++ >= MAX_POLICY_CANDIDATES) return undefined;
      const parsed = parsePolicyNumber(candidate.slice(from).join(' '));
      const match = parsed.ok ? directory.findPolicy(parsed.value) : undefined;
      if (match) return match;
    }
  }
  return undefined;
}

const policyNumber: FieldDef = {
  key: 'policyNumber',
  group: 'policy',
  needed: (ctx) => !ctx.values.policyNumber,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.policyNumber') }),
  accept(text, ctx) {
    const parsed = parsePolicyNumber(text);
    if (parsed.ok && ctx.services.policyLookups && !ctx.services.policyLookups.allow(ctx.requester)) return fail(t(ctx.lang, 'policy.tooManyLookups'), true);
    const match = (parsed.ok ? ctx.services.directory.findPolicy(parsed.value) : undefined) ?? findPolicyInText(text, ctx.services.directory);
    if (!match) {
      ctx.state.policyAttempts++;
      const final = ctx.state.policyAttempts >= POLICY_ATTEMPTS_BEFORE_HANDOFF;
      const message = parsed.ok || final ? t(ctx.lang, final ? 'policy.unknownFinal' : 'policy.unknown', { value: text.trim().slice(0, 40) }) : reasonMessage(ctx.lang, parsed);
      return fail(message, final);
    }
    return {
      ok: true,
      apply: (v) => {
        v.policyNumber = match.policy.number;
      },
      // Only that the policy exists: who owns it and who manages it is not told to whoever typed the number.
      notes: [t(ctx.lang, 'policy.found', { policy: match.policy.number })],
    };
  },
  help: (ctx) => t(ctx.lang, 'help.policyNumber'),
};

const buyerNameField: FieldDef = {
  key: 'buyerName',
  group: 'buyer',
  needed: (ctx) => !ctx.values.buyer.name,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.buyerName') }),
  accept(text, ctx) {
    const name = parseName(text);
    if (!name.ok) return fail(reasonMessage(ctx.lang, name));
    return { ok: true, apply: (v) => void (v.buyer.name = name.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.buyerName'),
};

const buyerCountry: FieldDef = {
  key: 'buyerCountry',
  group: 'buyer',
  needed: (ctx) => !ctx.values.buyer.country,
  prompt: (ctx) => ({
    text: t(ctx.lang, 'ask.buyerCountry', { buyer: buyerName(ctx) }),
    choices: ['CZ', 'SK', 'DE', 'AT', 'PL'].map((c) => ({ type: ActionTypes.ImBack, title: c, value: c })),
  }),
  accept(text, ctx) {
    const country = parseCountry(text);
    if (!country) return fail(t(ctx.lang, 'reason.country.unknown'));
    return { ok: true, apply: (v) => void (v.buyer.country = country) };
  },
  help: (ctx) => t(ctx.lang, 'help.buyerCountry'),
};

const buyerRegistrationNumber: FieldDef = {
  key: 'buyerRegistrationNumber',
  group: 'buyer',
  needed: (ctx) => ctx.values.buyer.registrationNumber === undefined,
  prompt: (ctx) =>
    ctx.values.buyer.country === 'CZ'
      ? { text: t(ctx.lang, 'ask.buyerRegistrationNumber', { buyer: buyerName(ctx) }) }
      : { text: t(ctx.lang, 'ask.buyerRegistrationNumberForeign', { buyer: buyerName(ctx) }), choices: skipChoice(ctx.lang) },
  accept(text, ctx) {
    // A Czech buyer must be identified by a valid IČO; foreign registration numbers vary too much to check.
    if (ctx.values.buyer.country === 'CZ') {
      const ico = parseIco(text);
      if (!ico.ok) return fail(reasonMessage(ctx.lang, ico));
      return { ok: true, apply: (v) => void (v.buyer.registrationNumber = ico.value) };
    }
    if (isCommand('answer', 'skip', text)) return { ok: true, apply: (v) => void (v.buyer.registrationNumber = null) };
    const value = text.trim();
    if (value.length < 2 || value.length > 40 || !/[\p{N}]/u.test(value)) return fail(t(ctx.lang, 'reason.registration.format'));
    return { ok: true, apply: (v) => void (v.buyer.registrationNumber = value) };
  },
  help: (ctx) => t(ctx.lang, 'help.buyerRegistrationNumber'),
};

/** The VAT number's country prefix: the ISO code, except Greece (EL) in the EU's VIES. */
function vatPrefix(country: string): string {
  return country === 'GR' ? 'EL' : country;
}

const buyerVatId: FieldDef = {
  key: 'buyerVatId',
  group: 'buyer',
  needed: (ctx) => ctx.values.buyer.vatId === undefined,
  // The example follows the buyer's country: a Swedish buyer is not shown a Czech VAT number.
  prompt: (ctx) =>
    ctx.values.buyer.country && ctx.values.buyer.country !== 'CZ'
      ? { text: t(ctx.lang, 'ask.buyerVatIdForeign', { buyer: buyerName(ctx), prefix: vatPrefix(ctx.values.buyer.country) }), choices: skipChoice(ctx.lang) }
      : { text: t(ctx.lang, 'ask.buyerVatId', { buyer: buyerName(ctx) }), choices: skipChoice(ctx.lang) },
  accept(text, ctx) {
    if (isCommand('answer', 'skip', text)) return { ok: true, apply: (v) => void (v.buyer.vatId = null) };
    const vat = parseVatId(text);
    if (!vat.ok) return fail(reasonMessage(ctx.lang, vat));
    return { ok: true, apply: (v) => void (v.buyer.vatId = vat.value.vatId) };
  },
  help: (ctx) => t(ctx.lang, 'help.buyerVatId'),
};

const invoiceNumber: FieldDef = {
  key: 'invoiceNumber',
  group: 'invoices',
  needed: (ctx) => !ctx.values.invoicesDone && !currentInvoice(ctx).number,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.invoiceNumber', { n: ctx.invoiceIndex + 1 }) }),
  accept(text, ctx) {
    const number = parseInvoiceNumber(text);
    if (!number.ok) return fail(reasonMessage(ctx.lang, number));
    // Invoice numbers carry digits; a sentence without any is not one (often a question instead).
    if (!/\p{N}/u.test(number.value) || number.value.split(/\s+/).length > 4) return fail(t(ctx.lang, 'reason.invoice.format'));
    const i = ctx.invoiceIndex;
    return { ok: true, apply: (v) => void (v.invoices[i]!.number = number.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.invoiceNumber'),
};

const invoiceIssueDate: FieldDef = {
  key: 'invoiceIssueDate',
  group: 'invoices',
  needed: (ctx) => !ctx.values.invoicesDone && !currentInvoice(ctx).issueDate,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.invoiceIssueDate', { number: invoiceLabel(ctx) }) }),
  accept(text, ctx) {
    const date = parseDate(text, { today: ctx.today, role: 'issue' });
    if (!date.ok) return fail(reasonMessage(ctx.lang, date));
    if (date.value > ctx.today) return fail(t(ctx.lang, 'reason.date.issueInFuture'));
    const due = currentInvoice(ctx).dueDate;
    if (due && due < date.value) return fail(t(ctx.lang, 'validation.dueBeforeIssue', { issueDate: formatDate(date.value, ctx.lang) }));
    const i = ctx.invoiceIndex;
    return { ok: true, apply: (v) => void (v.invoices[i]!.issueDate = date.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.invoiceIssueDate'),
};

function invoiceDueDate(stateDeadline: boolean): FieldDef {
  return {
    key: 'invoiceDueDate',
    group: 'invoices',
    needed: (ctx) => !ctx.values.invoicesDone && !currentInvoice(ctx).dueDate,
    prompt: (ctx) => ({ text: t(ctx.lang, 'ask.invoiceDueDate', { number: invoiceLabel(ctx) }) }),
    accept(text, ctx) {
      const date = parseDate(text, { today: ctx.today, role: 'due' });
      if (!date.ok) return fail(reasonMessage(ctx.lang, date));
      const issue = currentInvoice(ctx).issueDate;
      if (issue && date.value < issue) return fail(t(ctx.lang, 'validation.dueBeforeIssue', { issueDate: formatDate(issue, ctx.lang) }));
      const i = ctx.invoiceIndex;
      const note = stateDeadline ? deadlineNote(date.value, invoiceLabel(ctx), ctx) : undefined;
      return { ok: true, apply: (v) => void (v.invoices[i]!.dueDate = date.value), notes: note ? [note] : [] };
    },
    help: (ctx) => t(ctx.lang, 'help.invoiceDueDate'),
  };
}

const invoiceAmount: FieldDef = {
  key: 'invoiceAmount',
  group: 'invoices',
  needed: (ctx) => !ctx.values.invoicesDone && (currentInvoice(ctx).amount === undefined || !currentInvoice(ctx).currency),
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.invoiceAmount', { number: invoiceLabel(ctx) }) }),
  accept(text, ctx) {
    const money = parseAmount(text);
    if (!money.ok) return fail(reasonMessage(ctx.lang, money));
    // An invoice without a currency takes the one of the previous invoice, if any.
    const currency = money.value.currency ?? currentInvoice(ctx).currency ?? ctx.values.invoices[ctx.invoiceIndex - 1]?.currency;
    if (!currency) return fail(t(ctx.lang, 'validation.currencyMissing'));
    const outstanding = currentInvoice(ctx).outstanding;
    if (outstanding !== undefined && outstanding > money.value.amount) {
      return fail(t(ctx.lang, 'validation.outstandingAboveAmount', { amount: formatAmount(money.value.amount, ctx.lang) }));
    }
    const i = ctx.invoiceIndex;
    return {
      ok: true,
      apply: (v) => {
        v.invoices[i]!.amount = money.value.amount;
        v.invoices[i]!.currency = currency;
      },
    };
  },
  help: (ctx) => t(ctx.lang, 'help.invoiceAmount'),
};

const invoiceOutstanding: FieldDef = {
  key: 'invoiceOutstanding',
  group: 'invoices',
  needed: (ctx) => !ctx.values.invoicesDone && currentInvoice(ctx).outstanding === undefined,
  prompt: (ctx) => ({
    text: t(ctx.lang, 'ask.invoiceOutstanding', { number: invoiceLabel(ctx) }),
    choices: [{ type: ActionTypes.ImBack, title: ctx.lang === 'cs' ? 'vše' : 'all', value: ctx.lang === 'cs' ? 'vše' : 'all' }],
  }),
  accept(text, ctx) {
    const invoice = currentInvoice(ctx);
    const i = ctx.invoiceIndex;
    if (isCommand('answer', 'all', text)) return { ok: true, apply: (v) => void (v.invoices[i]!.outstanding = invoice.amount) };
    const money = parseAmount(text);
    if (!money.ok) return fail(reasonMessage(ctx.lang, money));
    if (money.value.currency && invoice.currency && money.value.currency !== invoice.currency) return fail(t(ctx.lang, 'validation.currencyConflict', { currency: invoice.currency }));
    if (invoice.amount !== undefined && money.value.amount > invoice.amount) {
      return fail(t(ctx.lang, 'validation.outstandingAboveAmount', { amount: `${formatAmount(invoice.amount, ctx.lang)} ${invoice.currency ?? ''}`.trim() }));
    }
    return { ok: true, apply: (v) => void (v.invoices[i]!.outstanding = money.value.amount) };
  },
  help: (ctx) => t(ctx.lang, 'help.invoiceOutstanding'),
};

const moreInvoices: FieldDef = {
  key: 'moreInvoices',
  group: 'invoices',
  needed: (ctx) => !ctx.values.invoicesDone,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.moreInvoices', { buyer: buyerName(ctx) }), choices: yesNoChoices(ctx.lang) }),
  accept(text, ctx) {
    const answer = parseYesNo(text);
    if (!answer.ok) return fail(reasonMessage(ctx.lang, answer));
    const full = ctx.values.invoices.length >= MAX_INVOICES;
    return {
      ok: true,
      apply: (v) => {
        if (answer.value && !full) v.invoices.push({});
        else v.invoicesDone = true;
      },
    };
  },
  help: (ctx) => t(ctx.lang, 'help.moreInvoices'),
};

const extension: FieldDef = {
  key: 'extension',
  group: 'extension',
  needed: (ctx) => ctx.values.extensionGranted === undefined,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.extension', { buyer: buyerName(ctx) }), choices: yesNoChoices(ctx.lang) }),
  accept(text, ctx) {
    const answer = parseYesNo(text);
    if (!answer.ok) return fail(reasonMessage(ctx.lang, answer));
    return { ok: true, apply: (v) => void (v.extensionGranted = answer.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.extension'),
};

const extensionDate: FieldDef = {
  key: 'extensionDate',
  group: 'extension',
  needed: (ctx) => ctx.values.extensionGranted === true && !ctx.values.extensionDate,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.extensionDate') }),
  accept(text, ctx) {
    const date = parseDate(text, { today: ctx.today, role: 'future' });
    if (!date.ok) return fail(reasonMessage(ctx.lang, date));
    const earliestDue = ctx.values.invoices.map((i) => i.dueDate).filter((d): d is string => !!d).sort()[0];
    if (earliestDue && date.value <= earliestDue) return fail(t(ctx.lang, 'validation.extensionBeforeDue', { dueDate: formatDate(earliestDue, ctx.lang) }));
    return { ok: true, apply: (v) => void (v.extensionDate = date.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.extensionDate'),
};

function freeText(text: string, ctx: FieldContext): string | FieldOutcome {
  const value = text.trim();
  if (!value || value.length > MAX_FREE_TEXT) return fail(t(ctx.lang, 'validation.freeText'));
  return value;
}

const collectionSteps: FieldDef = {
  key: 'collectionSteps',
  group: 'collection',
  needed: (ctx) => ctx.values.collectionSteps === undefined,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.collectionSteps') }),
  accept(text, ctx) {
    const value = freeText(text, ctx);
    if (typeof value !== 'string') return value;
    return { ok: true, apply: (v) => void (v.collectionSteps = value) };
  },
  help: (ctx) => t(ctx.lang, 'help.collectionSteps'),
};

const disputed: FieldDef = {
  key: 'disputed',
  group: 'dispute',
  needed: (ctx) => ctx.values.disputed === undefined,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.disputed', { buyer: buyerName(ctx) }), choices: yesNoChoices(ctx.lang) }),
  accept(text, ctx) {
    const answer = parseYesNo(text);
    if (!answer.ok) return fail(reasonMessage(ctx.lang, answer));
    return { ok: true, apply: (v) => void (v.disputed = answer.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.disputed'),
};

const causeWords: Record<ClaimCause, string[]> = {
  protracted_default: ['1', 'protracted default', 'protracted', 'default', 'non-payment', 'neplaceni', 'dlouhodobe neplaceni', 'neplati', 'prodleni'],
  insolvency: ['2', 'insolvency', 'insolvent', 'bankruptcy', 'insolvence', 'upadek', 'konkurz'],
  other: ['3', 'other', 'jina', 'jine', 'jiny', 'neco jineho'],
};

const cause: FieldDef = {
  key: 'cause',
  group: 'cause',
  needed: (ctx) => ctx.state.kind === 'claim' && !ctx.values.cause,
  prompt: (ctx) => ({
    text: t(ctx.lang, 'ask.cause'),
    choices: claimCauses.map((c) => ({ type: ActionTypes.ImBack, title: t(ctx.lang, `report.cause.${c}`), value: t(ctx.lang, `report.cause.${c}`) })),
  }),
  accept(text, ctx) {
    const folded = normalizeCommand(text);
    const chosen = claimCauses.find(
      (c) =>
        (['cs', 'en'] as const).some((l) => foldDiacritics(t(l, `report.cause.${c}`)) === folded) ||
        causeWords[c].some((w) => folded === w || folded.split(/[^\p{L}\p{N}-]+/u).includes(w) || (w.includes(' ') && folded.includes(w))),
    );
    if (!chosen) return fail(t(ctx.lang, 'validation.cause'));
    return { ok: true, apply: (v) => void (v.cause = chosen) };
  },
  help: (ctx) => t(ctx.lang, 'help.cause'),
};

const causeDetail: FieldDef = {
  key: 'causeDetail',
  group: 'cause',
  needed: (ctx) => ctx.state.kind === 'claim' && ctx.values.cause === 'other' && !ctx.values.causeDetail,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.causeDetail') }),
  accept(text, ctx) {
    const value = freeText(text, ctx);
    if (typeof value !== 'string') return value;
    return { ok: true, apply: (v) => void (v.causeDetail = value) };
  },
  help: (ctx) => t(ctx.lang, 'help.causeDetail'),
};

const startCollection: FieldDef = {
  key: 'startCollection',
  group: 'collection',
  needed: (ctx) => ctx.state.kind === 'claim' && ctx.values.startCollection === undefined,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.startCollection', { buyer: buyerName(ctx) }), choices: yesNoChoices(ctx.lang) }),
  accept(text, ctx) {
    const answer = parseYesNo(text);
    if (!answer.ok) return fail(reasonMessage(ctx.lang, answer));
    return { ok: true, apply: (v) => void (v.startCollection = answer.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.startCollection'),
};

const documents: FieldDef = {
  key: 'documents',
  group: 'documents',
  needed: (ctx) => ctx.state.kind === 'claim' && !ctx.values.documentsDone,
  prompt(ctx): Prompt {
    const done = { type: ActionTypes.ImBack, title: ctx.lang === 'cs' ? 'hotovo' : 'done', value: ctx.lang === 'cs' ? 'hotovo' : 'done' };
    if (ctx.values.attachments.length > 0) return { text: t(ctx.lang, 'attachment.more'), choices: [done] };
    const list = t(ctx.lang, `docs.${ctx.values.cause ?? 'other'}` as MessageKey);
    // Only where the channel lets the client attach files is that offered; the manager's address
    // is not told to someone who only typed a policy number.
    return { text: t(ctx.lang, channelAcceptsFiles(ctx.activity.channelId) ? 'ask.documents' : 'ask.documentsElsewhere', { list }), choices: [done] };
  },
  accept(text, ctx) {
    const files = (ctx.activity.attachments ?? []) as Attachment[];
    const checks = files.map(checkAttachment).filter((c) => c !== undefined);
    if (checks.length > 0) {
      const accepted = checks.flatMap((c) => (c.ok ? [c.record] : []));
      const notes = checks.flatMap((c) => (c.ok ? [] : [t(ctx.lang, c.reason === 'tooLarge' ? 'attachment.tooLarge' : 'attachment.unsupported', { name: c.name, type: c.type })]));
      if (accepted.length) notes.unshift(t(ctx.lang, 'attachment.received', { files: accepted.map((a) => (a.size ? `${a.name} (${formatSize(a.size)})` : a.name)).join(', ') }));
      return { ok: true, apply: (v) => void v.attachments.push(...accepted), notes };
    }
    if (isCommand('answer', 'done', text)) {
      return {
        ok: true,
        apply: (v) => void (v.documentsDone = true),
        notes: ctx.values.attachments.length ? [t(ctx.lang, 'attachment.done', { count: ctx.values.attachments.length })] : [],
      };
    }
    return fail(t(ctx.lang, 'help.documents'));
  },
  help: (ctx) => t(ctx.lang, 'help.documents'),
};

const contactName: FieldDef = {
  key: 'contactName',
  group: 'contact',
  needed: (ctx) => !ctx.values.contactName,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.contactName') }),
  accept(text, ctx) {
    const name = parseName(text);
    if (!name.ok) return fail(reasonMessage(ctx.lang, name));
    return { ok: true, apply: (v) => void (v.contactName = name.value) };
  },
  help: (ctx) => t(ctx.lang, 'help.contactName'),
};

const contactDetails: FieldDef = {
  key: 'contactDetails',
  group: 'contact',
  needed: (ctx) => !ctx.values.contactEmail && !ctx.values.contactPhone,
  prompt: (ctx) => ({ text: t(ctx.lang, 'ask.contactDetails', { name: ctx.values.contactName ?? '' }) }),
  accept(text, ctx) {
    const email = parseEmail(text);
    if (email.ok) return { ok: true, apply: (v) => void (v.contactEmail = email.value) };
    const phone = parsePhone(text);
    if (phone.ok) return { ok: true, apply: (v) => void (v.contactPhone = phone.value) };
    return fail(t(ctx.lang, 'validation.contactDetails'));
  },
  help: (ctx) => t(ctx.lang, 'help.contactDetails'),
};

const buyerAndInvoices = (stateDeadline: boolean): FieldDef[] => [
  policyConfirm,
  policyNumber,
  buyerNameField,
  buyerCountry,
  buyerRegistrationNumber,
  buyerVatId,
  invoiceNumber,
  invoiceIssueDate,
  invoiceDueDate(stateDeadline),
  invoiceAmount,
  invoiceOutstanding,
  moreInvoices,
  extension,
  extensionDate,
  collectionSteps,
  disputed,
];

/** Overdue-invoice notification: the notification deadline is stated for every invoice. */
export const overdueFields: FieldDef[] = [...buyerAndInvoices(true), contactName, contactDetails];

export const claimFields: FieldDef[] = [...buyerAndInvoices(false), cause, causeDetail, startCollection, documents, contactName, contactDetails];

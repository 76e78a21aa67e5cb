import { CardFactory, type Attachment } from 'botbuilder';
import type { Lang } from '../../locales/lang.js';
import { t } from '../../locales/index.js';
import { claimCauses } from '../reportSchemas.js';
import type { FieldContext } from './formTypes.js';
import type { GroupId } from './fieldGroups.js';
import { countryName } from './format.js';

/**
 * The Adaptive Card (1.4: Web Chat and Teams render it) of a field group. Input ids are the
 * field keys, so a submission reads like typed answers; every input starts with what is already
 * known or what the client typed last time (a failed answer is corrected, not retyped), and the
 * server checks everything again — the card's own `isRequired` is only a convenience.
 */

/** Currencies offered in the list; any ISO code can still be typed with the amount ("1 200 SEK"). */
const CARD_CURRENCIES = ['CZK', 'EUR', 'USD', 'GBP', 'PLN', 'HUF', 'CHF', 'SEK', 'NOK', 'DKK', 'RON', 'BGN'];

/** Buyers' countries offered in the list, the insurer's usual markets first; names from ICU. */
const CARD_COUNTRIES = ['CZ', 'SK', 'DE', 'AT', 'PL', 'HU', 'SI', 'HR', 'RO', 'BG', 'IT', 'FR', 'ES', 'PT', 'NL', 'BE', 'LU', 'DK', 'SE', 'FI', 'NO', 'IE', 'GB', 'CH', 'EE', 'LV', 'LT', 'GR', 'CY', 'MT', 'UA', 'TR', 'US', 'CN'];

type Element = Record<string, unknown>;

function text(id: string, label: string, value: string | undefined, options: { required?: boolean; multiline?: boolean; placeholder?: string; style?: string } = {}): Element {
  return {
    type: 'Input.Text',
    id,
    label,
    ...(value ? { value } : {}),
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
    ...(options.multiline ? { isMultiline: true, maxLength: 2000 } : { maxLength: 200 }),
    ...(options.style ? { style: options.style } : {}),
    ...(options.required ? { isRequired: true, errorMessage: label } : {}),
  };
}

function date(id: string, label: string, value: string | undefined, required = true): Element {
  return { type: 'Input.Date', id, label, ...(value ? { value } : {}), ...(required ? { isRequired: true, errorMessage: label } : {}) };
}

function choice(id: string, label: string, choices: { title: string; value: string }[], value: string | undefined, options: { expanded?: boolean; required?: boolean } = {}): Element {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    choices,
    style: options.expanded ? 'expanded' : 'compact',
    ...(value ? { value } : {}),
    ...(options.required ? { isRequired: true, errorMessage: label } : {}),
  };
}

function yesNo(id: string, label: string, value: boolean | undefined, lang: Lang): Element {
  const yes = t(lang, 'common.yes');
  const no = t(lang, 'common.no');
  return choice(id, label, [{ title: yes, value: yes }, { title: no, value: no }], value === undefined ? undefined : value ? yes : no, { expanded: true, required: true });
}

/** What an input shows: the client's last (rejected) text, else the value already known. */
function shown(draft: Record<string, string>, id: string, known: string | undefined | null): string | undefined {
  return draft[id] ?? (known ?? undefined);
}

function buyerBody(ctx: FieldContext, draft: Record<string, string>, registerOn: boolean): Element[] {
  const b = ctx.values.buyer;
  const lang = ctx.lang;
  return [
    { type: 'TextBlock', text: t(lang, 'form.card.buyer'), weight: 'Bolder', wrap: true },
    ...(registerOn ? [{ type: 'TextBlock', text: t(lang, 'form.card.buyerRegister'), wrap: true, isSubtle: true }] : []),
    choice(
      'buyerCountry',
      t(lang, 'form.input.country'),
      CARD_COUNTRIES.map((code) => ({ title: countryName(code, lang), value: code })),
      shown(draft, 'buyerCountry', b.country) ?? 'CZ',
      { required: true },
    ),
    text('buyerRegistrationNumber', t(lang, 'form.input.registrationNumber'), shown(draft, 'buyerRegistrationNumber', b.registrationNumber), { placeholder: '27074358' }),
    text('buyerName', t(lang, registerOn ? 'form.input.buyerNameOptional' : 'form.input.buyerName'), shown(draft, 'buyerName', b.name), { required: !registerOn }),
    text('buyerVatId', t(lang, 'form.input.vatId'), shown(draft, 'buyerVatId', b.vatId)),
  ];
}

function invoiceBody(ctx: FieldContext, draft: Record<string, string>): Element[] {
  const inv = ctx.values.invoices[ctx.invoiceIndex] ?? {};
  const lang = ctx.lang;
  const previousCurrency = ctx.values.invoices[ctx.invoiceIndex - 1]?.currency;
  const currency = draft.invoiceCurrency ?? inv.currency ?? previousCurrency ?? 'CZK';
  return [
    { type: 'TextBlock', text: t(lang, 'form.card.invoice', { n: ctx.invoiceIndex + 1 }), weight: 'Bolder', wrap: true },
    text('invoiceNumber', t(lang, 'form.input.invoiceNumber'), shown(draft, 'invoiceNumber', inv.number), { required: true }),
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [date('invoiceIssueDate', t(lang, 'form.input.issueDate'), shown(draft, 'invoiceIssueDate', inv.issueDate))] },
        { type: 'Column', width: 'stretch', items: [date('invoiceDueDate', t(lang, 'form.input.dueDate'), shown(draft, 'invoiceDueDate', inv.dueDate))] },
      ],
    },
    {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [text('invoiceAmount', t(lang, 'form.input.amount'), shown(draft, 'invoiceAmount', inv.amount?.toString()), { required: true, placeholder: '48 000' })] },
        {
          type: 'Column',
          width: 'auto',
          items: [choice('invoiceCurrency', t(lang, 'form.input.currency'), [...new Set([currency, ...CARD_CURRENCIES])].map((c) => ({ title: c, value: c })), currency)],
        },
      ],
    },
    text('invoiceOutstanding', t(lang, 'form.input.outstanding'), shown(draft, 'invoiceOutstanding', inv.outstanding !== undefined && inv.outstanding !== inv.amount ? String(inv.outstanding) : undefined)),
  ];
}

function detailsBody(ctx: FieldContext, draft: Record<string, string>): Element[] {
  const v = ctx.values;
  const lang = ctx.lang;
  const buyer = v.buyer.name ?? t(lang, 'report.label.buyer').toLowerCase();
  const body: Element[] = [
    { type: 'TextBlock', text: t(lang, 'form.card.details'), weight: 'Bolder', wrap: true },
    yesNo('extension', t(lang, 'ask.extension', { buyer }), v.extensionGranted, lang),
    date('extensionDate', t(lang, 'form.input.extensionDate'), shown(draft, 'extensionDate', v.extensionDate), false),
    text('collectionSteps', t(lang, 'form.input.collectionSteps'), shown(draft, 'collectionSteps', v.collectionSteps), { multiline: true, required: true }),
    yesNo('disputed', t(lang, 'ask.disputed', { buyer }), v.disputed, lang),
  ];
  if (ctx.state.kind === 'claim') {
    body.push(
      choice(
        'cause',
        t(lang, 'ask.cause'),
        claimCauses.map((c) => ({ title: t(lang, `report.cause.${c}`), value: t(lang, `report.cause.${c}`) })),
        v.cause ? t(lang, `report.cause.${v.cause}`) : draft.cause,
        { expanded: true, required: true },
      ),
      text('causeDetail', t(lang, 'form.input.causeDetail'), shown(draft, 'causeDetail', v.causeDetail), { multiline: true }),
      yesNo('startCollection', t(lang, 'ask.startCollection', { buyer }), v.startCollection, lang),
    );
  }
  return body;
}

function contactBody(ctx: FieldContext, draft: Record<string, string>): Element[] {
  const v = ctx.values;
  const lang = ctx.lang;
  return [
    { type: 'TextBlock', text: t(lang, 'form.card.contact'), weight: 'Bolder', wrap: true },
    text('contactName', t(lang, 'form.input.contactName'), shown(draft, 'contactName', v.contactName), { required: true }),
    text('contactEmail', t(lang, 'form.input.contactEmail'), shown(draft, 'contactEmail', v.contactEmail), { style: 'Email' }),
    text('contactPhone', t(lang, 'form.input.contactPhone'), shown(draft, 'contactPhone', v.contactPhone), { style: 'Tel' }),
  ];
}

export interface GroupCardOptions {
  formId: string;
  draft: Record<string, string>;
  /** Whether the business register can fill in a Czech buyer from the IČO. */
  registerOn: boolean;
}

export function groupCard(group: GroupId, ctx: FieldContext, options: GroupCardOptions): Attachment {
  const { formId, draft } = options;
  const body =
    group === 'buyer' ? buyerBody(ctx, draft, options.registerOn) : group === 'invoice' ? invoiceBody(ctx, draft) : group === 'details' ? detailsBody(ctx, draft) : contactBody(ctx, draft);
  // The invoice's index travels with its card: an older invoice's card clicked again must not fill the current one.
  const step = group === 'invoice' ? { index: ctx.invoiceIndex } : {};
  const submit = (title: string, extra: Record<string, unknown> = {}) => ({ type: 'Action.Submit', title, data: { formId, group, ...step, ...extra } });
  const actions =
    group === 'invoice'
      ? [submit(t(ctx.lang, 'form.action.continue'), { more: false }), submit(t(ctx.lang, 'form.action.addInvoice'), { more: true })]
      : [submit(t(ctx.lang, 'form.action.continue'))];
  return CardFactory.adaptiveCard({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions });
}

import { randomUUID } from 'node:crypto';
import { ActionTypes, MessageFactory, TurnContext, type Activity, type CardAction } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../../locales/lang.js';
import { t } from '../../locales/index.js';
import type { CaseKind, CaseRecord } from '../caseStore.js';
import { claimReportSchema, overdueReportSchema, type PartialReport, type Report } from '../reportSchemas.js';
import { insurerToday, requesterOf, type DialogServices, type ReportEvent } from '../services.js';
import { turnLanguage } from '../turnLanguage.js';
import { parseYesNo } from '../validation/index.js';
import type { ChangeGroup, FieldContext, FieldDef, FormState, FormValues, Prompt } from './formTypes.js';
import { emptyValues } from './formTypes.js';
import { summaryActivity, valuesToReport } from './summary.js';
import { isQuestionInForm } from '../questions.js';
import { describeInvoice, reportLabel } from './format.js';
import { deadlineWarnings, findPolicyInText } from './fields.js';
import { policyTermsAnswer } from './policyTerms.js';
import { trimEndChars } from '../../platform/text/trimChars.js';
import { foldDiacritics } from '../../knowledge/text/fold.js';
import { verifiedClientOf } from '../clientIdentity.js';
import { lookUpRegistration } from '../businessRegister.js';
import { answersFromCard, groupOfField, invoiceGroup, type FieldGroup, type GroupAnswer } from './fieldGroups.js';
import { groupCard } from './groupCards.js';
import { supportsCards } from './summary.js';

export interface FormBeginOptions {
  /** The message that started the dialog: fields found in it are filled in advance. */
  initialText?: string;
  /** A policy number the client already used in this conversation, to confirm instead of asking. */
  knownPolicy?: string;
}

export interface FormResult {
  outcome: 'filed' | 'cancelled';
  reference?: string;
  policyNumber?: string;
}

/** Card buttons and their typed equivalents both arrive here as one of these actions. */
export type FormAction = 'confirm' | 'change' | 'cancel';

/**
 * "Potvrdit" / "Confirm" or "Změnit" / "Change" typed (or sent by a suggested action) instead
 * of clicking the summary's button; the button titles are the words. Cancel is a form command.
 */
export function typedSummaryAction(text: string, lang: Lang, options: { yesNo?: boolean } = {}): 'confirm' | 'change' | undefined {
  const word = foldDiacritics(trimEndChars(text.trim().toLowerCase(), '.!'));
  for (const l of [lang, lang === 'cs' ? 'en' : 'cs'] as const) {
    if (word === foldDiacritics(t(l, 'report.action.confirm').toLowerCase())) return 'confirm';
    const change = foldDiacritics(t(l, 'report.action.change').toLowerCase());
    // "Změnit údaj", "zmenit udaj", "chci změnit číslo smlouvy": the button's first word in the sentence.
    if (word === change || word.split(/\s+/).includes(change.split(' ')[0]!)) return 'change';
  }
  // "Ano" / "yes" to "Is everything correct?" confirms; "ne" / "no" opens the list of details to change.
  // Only a short answer: "ano, ale změňte kontakt" must not file the report.
  // (Only at the summary itself: after filing, "ano" answers whatever was asked next.)
  const answer = options.yesNo && word.split(/\s+/).length <= 3 ? parseYesNo(text) : undefined;
  if (answer?.ok) return answer.value ? 'confirm' : 'change';
  return undefined;
}

/**
 * The group of the summary's "change a detail" list a typed word names: the title itself in
 * either language ("Pojistná smlouva"), or one of its words ("smlouva", "kontakt"), folded.
 */
export function changeGroupOf(text: string): ChangeGroup | undefined {
  const wanted = foldDiacritics(text.trim().toLowerCase());
  if (wanted.length < 3) return undefined;
  for (const g of CHANGE_GROUPS) {
    for (const l of ['cs', 'en'] as const) {
      const title = foldDiacritics(t(l, `report.group.${g}`).toLowerCase());
      if (title === wanted) return g;
      if (wanted.length >= 4 && title.split(/[^\p{L}]+/u).some((w) => w.length >= 4 && (w === wanted || (wanted.length >= 5 && w.startsWith(wanted))))) return g;
    }
  }
  return undefined;
}

const CHANGE_GROUPS: ChangeGroup[] = ['policy', 'buyer', 'invoices', 'extension', 'collection', 'dispute', 'contact', 'cause', 'documents'];

const MAX_UNDO = 60;
const MAX_INVOICES = 50;

/** The short label of a field, for a card's reasons ("Due date: …"). */
const FIELD_LABELS: Record<string, string> = {
  buyerCountry: 'country', buyerRegistrationNumber: 'registrationNumber', buyerName: 'buyer', buyerVatId: 'vatId',
  invoiceNumber: 'invoice', invoiceIssueDate: 'issueDate', invoiceDueDate: 'dueDate', invoiceAmount: 'amount', invoiceOutstanding: 'outstanding',
  extension: 'extension', extensionDate: 'extension', collectionSteps: 'collectionSteps', disputed: 'disputed',
  cause: 'cause', causeDetail: 'cause', startCollection: 'startCollection', contactName: 'contact', contactDetails: 'contact',
};
function fieldLabel(field: string, lang: Lang): string {
  return reportLabel(FIELD_LABELS[field] ?? 'contact', lang);
}

/** Forgets one field's answer, so that a new one can be checked and kept. */
function clearField(values: FormValues, field: string): void {
  const invoice = values.invoices[values.invoices.length - 1] ?? {};
  const clear: Record<string, () => void> = {
    buyerCountry: () => delete values.buyer.country,
    buyerRegistrationNumber: () => delete values.buyer.registrationNumber,
    buyerName: () => delete values.buyer.name,
    buyerVatId: () => delete values.buyer.vatId,
    invoiceNumber: () => delete invoice.number,
    invoiceIssueDate: () => delete invoice.issueDate,
    invoiceDueDate: () => delete invoice.dueDate,
    invoiceAmount: () => (delete invoice.amount, delete invoice.currency),
    invoiceOutstanding: () => delete invoice.outstanding,
    extension: () => delete values.extensionGranted,
    extensionDate: () => delete values.extensionDate,
    collectionSteps: () => delete values.collectionSteps,
    disputed: () => delete values.disputed,
    cause: () => delete values.cause,
    causeDetail: () => delete values.causeDetail,
    startCollection: () => delete values.startCollection,
    contactName: () => delete values.contactName,
    contactDetails: () => (delete values.contactEmail, delete values.contactPhone),
  };
  clear[field]?.();
}

/** Where a failed answer goes back into the card: the input it came from. */
function inputIdOf(answer: GroupAnswer): string {
  if (answer.field === 'contactDetails') return answer.text.includes('@') ? 'contactEmail' : 'contactPhone';
  return answer.field;
}

/**
 * Whether a field is the first one the client meets in its group: the text form of a group is
 * offered only then ("the buyer: name, IČO…"), not for a group half filled from the first message.
 */
function isFirstOfGroup(group: FieldGroup, key: string, fields: readonly FieldDef[]): boolean {
  return fields.find((f) => group.fields.includes(f.key))?.key === key;
}

/**
 * A step-by-step form: asks for the next field still needed, validates every answer (with the
 * reason when it is wrong), can go back, shows a summary to confirm or change, and files the
 * case exactly once. The order of questions is not a fixed waterfall: it follows from what is
 * already known, so pre-filled answers, "back" and "change a detail" need no special paths.
 */
export class FormDialog extends Dialog<FormBeginOptions> {
  constructor(
    dialogId: string,
    private readonly kind: CaseKind,
    private readonly fields: FieldDef[],
    private readonly services: DialogServices,
  ) {
    super(dialogId);
  }

  static state(dc: DialogContext): FormState {
    return dc.activeDialog!.state as FormState;
  }

  override async beginDialog(dc: DialogContext, options?: FormBeginOptions): Promise<DialogTurnResult> {
    const lang = turnLanguage(dc.context);
    const state: FormState = {
      formId: randomUUID(),
      kind: this.kind,
      values: emptyValues(),
      undo: [],
      phase: 'fields',
      policyAttempts: 0,
      startedAt: this.services.clock.now().toISOString(),
    };
    Object.assign(dc.activeDialog!.state, state);
    const live = FormDialog.state(dc);
    if (options?.knownPolicy) live.knownPolicy = options.knownPolicy;
    await this.track(dc, 'started');

    await dc.context.sendActivity(t(lang, this.kind === 'claim' ? 'report.start.claim' : 'report.start.overdue'));
    const fromIdentity = this.prefillVerified(dc.context, live, lang);
    if (options?.initialText || fromIdentity.length) {
      const noted = [...fromIdentity, ...(options?.initialText ? await this.prefill(live, options.initialText, lang) : [])];
      if (noted.length) await dc.context.sendActivity(t(lang, 'report.prefilled', { fields: noted.join('; ') }));
      // An IČO in the first message is looked up at once, so the name is not asked for.
      for (const note of await this.checkRegister(live, lang)) await dc.context.sendActivity(note);
      // A pre-filled due date gets the same deadline warning as a typed one (when the policy is known).
      if (this.kind === 'overdue') for (const warning of deadlineWarnings(this.fieldContext(dc.context, live))) await dc.context.sendActivity(warning);
    }
    return this.advance(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    const activity = dc.context.activity;
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const action = this.actionOf(activity, state, text, lang);

    if (state.phase === 'cancel') {
      const answer = action === 'cancel' ? { ok: true as const, value: true } : parseYesNo(text);
      if (answer.ok && answer.value) {
        await this.track(dc, 'cancelled');
        await dc.context.sendActivity(t(lang, 'report.cancelled'));
        return dc.endDialog({ outcome: 'cancelled', policyNumber: state.values.policyNumber } satisfies FormResult);
      }
      if (answer.ok) {
        state.phase = state.phaseBeforeCancel ?? 'fields';
        await dc.context.sendActivity(t(lang, 'report.resumed'));
        return this.reprompt(dc);
      }
      await dc.context.sendActivity(t(lang, 'report.cancelConfirm'));
      return Dialog.EndOfTurn;
    }

    if (action === 'cancel') return this.requestCancel(dc);

    if (state.phase === 'summary') {
      if (action === 'confirm') return this.file(dc);
      if (action === 'change') {
        state.phase = 'change';
        await dc.context.sendActivity(this.changeMenu(state, lang));
        return Dialog.EndOfTurn;
      }
      await dc.context.sendActivity(t(lang, 'report.summaryChoose'));
      return this.reprompt(dc);
    }

    if (state.phase === 'change') {
      const group = this.groupOf(text, activity);
      if (!group) {
        await dc.context.sendActivity(this.changeMenu(state, lang));
        return Dialog.EndOfTurn;
      }
      this.snapshot(state, 'summary');
      clearGroup(state.values, group);
      // The changed group is asked afresh, with its card or its several-answers question.
      state.offered = [];
      delete state.draft;
      if (group === 'buyer') delete state.registerChecked;
      if (group === 'policy') state.knownPolicyDeclined = true;
      state.phase = 'fields';
      return this.advance(dc);
    }

    // A group's card submitted: every input is an answer.
    const submitted = this.groupSubmission(activity, state);
    if (submitted === 'stale') {
      await dc.context.sendActivity(t(lang, 'form.staleCard'));
      return this.reprompt(dc);
    }
    if (submitted) {
      const ctx = this.fieldContext(dc.context, state);
      return this.acceptGroup(dc, submitted.group, [answersFromCard(submitted.group, submitted.value, ctx, { registerOn: !!this.services.businessRegister })], { more: submitted.more, fromCard: true });
    }

    // Waiting for a field's answer.
    const field = this.fields.find((f) => f.key === state.asked);
    if (!field) return this.advance(dc);
    const ctx = this.fieldContext(dc.context, state);
    const several = await this.severalAnswers(state, text, ctx);
    if (several) {
      // Invoice lines sent instead of "yes" to "another invoice?": yes, and here it is.
      if (state.asked === 'moreInvoices' && state.values.invoices.length < MAX_INVOICES) state.values.invoices.push({});
      return this.acceptGroup(dc, several.group, several.sets);
    }
    const outcome = await field.accept(text, ctx);
    if (!outcome.ok) {
      if (isQuestionInForm(text, field.key, 'any')) {
        // Not an answer but a question ("jak dlouho to trvá"): answer it, then ask again.
        return this.answerQuestion(dc, text);
      }
      await dc.context.sendActivity(outcome.message);
      if (outcome.offerHandoff) await dc.context.sendActivity(this.handoffOffer(lang));
      await this.ask(dc, field, ctx, { repeat: true });
      return Dialog.EndOfTurn;
    }
    this.snapshot(state, field.key);
    outcome.apply(state.values);
    delete state.draft;
    const notes = [...(outcome.notes ?? []), ...(field.group === 'buyer' ? await this.checkRegister(state, lang) : [])];
    for (const note of notes) await dc.context.sendActivity(note);
    return this.advance(dc);
  }

  /** A card submission of the group being asked; 'stale' for a card of another form or an earlier step. */
  private groupSubmission(activity: Partial<Activity>, state: FormState): { group: FieldGroup; value: Record<string, unknown>; more?: boolean } | 'stale' | undefined {
    const value = activity.value as Record<string, unknown> | undefined;
    if (!value || typeof value !== 'object' || typeof value.group !== 'string') return undefined;
    if (value.formId !== state.formId) return 'stale';
    // Only the card of the question being asked: an earlier card of this form clicked again is not used.
    const group = groupOfField(state.asked);
    if (state.phase !== 'fields' || !group || group.id !== value.group) return 'stale';
    if (group.id === 'invoice' && value.index !== Math.max(0, state.values.invoices.length - 1)) return 'stale';
    return { group, value, ...(typeof value.more === 'boolean' ? { more: value.more } : {}) };
  }

  /**
   * Right after a group's question (card or text), one message may answer several of its fields
   * ("ACME s.r.o., IČO 27074358", an invoice per line). Only two answers or more count: a lone
   * date or amount is the answer to the question asked, never moved to a neighbouring field.
   */
  private async severalAnswers(state: FormState, text: string, ctx: FieldContext): Promise<{ group: FieldGroup; sets: GroupAnswer[][] } | undefined> {
    // At any question of a group that can take several answers, not only at its first: "ACME
    // s.r.o., DIČ CZ…" at the name question fills both.
    const group = state.asked === 'moreInvoices' ? invoiceGroup : groupOfField(state.asked);
    if (!text || !group?.fromText) return undefined;
    if (state.asked === 'moreInvoices' && parseYesNo(text).ok) return undefined;
    let sets: GroupAnswer[][];
    try {
      sets = await group.fromText(text, ctx, (part) => this.services.extract(part, { today: ctx.today, lang: ctx.lang }));
    } catch {
      return undefined;
    }
    const count = sets.reduce((sum, set) => sum + set.length, 0);
    return count >= 2 ? { group, sets } : undefined;
  }

  /**
   * Several answers of one group at once, each checked by its own field as if typed alone and in
   * the group's order (a due date after the issue date, the IČO after the country). What passes
   * is kept; what fails is told with its reason and asked again (the card keeps the client's
   * text to correct). Several sets are several invoices.
   */
  private async acceptGroup(dc: DialogContext, group: FieldGroup, sets: GroupAnswer[][], options: { more?: boolean; fromCard?: boolean } = {}): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    const { more, fromCard } = options;
    this.snapshot(state, state.asked ?? group.fields[0]!);
    // A card is the client's whole statement of its group: what it says replaces what was noted
    // before (a due date kept from a rejected submission must not survive its correction).
    if (fromCard) for (const answer of sets[0] ?? []) if (answer.text) clearField(state.values, answer.field);
    const notes: string[] = [];
    const failures: string[] = [];
    const draft: Record<string, string> = {};
    let left = 0;
    for (const [index, answers] of sets.entries()) {
      if (index > 0) {
        const current = this.fieldContext(dc.context, state);
        const incomplete = group.fields.some((key) => this.fields.find((f) => f.key === key)?.needed(current));
        if (failures.length || incomplete || state.values.invoices.length >= MAX_INVOICES) {
          left = sets.length - index;
          break;
        }
        state.values.invoices.push({});
      }
      for (const answer of answers) {
        const field = this.fields.find((f) => f.key === answer.field);
        const ctx = this.fieldContext(dc.context, state);
        if (!field || (!field.needed(ctx) && !answer.always)) continue;
        const outcome = await field.accept(answer.text, ctx);
        if (!outcome.ok) {
          // On a card the reason says which input it is about.
          failures.push(fromCard ? `${fieldLabel(answer.field, lang)}: ${outcome.message}` : outcome.message);
          draft[inputIdOf(answer)] = answer.text;
          continue;
        }
        outcome.apply(state.values);
        notes.push(...(outcome.notes ?? []));
        if (field.group === 'buyer') notes.push(...(await this.checkRegister(state, lang)));
      }
    }
    if (left) notes.push(t(lang, 'form.invoiceLinesLeft', { count: left }));
    if (more !== undefined && !failures.length && group.id === 'invoice') {
      const next = this.fields.find((f) => f.key === 'moreInvoices');
      const ctx = this.fieldContext(dc.context, state);
      if (next?.needed(ctx) && !group.fields.some((key) => this.fields.find((f) => f.key === key)?.needed(ctx))) {
        const outcome = await next.accept(t(lang, more ? 'common.yes' : 'common.no'), ctx);
        if (outcome.ok) outcome.apply(state.values);
      }
    }
    state.draft = draft;
    // What is still missing is asked one field at a time (or with the card again), not with the same long question.
    state.groupAsked = undefined;
    for (const note of notes) await dc.context.sendActivity(note);
    if (failures.length) await dc.context.sendActivity(failures.join('\n\n'));
    return this.advance(dc);
  }

  /**
   * A Czech buyer's IČO looked up in the business register: what the client left out (the name,
   * the VAT number) is filled in and the registered office added, for the client to see at once
   * and confirm on the summary. Not found is said; when the register cannot be asked the client
   * is told to write the name (and VAT number) themselves, and the same number is not looked up
   * again in this form.
   */
  private async checkRegister(state: FormState, lang: Lang): Promise<string[]> {
    const buyer = state.values.buyer;
    const register = this.services.businessRegister;
    if (!register || buyer.country !== 'CZ' || !buyer.registrationNumber || state.registerChecked === buyer.registrationNumber) return [];
    state.registerChecked = buyer.registrationNumber;
    const result = await lookUpRegistration(register, buyer.registrationNumber);
    if (result.status === 'notFound') return [t(lang, 'register.notFound', { ico: buyer.registrationNumber })];
    if (result.status !== 'found') return buyer.name && buyer.vatId !== undefined ? [] : [t(lang, 'register.unavailable')];
    const company = result.company;
    // The registered name, not how the client typed it ("ČEZ" for "ČEZ, a. s."): the case needs the official one.
    buyer.name = company.name;
    if (buyer.vatId === undefined) buyer.vatId = company.vatId ?? null;
    if (company.address) buyer.address = company.address;
    return [t(lang, company.vatId ? 'register.found' : 'register.foundNoVat', { name: company.name, address: company.address ?? '—', vatId: company.vatId ?? '' })];
  }

  /**
   * Back from a dialog run on top of the form (a handoff). While the client talks to a person
   * the form waits silently; the bot asks the current question again when it is back.
   */
  override async resumeDialog(dc: DialogContext, _reason: unknown, result?: { handoff?: string }): Promise<DialogTurnResult> {
    if (result?.handoff === 'waiting' || result?.handoff === 'protocol') return Dialog.EndOfTurn;
    await dc.context.sendActivity(t(turnLanguage(dc.context), 'report.backToForm'));
    return this.reprompt(dc);
  }

  /** Asks the current question again outside of a message to the form (after a handoff). */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FormState;
    const lang = turnLanguage(context);
    if (state.phase === 'summary' || state.phase === 'change') {
      await context.sendActivity(summaryActivity(state, lang, context.activity.channelId, this.summaryWarnings(context, state), insurerToday(this.services)));
      return;
    }
    const field = this.fields.find((f) => f.key === state.asked);
    if (field) await context.sendActivity(this.promptFor(context, field, this.fieldContext(context, state)));
  }

  /** "help" at the current step. */
  async help(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    const field = this.fields.find((f) => f.key === state.asked);
    const text =
      state.phase === 'summary' || state.phase === 'change'
        ? t(lang, 'report.help.summary')
        : field
          ? field.help(this.fieldContext(dc.context, state))
          : t(lang, 'report.help.general');
    await dc.context.sendActivity(`${text}\n\n${t(lang, 'report.help.commands')}`);
    return this.reprompt(dc);
  }

  async requestCancel(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    if (state.phase !== 'cancel') state.phaseBeforeCancel = state.phase;
    state.phase = 'cancel';
    await dc.context.sendActivity(yesNoPrompt(lang, t(lang, 'report.cancelConfirm')));
    return Dialog.EndOfTurn;
  }

  /** "back": undo the last accepted answer and ask that question again. */
  async back(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    const previous = state.undo.pop();
    if (!previous) {
      await dc.context.sendActivity(t(lang, 'report.backNothing'));
      return this.reprompt(dc);
    }
    state.values = previous.values;
    state.phase = previous.asked === 'summary' ? 'summary' : 'fields';
    state.asked = previous.asked === 'summary' ? undefined : previous.asked;
    if (state.phase === 'summary') return this.showSummary(dc);
    const field = this.fields.find((f) => f.key === previous.asked);
    if (!field) return this.advance(dc);
    await this.ask(dc, field, this.fieldContext(dc.context, state), {});
    return Dialog.EndOfTurn;
  }

  /**
   * A question in the middle of the form: about the client's own policy terms (the notification
   * deadline) it is answered from the policy, else from the knowledge base; then the pending
   * question is asked again.
   */
  async answerQuestion(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const lang = turnLanguage(dc.context);
    const fromTerms = policyTermsAnswer(text, this.fieldContext(dc.context, FormDialog.state(dc)));
    if (fromTerms) await dc.context.sendActivity(fromTerms);
    else await this.services.knowledge.reply(dc.context, text, lang, { topic: t(lang, this.kind === 'claim' ? 'report.topic.claim' : 'report.topic.overdue') });
    await dc.context.sendActivity(t(lang, 'report.backToForm'));
    return this.reprompt(dc);
  }

  /** Asks the current question again, after an interruption (help, a knowledge question…). */
  async reprompt(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    if (state.phase === 'summary') return this.showSummary(dc);
    if (state.phase === 'change') {
      await dc.context.sendActivity(this.changeMenu(state, turnLanguage(dc.context)));
      return Dialog.EndOfTurn;
    }
    if (state.phase === 'cancel') {
      const lang = turnLanguage(dc.context);
      await dc.context.sendActivity(yesNoPrompt(lang, t(lang, 'report.cancelConfirm')));
      return Dialog.EndOfTurn;
    }
    const field = this.fields.find((f) => f.key === state.asked);
    if (!field) return this.advance(dc);
    await this.ask(dc, field, this.fieldContext(dc.context, state), { repeat: true });
    return Dialog.EndOfTurn;
  }

  /** The partial form, for a handoff. */
  static partialForm(dc: DialogContext): { kind: CaseKind; values: FormValues; asked?: string } {
    const state = FormDialog.state(dc);
    return { kind: state.kind, values: state.values, asked: state.asked };
  }

  /** What the summary must warn about: notification deadlines passed or close (overdue notices). */
  private summaryWarnings(turn: TurnContext, state: FormState): string[] {
    return this.kind === 'overdue' ? deadlineWarnings(this.fieldContext(turn, state)) : [];
  }

  private fieldContext(turn: TurnContext, state: FormState): FieldContext {
    const match = state.values.policyNumber ? this.services.directory.findPolicy(state.values.policyNumber) : undefined;
    // The policy's terms (its notification deadline) are told only to a client verified as its
    // holder: a typed number may be anyone's, and "found" is all a stranger may learn of it.
    const policy = match && verifiedClientOf(turn)?.clientId === match.client.id ? match : undefined;
    return {
      state,
      values: state.values,
      lang: turnLanguage(turn),
      services: this.services,
      today: insurerToday(this.services),
      policy,
      invoiceIndex: Math.max(0, state.values.invoices.length - 1),
      activity: turn.activity,
      requester: requesterOf(turn),
    };
  }

  private async advance(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const ctx = this.fieldContext(dc.context, state);
    const next = this.fields.find((f) => f.needed(ctx));
    if (!next) return this.showSummary(dc);
    state.phase = 'fields';
    state.asked = next.key;
    await this.track(dc, 'step', next.key);
    await this.ask(dc, next, ctx, {});
    return Dialog.EndOfTurn;
  }

  /**
   * Asks for a field: where cards render, with its group's card (every field of the group at
   * once); elsewhere the first time a group comes up with its several-answers question, and then
   * one field at a time for whatever is still missing.
   */
  private async ask(dc: DialogContext, field: FieldDef, ctx: FieldContext, _options: { repeat?: boolean }): Promise<void> {
    await dc.context.sendActivity(this.promptFor(dc.context, field, ctx));
  }

  private promptFor(turn: TurnContext, field: FieldDef, ctx: FieldContext): Partial<Activity> {
    const state = ctx.state;
    const group = groupOfField(field.key);
    const registerOn = !!this.services.businessRegister;
    // Asked again (after a wrong or empty answer, help, a question): the same several-answers question.
    const askedAgain = !!group && state.groupAsked === group.id;
    state.groupAsked = undefined;
    if (group && supportsCards(turn.activity.channelId)) {
      state.groupAsked = group.id;
      // Once the register was asked and the name is still missing, the card asks for the name plainly.
      const card = groupCard(group.id, ctx, { formId: state.formId, draft: state.draft ?? {}, registerOn: registerOn && state.registerChecked === undefined });
      return MessageFactory.attachment(card, field.prompt(ctx).text);
    }
    const offer = group?.id === 'invoice' ? `invoice:${ctx.invoiceIndex}` : group?.id;
    if (group?.textPrompt && offer && isFirstOfGroup(group, field.key, this.fields)) {
      if (askedAgain || !state.offered?.includes(offer)) {
        if (!state.offered?.includes(offer)) state.offered = [...(state.offered ?? []), offer];
        state.groupAsked = group.id;
        return promptActivity(group.textPrompt(ctx, registerOn));
      }
    }
    return promptActivity(field.prompt(ctx));
  }

  /** Report progress for the staff dashboard (abandonment per step); a failure there never reaches the client. */
  private async track(dc: DialogContext, event: ReportEvent['event'], step?: string): Promise<void> {
    const analytics = this.services.analytics;
    if (!analytics) return;
    const { formId } = FormDialog.state(dc);
    const channelId = dc.context.activity.channelId ?? 'unknown';
    await analytics.reportEvent({ formId, kind: this.kind, event, ...(step ? { step } : {}), channelId, language: turnLanguage(dc.context) }).catch(() => undefined);
  }

  private snapshot(state: FormState, asked: string): void {
    state.undo.push({ values: structuredClone(state.values), asked });
    if (state.undo.length > MAX_UNDO) state.undo.shift();
  }

  private async showSummary(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    state.phase = 'summary';
    state.asked = undefined;
    await this.track(dc, 'step', 'summary');
    await dc.context.sendActivity(summaryActivity(state, lang, dc.context.activity.channelId, this.summaryWarnings(dc.context, state), insurerToday(this.services)));
    return Dialog.EndOfTurn;
  }

  private changeMenu(state: FormState, lang: Lang): Partial<Activity> {
    const groups: ChangeGroup[] = ['policy', 'buyer', 'invoices', 'extension', 'collection', 'dispute', 'contact'];
    if (state.kind === 'claim') groups.push('cause', 'documents');
    const actions: CardAction[] = groups.map((g) => ({ type: ActionTypes.ImBack, title: t(lang, `report.group.${g}`), value: t(lang, `report.group.${g}`) }));
    return MessageFactory.suggestedActions(actions, t(lang, 'report.changeWhich'));
  }

  private groupOf(text: string, activity: Partial<Activity>): ChangeGroup | undefined {
    const value = activity.value as { group?: string } | undefined;
    if (value?.group && (CHANGE_GROUPS as string[]).includes(value.group)) return value.group as ChangeGroup;
    return changeGroupOf(text);
  }

  /** A card button (value.action with this form's id) or its typed word. */
  private actionOf(activity: Partial<Activity>, state: FormState, text: string, lang: Lang): FormAction | undefined {
    const value = activity.value as { action?: string; formId?: string } | undefined;
    if (value?.action && (!value.formId || value.formId === state.formId) && ['confirm', 'change', 'cancel'].includes(value.action)) {
      return value.action as FormAction;
    }
    return state.phase === 'summary' ? typedSummaryAction(text, lang, { yesNo: true }) : typedSummaryAction(text, lang);
  }

  private handoffOffer(lang: Lang): Partial<Activity> {
    return MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: t(lang, 'handoff.button'), value: t(lang, 'handoff.button') }], t(lang, 'report.offerPerson'));
  }

  /**
   * A verified client's own data, filled in advance: their policy (when they have one; with
   * several, the form asks) and the signed-in contact's name and e-mail. Never for a claimed one:
   * a typed policy number reveals nothing about its owner.
   */
  private prefillVerified(context: TurnContext, state: FormState, lang: Lang): string[] {
    const verified = verifiedClientOf(context);
    if (!verified) return [];
    const v = state.values;
    const noted: string[] = [];
    const policies = this.services.directory.policiesOf(verified.clientId);
    if (policies.length === 1 && !state.knownPolicy) {
      v.policyNumber = policies[0]!.policy.number;
      noted.push(`${t(lang, 'report.label.policy')}: ${v.policyNumber}`);
    }
    if (verified.contact.name) v.contactName = verified.contact.name;
    if (verified.contact.email) v.contactEmail = verified.contact.email;
    if (v.contactName || v.contactEmail) noted.push(`${t(lang, 'report.label.contact')}: ${[v.contactName, v.contactEmail].filter(Boolean).join(', ')}`);
    return noted;
  }

  private async prefill(state: FormState, text: string, lang: Lang): Promise<string[]> {
    const today = insurerToday(this.services);
    let partial: PartialReport;
    try {
      partial = await this.services.extract(text, { today, lang });
    } catch {
      return [];
    }
    const v = state.values;
    const noted: string[] = [];
    const policy = (partial.policyNumber ? this.services.directory.findPolicy(partial.policyNumber) : undefined) ?? findPolicyInText(text, this.services.directory);
    if (policy) {
      v.policyNumber = policy.policy.number;
      noted.push(`${t(lang, 'report.label.policy')}: ${v.policyNumber}`);
    }
    if (partial.buyer?.name) {
      v.buyer.name = partial.buyer.name;
      noted.push(`${t(lang, 'report.label.buyer')}: ${partial.buyer.name}`);
    }
    if (partial.buyer?.country) v.buyer.country = partial.buyer.country;
    if (partial.buyer?.registrationNumber) {
      v.buyer.registrationNumber = partial.buyer.registrationNumber;
      noted.push(`${t(lang, 'report.label.registrationNumber')}: ${partial.buyer.registrationNumber}`);
    }
    if (partial.buyer?.vatId) {
      v.buyer.vatId = partial.buyer.vatId;
      noted.push(`${t(lang, 'report.label.vatId')}: ${partial.buyer.vatId}`);
    }
    const invoices = (partial.invoices ?? []).filter((i) => Object.keys(i).length > 0);
    if (invoices.length) {
      v.invoices = invoices.map((i) => ({ ...i }));
      for (const inv of v.invoices) {
        // A date pair in the wrong order or an outstanding sum above the amount is asked again.
        if (inv.issueDate && inv.dueDate && inv.dueDate < inv.issueDate) delete inv.issueDate;
        if (inv.amount !== undefined && inv.outstanding !== undefined && inv.outstanding > inv.amount) delete inv.outstanding;
      }
      noted.push(...v.invoices.map((i) => describeInvoice(i, lang)));
    }
    if (partial.disputed !== undefined) v.disputed = partial.disputed;
    return noted;
  }

  private async file(dc: DialogContext): Promise<DialogTurnResult> {
    const state = FormDialog.state(dc);
    const lang = turnLanguage(dc.context);
    const match = state.values.policyNumber ? this.services.directory.findPolicy(state.values.policyNumber) : undefined;
    const report = valuesToReport(state);
    const schema = state.kind === 'claim' ? claimReportSchema : overdueReportSchema;
    const parsed = schema.safeParse(report);
    if (!match || !parsed.success) {
      // Should not happen: every field was validated. Ask again rather than file a bad case.
      await dc.context.sendActivity(t(lang, 'report.incomplete'));
      state.phase = 'fields';
      return this.advance(dc);
    }
    const { record, created } = await this.services.cases.fileCase(
      {
        kind: state.kind,
        policyNumber: match.policy.number,
        clientId: match.client.id,
        managerId: match.manager.id,
        userId: dc.context.activity.from?.id ?? 'unknown',
        language: lang,
        channelId: dc.context.activity.channelId ?? 'unknown',
        data: parsed.data as Report,
        conversationReference: TurnContext.getConversationReference(dc.context.activity),
        idempotencyKey: `form:${state.formId}`,
      },
      this.services.clock.now(),
    );
    await this.track(dc, 'filed');
    if (created) this.services.confirmations?.caseFiled(record);
    await dc.context.sendActivity(filedMessage(record, lang, created));
    return dc.endDialog({ outcome: 'filed', reference: record.reference, policyNumber: record.policyNumber } satisfies FormResult);
  }
}

/** The reference and what happens next; the manager's name and contacts are not told to an unverified visitor. */
export function filedMessage(record: CaseRecord, lang: Lang, created = true): string {
  const key = record.kind === 'claim' ? 'report.filed.claim' : 'report.filed.overdue';
  const text = t(lang, key, { reference: record.reference });
  return created ? text : `${t(lang, 'report.alreadyFiled', { reference: record.reference })}\n\n${text}`;
}

export function promptActivity(prompt: Prompt): Partial<Activity> {
  return prompt.choices?.length ? MessageFactory.suggestedActions(prompt.choices, prompt.text) : MessageFactory.text(prompt.text);
}

export function yesNoPrompt(lang: Lang, text: string): Partial<Activity> {
  return MessageFactory.suggestedActions(
    [
      { type: ActionTypes.ImBack, title: t(lang, 'common.yes'), value: t(lang, 'common.yes') },
      { type: ActionTypes.ImBack, title: t(lang, 'common.no'), value: t(lang, 'common.no') },
    ],
    text,
  );
}

function clearGroup(values: FormValues, group: ChangeGroup): void {
  switch (group) {
    case 'policy':
      delete values.policyNumber;
      break;
    case 'buyer':
      values.buyer = {};
      break;
    case 'invoices':
      values.invoices = [{}];
      delete values.invoicesDone;
      break;
    case 'extension':
      delete values.extensionGranted;
      delete values.extensionDate;
      break;
    case 'collection':
      delete values.collectionSteps;
      delete values.startCollection;
      break;
    case 'dispute':
      delete values.disputed;
      break;
    case 'contact':
      delete values.contactName;
      delete values.contactEmail;
      delete values.contactPhone;
      break;
    case 'cause':
      delete values.cause;
      delete values.causeDetail;
      break;
    case 'documents':
      delete values.documentsDone;
      break;
  }
}

export { DialogTurnStatus };

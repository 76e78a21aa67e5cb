import type { Activity, CardAction } from 'botbuilder';
import type { Lang } from '../../locales/lang.js';
import type { CaseKind } from '../caseStore.js';
import type { PolicyMatch } from '../policyDirectory.js';
import type { AttachmentRecord, ClaimCause, Invoice } from '../reportSchemas.js';
import type { DialogServices } from '../services.js';

/** The answers collected so far; `null` marks an optional field the client skipped. */
export interface FormValues {
  policyNumber?: string;
  buyer: { name?: string; country?: string; registrationNumber?: string | null; vatId?: string | null; /** From the business register. */ address?: string };
  invoices: Partial<Invoice>[];
  invoicesDone?: boolean;
  extensionGranted?: boolean;
  extensionDate?: string;
  collectionSteps?: string;
  disputed?: boolean;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  cause?: ClaimCause;
  causeDetail?: string;
  startCollection?: boolean;
  attachments: AttachmentRecord[];
  documentsDone?: boolean;
}

export type FormPhase = 'fields' | 'summary' | 'change' | 'cancel';

export interface FormState {
  formId: string;
  kind: CaseKind;
  values: FormValues;
  /** Key of the field whose answer we are waiting for. */
  asked?: string;
  /** Snapshots taken before each accepted answer, for "back". */
  undo: { values: FormValues; asked: string }[];
  phase: FormPhase;
  /** Where to return after the cancel question is answered "no". */
  phaseBeforeCancel?: FormPhase;
  policyAttempts: number;
  /** A policy number used earlier in the conversation, offered for confirmation. */
  knownPolicy?: string;
  knownPolicyDeclined?: boolean;
  startedAt: string;
  /** The field group whose card or several-answers question was the last prompt. */
  groupAsked?: string;
  /** Groups whose several-answers question was already put in text (each is offered once). */
  offered?: string[];
  /** What the client entered in a group's card for answers that failed, shown again to correct. */
  draft?: Record<string, string>;
  /** The IČO last looked up in the business register, so a lookup is not repeated every turn. */
  registerChecked?: string;
}

export interface FieldContext {
  state: FormState;
  values: FormValues;
  lang: Lang;
  services: DialogServices;
  /** Today's date (ISO) in the insurer's time zone. */
  today: string;
  policy?: PolicyMatch;
  /** Index of the invoice being asked about. */
  invoiceIndex: number;
  activity: Partial<Activity>;
  /** Who asks (client address or channel user), for per-client limits. */
  requester: string;
}

export interface Prompt {
  text: string;
  choices?: CardAction[];
}

export type FieldOutcome =
  | { ok: true; apply: (values: FormValues) => void; notes?: string[] }
  | { ok: false; message: string; /** e.g. after 3 unknown policy numbers */ offerHandoff?: boolean };

/** Groups a client can pick in "change a detail" on the summary. */
export type ChangeGroup = 'policy' | 'buyer' | 'invoices' | 'extension' | 'collection' | 'dispute' | 'contact' | 'cause' | 'documents';

export interface FieldDef {
  key: string;
  group: ChangeGroup;
  /** Whether this field still needs an answer, given what is known. */
  needed(ctx: FieldContext): boolean;
  prompt(ctx: FieldContext): Prompt;
  /** Parses and validates one answer; never throws for bad input. */
  accept(text: string, ctx: FieldContext): Promise<FieldOutcome> | FieldOutcome;
  /** What "help" explains at this step. */
  help(ctx: FieldContext): string;
}

export function emptyValues(): FormValues {
  return { buyer: {}, invoices: [{}], attachments: [] };
}

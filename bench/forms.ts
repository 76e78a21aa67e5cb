import type { Activity } from 'botbuilder';
import { MemoryStorage } from 'botbuilder';
import type { Lang } from '../locales/lang.js';
import { t } from '../locales/index.js';
import { AresRegister } from '../platform/businessRegister/aresRegister.js';
import { mainDialogHarness, testServices } from '../test/helpers/dialogs.js';
import { startFakeAres } from '../test/helpers/fakeAres.js';

/**
 * Turns to file: how many messages (or card submissions) a client needs from "I want to report
 * a claim" to the reference number. A simulated client answers whatever the bot asks, from one
 * set of data, in three ways: one answer per message (what every report took before the card
 * forms: 21 for a claim, 18 for an overdue notice, measured again here as the baseline), several
 * answers per message where a question invites them (channels without cards), and card forms
 * (Web Chat, Teams). "Messy" clients make two mistakes first and ask a question in between.
 * The buyer's IČO is looked up in a fake ARES register on 127.0.0.1 through the real client;
 * "register down" points it at a closed port.
 */

type Style = 'one per message' | 'several per message' | 'cards';
type Kind = 'claim' | 'overdue';

export interface FormsRow {
  kind: Kind;
  style: Style;
  client: 'minimal' | 'messy' | 'minimal, register down';
  turns: number;
  filed: boolean;
  target: number;
}
export interface FormsResult {
  rows: FormsRow[];
  before: Record<Kind, number>;
}

interface Profile {
  lang: Lang;
  opening: string;
  question: string;
  text: Record<string, string>;
  group: Record<string, Record<string, string>>;
  several: Record<string, string>;
  /** What the client sends when asked again within a group (the register could not fill it in). */
  severalAgain: Record<string, string>;
  mistakes: { text: Record<string, string>; card: Record<string, Record<string, string>> };
}

const profiles: Record<Kind, Profile> = {
  claim: {
    lang: 'cs',
    opening: 'Chci nahlásit škodnou událost',
    question: 'Jak dlouho trvá vyřízení škody?',
    text: {
      policyNumber: 'CZ-2024-10001', buyerName: 'Asseco Central Europe, a.s.', buyerCountry: 'CZ', buyerRegistrationNumber: '27074358', buyerVatId: 'CZ27074358',
      invoiceNumber: 'FV-118', invoiceIssueDate: '2. 3. 2026', invoiceDueDate: '1. 4. 2026', invoiceAmount: '48 000 Kč', invoiceOutstanding: 'vše', moreInvoices: 'ne',
      extension: 'ne', collectionSteps: 'dvě upomínky', disputed: 'ne', cause: 'insolvence', startCollection: 'ano', documents: 'hotovo', contactName: 'Eva Krátká', contactDetails: 'eva@asseco.cz',
    },
    group: {
      buyer: { buyerCountry: 'CZ', buyerRegistrationNumber: '27074358', buyerName: '', buyerVatId: '' },
      invoice: { invoiceNumber: 'FV-118', invoiceIssueDate: '2026-03-02', invoiceDueDate: '2026-04-01', invoiceAmount: '48000', invoiceCurrency: 'CZK', invoiceOutstanding: '' },
      details: { extension: 'Ne', extensionDate: '', collectionSteps: 'dvě upomínky', disputed: 'Ne', cause: 'Insolvence odběratele', causeDetail: '', startCollection: 'Ano' },
      contact: { contactName: 'Eva Krátká', contactEmail: 'eva@asseco.cz', contactPhone: '' },
    },
    several: { buyer: 'IČO 27074358', invoice: 'FV-118, 2. 3. 2026, 1. 4. 2026, 48 000 Kč', contact: 'Eva Krátká, eva@asseco.cz' },
    severalAgain: { buyer: 'Asseco Central Europe, a.s., DIČ CZ27074358' },
    mistakes: {
      text: { buyerRegistrationNumber: '2707435', invoiceDueDate: '31. 2. 2026' },
      card: { buyer: { buyerRegistrationNumber: '27074359' }, invoice: { invoiceDueDate: '2026-02-01' } },
    },
  },
  overdue: {
    lang: 'en',
    opening: 'I need to notify an overdue invoice',
    question: 'How long do I have to notify an overdue invoice?',
    text: {
      policyNumber: 'CZ-2023-20417', buyerName: 'Asseco Central Europe, a.s.', buyerCountry: 'CZ', buyerRegistrationNumber: '27074358', buyerVatId: 'CZ27074358',
      invoiceNumber: 'INV-7', invoiceIssueDate: '2026-08-01', invoiceDueDate: '2026-09-01', invoiceAmount: '12 500 EUR', invoiceOutstanding: 'all', moreInvoices: 'no',
      extension: 'no', collectionSteps: 'two reminders', disputed: 'no', contactName: 'Anna Berg', contactDetails: '+420 601 123 456',
    },
    group: {
      buyer: { buyerCountry: 'CZ', buyerRegistrationNumber: '27074358', buyerName: '', buyerVatId: '' },
      invoice: { invoiceNumber: 'INV-7', invoiceIssueDate: '2026-08-01', invoiceDueDate: '2026-09-01', invoiceAmount: '12500', invoiceCurrency: 'EUR', invoiceOutstanding: '' },
      details: { extension: 'No', extensionDate: '', collectionSteps: 'two reminders', disputed: 'No' },
      contact: { contactName: 'Anna Berg', contactEmail: '', contactPhone: '+420 601 123 456' },
    },
    several: { buyer: 'IČO 27074358', invoice: 'INV-7, 2026-08-01, 2026-09-01, 12 500 EUR', contact: 'Anna Berg, +420 601 123 456' },
    severalAgain: { buyer: 'Asseco Central Europe, a.s., VAT CZ27074358' },
    mistakes: {
      text: { buyerRegistrationNumber: '2707435', invoiceDueDate: '31/02/2026' },
      card: { buyer: { buyerRegistrationNumber: '27074359' }, invoice: { invoiceDueDate: '2026-07-01' } },
    },
  },
};

interface StoredForm {
  phase?: string;
  asked?: string;
  groupAsked?: string;
}

/** The report form's state as stored after the turn: which field (or group) it waits for. */
function formState(memory: Record<string, unknown>): StoredForm | undefined {
  const search = (value: unknown): StoredForm | undefined => {
    if (!value || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record.formId === 'string' && typeof record.phase === 'string') return record as StoredForm;
    for (const child of Object.values(record)) {
      const found = search(child);
      if (found) return found;
    }
    return undefined;
  };
  for (const raw of Object.values(memory)) {
    const found = search(typeof raw === 'string' ? JSON.parse(raw) : raw);
    if (found) return found;
  }
  return undefined;
}

type Card = { actions?: { data?: Record<string, unknown> }[] };
const cardOf = (replies: Partial<Activity>[]) =>
  replies.flatMap((a) => a.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as Card | undefined;

async function converse(kind: Kind, style: Style, client: FormsRow['client'], registerUrl: string | undefined): Promise<{ turns: number; filed: boolean }> {
  const profile = profiles[kind];
  const lang = profile.lang;
  const businessRegister = registerUrl ? new AresRegister({ baseUrl: registerUrl, timeoutMs: 300, cacheTtlMs: 60_000, breakerRestMs: 300_000, clock: { now: () => new Date() } }) : undefined;
  const services = await testServices(businessRegister ? { businessRegister } : {});
  const memory: Record<string, unknown> = {};
  const h = mainDialogHarness(services, lang, { channelId: style === 'cards' ? 'webchat' : 'test', storage: new MemoryStorage(memory as Record<string, string>) });
  const messy = client === 'messy';
  const mistakes = { text: { ...profile.mistakes.text }, card: structuredClone(profile.mistakes.card) };
  const triedGroups = new Set<string>();
  let questionAsked = !messy;
  let turns = 0;
  let replies = await h.say(profile.opening);
  turns++;
  while (turns < 60) {
    const text = replies.map((r) => r.text ?? '').join('\n');
    if (/CLM-\d{4}|OVD-\d{4}/.test(text) && !formState(memory)) return { turns, filed: true };
    const state = formState(memory);
    if (!state) return { turns, filed: false };
    const card = cardOf(replies);
    let input: string | Partial<Activity>;
    if (state.phase === 'summary') {
      const confirm = card?.actions?.find((a) => a.data?.action === 'confirm');
      input = confirm ? { type: 'message', value: confirm.data } : t(lang, 'report.action.confirm');
    } else if (!questionAsked && state.asked?.startsWith('invoice')) {
      questionAsked = true;
      input = profile.question;
    } else if (card && state.groupAsked && profile.group[state.groupAsked]) {
      const group = state.groupAsked;
      const again = triedGroups.has(group);
      triedGroups.add(group);
      // A second card of the same group: the client now fills in everything (the register could not).
      const values = { ...profile.group[group]!, ...(again ? fullGroup(profile, group) : {}), ...(messy ? (mistakes.card[group] ?? {}) : {}) };
      delete mistakes.card[group];
      const submit = card.actions?.find((a) => a.data?.more !== true)?.data ?? {};
      input = { type: 'message', value: { ...submit, ...values } };
    } else if (style === 'several per message' && state.groupAsked && profile.several[state.groupAsked]) {
      input = profile.several[state.groupAsked]!;
      triedGroups.add(state.groupAsked);
    } else if (style === 'several per message' && state.asked?.startsWith('buyer') && triedGroups.has('buyer') && !triedGroups.has('buyer again')) {
      triedGroups.add('buyer again');
      input = profile.severalAgain.buyer!;
    } else {
      const key = state.asked ?? '';
      input = messy && mistakes.text[key] ? mistakes.text[key]! : (profile.text[key] ?? '');
      delete mistakes.text[key];
    }
    replies = await h.say(input);
    turns++;
  }
  return { turns, filed: false };
}

function fullGroup(profile: Profile, group: string): Record<string, string> {
  if (group !== 'buyer') return {};
  return { buyerName: profile.text.buyerName!, buyerVatId: profile.text.buyerVatId! };
}

const TARGET: Record<Kind, Record<Style, number>> = {
  claim: { cards: 10, 'several per message': 14, 'one per message': 21 },
  overdue: { cards: 8, 'several per message': 14, 'one per message': 18 },
};

export async function runFormsBench(options: { smoke?: boolean } = {}): Promise<FormsResult> {
  const ares = await startFakeAres();
  const rows: FormsRow[] = [];
  try {
    const styles: Style[] = ['one per message', 'several per message', 'cards'];
    const clients: FormsRow['client'][] = options.smoke ? ['minimal'] : ['minimal', 'messy', 'minimal, register down'];
    for (const kind of ['claim', 'overdue'] as const) {
      for (const style of styles) {
        for (const client of clients) {
          // The baseline is the form as it was: one question per message and no register.
          const url = style === 'one per message' ? undefined : client === 'minimal, register down' ? 'http://127.0.0.1:9/ekonomicke-subjekty-v-be/rest' : ares.url;
          if (style === 'one per message' && client === 'minimal, register down') continue;
          const { turns, filed } = await converse(kind, style, client, url);
          rows.push({ kind, style, client, turns, filed, target: TARGET[kind][style] });
        }
      }
    }
  } finally {
    await ares.close();
  }
  return { rows, before: { claim: 21, overdue: 18 } };
}

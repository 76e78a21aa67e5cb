import type { Lang } from '../../locales/lang.js';
import { defineCatalogue } from '../../locales/catalogue.js';

/**
 * What the bot says in Teams to the managers (handoff cards, relay notices) and the short
 * answers to card buttons. Kept here rather than in locales/: only the Teams channel uses them.
 */
const en = {
  staffWelcome:
    'Hello {name}, I will bring you here the clients who ask for you: a card with the client, the policy and a summary, with Accept and Transcript. After you accept, what you write here goes to the client and their replies appear here; "end" finishes the conversation.',
  cardTitleHandoff: 'A client wants to talk to you',
  cardTitleTeam: 'A client is waiting for the team',
  cardTitleCallback: 'A client asks for a callback',
  client: 'Client',
  policy: 'Policy',
  language: 'Language',
  channel: 'Channel',
  reason: 'Reason',
  assignedTo: 'For',
  waitingSince: 'Since',
  ticket: 'Ticket',
  callbackTime: 'Preferred time',
  callbackPhone: 'Phone',
  callbackTopic: 'Topic',
  summary: 'Summary',
  notGiven: 'not given',
  identity: 'Identity',
  identityVerified: 'verified',
  identityClaimed: 'not verified: the visitor typed this policy number',
  identityAnonymous: 'not verified',
  accept: 'Accept',
  transcript: 'Transcript',
  end: 'End',
  openInWorkspace: 'Open in the staff workspace',
  connected: 'You are connected with {client} ({ticket}). What you write here goes to the client; "end" finishes the conversation.',
  connectedTitle: 'Connected',
  endedTitle: 'Conversation ended',
  endedByYou: 'The conversation with {client} ({ticket}) has ended. The client is asked for feedback.',
  endedByClient: '{client} has ended the conversation ({ticket}).',
  clientSays: '{client}: {text}',
  transcriptHeading: 'Transcript of {ticket} ({client})',
  transcriptEmpty: 'The transcript is empty.',
  transcriptSent: 'The transcript is in the chat below the card.',
  relayHeading: 'Messages relayed since the handoff',
  fromClient: 'client',
  fromBot: 'bot',
  fromManager: 'manager',
  notFound: 'This handoff does not exist or is not yours.',
  conflict: 'This handoff cannot be changed now: {reason}',
  alreadyAccepted: 'Already accepted by {name}.',
  staffOnly: 'These buttons are for the customer-service managers.',
  noRelay: 'You are not connected with any client right now.',
} as const;

export type TeamsTextKey = keyof typeof en;

const cs: Record<TeamsTextKey, string> = {
  staffWelcome:
    'Dobrý den, {name}, budu vám sem předávat klienty, kteří chtějí mluvit s vámi: kartu s klientem, smlouvou a shrnutím a s tlačítky Převzít a Přepis. Po převzetí jde, co sem napíšete, klientovi a jeho odpovědi se objeví tady; slovem „konec“ rozhovor ukončíte.',
  cardTitleHandoff: 'Klient chce mluvit s vámi',
  cardTitleTeam: 'Klient čeká na tým',
  cardTitleCallback: 'Klient žádá o zpětné zavolání',
  client: 'Klient',
  policy: 'Smlouva',
  language: 'Jazyk',
  channel: 'Kanál',
  reason: 'Důvod',
  assignedTo: 'Pro',
  waitingSince: 'Od',
  ticket: 'Předání',
  callbackTime: 'Preferovaný čas',
  callbackPhone: 'Telefon',
  callbackTopic: 'Téma',
  summary: 'Shrnutí',
  notGiven: 'neuvedeno',
  identity: 'Totožnost',
  identityVerified: 'ověřena',
  identityClaimed: 'neověřena: číslo smlouvy zadal návštěvník',
  identityAnonymous: 'neověřena',
  accept: 'Převzít',
  transcript: 'Přepis',
  end: 'Ukončit',
  openInWorkspace: 'Otevřít v pracovním prostoru',
  connected: 'Jste spojeni s klientem {client} ({ticket}). Co sem napíšete, dostane klient; slovem „konec“ rozhovor ukončíte.',
  connectedTitle: 'Spojeno',
  endedTitle: 'Rozhovor skončil',
  endedByYou: 'Rozhovor s klientem {client} ({ticket}) skončil. Klient dostane otázku na hodnocení.',
  endedByClient: 'Klient {client} rozhovor ukončil ({ticket}).',
  clientSays: '{client}: {text}',
  transcriptHeading: 'Přepis {ticket} ({client})',
  transcriptEmpty: 'Přepis je prázdný.',
  transcriptSent: 'Přepis je v chatu pod kartou.',
  relayHeading: 'Zprávy předané od převzetí',
  fromClient: 'klient',
  fromBot: 'bot',
  fromManager: 'manažer',
  notFound: 'Toto předání neexistuje nebo vám nepatří.',
  conflict: 'Toto předání teď nelze změnit: {reason}',
  alreadyAccepted: 'Už převzal(a) {name}.',
  staffOnly: 'Tato tlačítka jsou pro manažery zákaznického servisu.',
  noRelay: 'Právě nejste spojeni s žádným klientem.',
};

export const teamsCatalogues: Record<Lang, Record<TeamsTextKey, string>> = { en, cs };

/** A Teams card or relay text with its placeholders filled. */
export const teamsText = defineCatalogue(teamsCatalogues);

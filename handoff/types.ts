import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../locales/lang.js';
import type { VerificationMethod } from '../dialogs/clientIdentity.js';

/**
 * none → requested → waiting → connected → ended, or → callback (out of hours, no answer).
 * `requested` exists only while the bot works out who takes the ticket.
 */
export const handoffStatuses = ['requested', 'waiting', 'connected', 'ended', 'callback'] as const;
export type HandoffStatus = (typeof handoffStatuses)[number];

export type HandoffEvent = 'route' | 'accept' | 'end' | 'no_answer' | 'out_of_hours' | 'callback_requested' | 'protocol_failed';

export interface TranscriptLine {
  at: string;
  from: 'client' | 'bot' | 'manager';
  text: string;
}

export interface CallbackRequest {
  /** The client's own words ("zítra v 10"). */
  preferredTime: string;
  phone: string;
  topic: string;
  /** The agreed time (ISO, UTC): the client's words as a date and time within working hours; absent when they named none. */
  scheduledAt?: string;
  /** The client asked for a time outside working hours: `scheduledAt` is the next working time after it. */
  moved?: boolean;
  /** When a staff member reached the client. */
  calledBackAt?: string;
  /** Every call attempt recorded on the staff page. */
  attempts?: { at: string; by: string; outcome: 'called_back' | 'no_answer' | 'done'; retryAt?: string }[];
}

/** The client's rating after a handoff; `done` once they commented, skipped, or moved on. */
export interface HandoffFeedback {
  rating?: number;
  comment?: string;
  at: string;
  done: boolean;
}

/**
 * How sure we are who the client is: `claimed` = they typed a policy number (which anyone can),
 * `verified` = a verified identity (the portal's sign-in, a mapped Teams user), `anonymous` =
 * nothing given. Staff see it next to the client's name, so a claim is never taken for proof.
 */
export type ClientIdentity = 'anonymous' | 'claimed' | 'verified';

export interface HandoffTicket {
  id: string;
  status: HandoffStatus;
  conversationId: string;
  channelId: string;
  userId: string;
  language: Lang;
  reason: string;
  policyNumber?: string;
  clientId?: string;
  clientName?: string;
  /** Absent on tickets from before it was recorded: treated as `claimed` (never as verified). */
  clientIdentity?: ClientIdentity;
  /** How a verified client was verified, for the staff (who may then trust the company shown). */
  verification?: { method: VerificationMethod; contactName?: string; verifiedAt: string };
  /** The named manager of the policy (may differ from who takes it: deputy or team). */
  managerId?: string;
  /** Who the ticket is routed to: a manager id, or `team:<id>` for a team queue. */
  assignedTo: string;
  team: string;
  /** Who accepted it. */
  acceptedBy?: string;
  summary: string;
  transcript: TranscriptLine[];
  form?: unknown;
  callback?: CallbackRequest;
  feedback?: HandoffFeedback;
  conversationReference: Partial<ConversationReference>;
  createdAt: string;
  updatedAt: string;
  acceptedAt?: string;
  endedAt?: string;
  history: { status: HandoffStatus; at: string; by: string }[];
}

export interface RelayMessage {
  id: number;
  ticketId: string;
  direction: 'to_manager' | 'to_client';
  author: string;
  text: string;
  at: string;
  deliveredAt?: string;
}

/** Where tickets and the relay queue live; SQLite by default, PostgreSQL for several instances. */
export interface HandoffStore {
  create(ticket: HandoffTicket): Promise<void>;
  get(id: string): Promise<HandoffTicket | undefined>;
  /** The open (waiting or connected) ticket of a conversation, if any. */
  openForConversation(conversationId: string): Promise<HandoffTicket | undefined>;
  /** The conversation's most recently created ended ticket (one indexed row, however many tickets exist). */
  lastEndedForConversation(conversationId: string): Promise<HandoffTicket | undefined>;
  /** Writes the ticket if its status is still `expected` (compare-and-set); false when it changed meanwhile. */
  update(ticket: HandoffTicket, expected: HandoffStatus): Promise<boolean>;
  list(filter: { statuses?: HandoffStatus[]; assignedTo?: string[]; teams?: string[] }): Promise<HandoffTicket[]>;
  addMessage(message: Omit<RelayMessage, 'id'>): Promise<RelayMessage>;
  messages(ticketId: string): Promise<RelayMessage[]>;
  undelivered(direction: RelayMessage['direction'], ticketId?: string): Promise<RelayMessage[]>;
  markDelivered(ids: number[], at: string): Promise<void>;
}

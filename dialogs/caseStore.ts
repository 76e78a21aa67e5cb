import { randomInt } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../locales/lang.js';
import type { Report } from './reportSchemas.js';

export type CaseKind = Report['kind'];

/** Lifecycle of a filed case, as the client sees it in "case status". */
export const caseStatuses = ['filed', 'in_review', 'information_requested', 'in_collection', 'indemnity_paid', 'rejected', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export interface CaseStatusChange {
  status: CaseStatus;
  at: string;
  /** "bot" or the staff member who changed it. */
  by: string;
  note?: string;
}

export interface CaseRecord {
  reference: string;
  kind: CaseKind;
  status: CaseStatus;
  policyNumber: string;
  clientId: string;
  managerId: string;
  /** The channel user who filed it; with the client id, who may see its status. */
  userId: string;
  language: Lang;
  channelId: string;
  /** Exactly what the client confirmed. */
  data: Report;
  conversationReference: Partial<ConversationReference>;
  createdAt: string;
  updatedAt: string;
  history: CaseStatusChange[];
}

/** What the dialog knows when it files a case; the store adds the reference, status and times. */
export type NewCase = Omit<CaseRecord, 'reference' | 'status' | 'createdAt' | 'updatedAt' | 'history'> & {
  /** Same key, same case: a double click or a replayed request never files twice. */
  idempotencyKey: string;
};

/**
 * Where filed cases live. SQLite by default; the scale-out work adds PostgreSQL behind the
 * same interface. `fileCase` must be durable before it resolves.
 */
export interface CaseStore {
  fileCase(input: NewCase, now: Date): Promise<{ record: CaseRecord; created: boolean }>;
  getCase(reference: string): Promise<CaseRecord | undefined>;
  findByIdempotencyKey(key: string): Promise<CaseRecord | undefined>;
  updateStatus(reference: string, change: Omit<CaseStatusChange, 'at'>, now: Date): Promise<CaseRecord | undefined>;
  listByClient(clientId: string): Promise<CaseRecord[]>;
  /** A client's newest cases (at most `limit`, newest first) and how many there are: indexed, never all of them. */
  recentByClient(clientId: string, limit: number): Promise<{ records: CaseRecord[]; total: number }>;
}

/** Crockford's base-32 letters: no I, L, O or U, so a reference read over the phone is unambiguous. */
const SUFFIX_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Reference numbers like CLM-2026-000123-7KQ4 and OVD-2026-000124-M2XA: one sequence for both
 * kinds (unique and in filing order), then four random characters, so that knowing one's own
 * reference says nothing about anyone else's (about a million possibilities per number).
 */
export function formatReference(kind: CaseKind, year: number, sequence: number, suffix: string = randomReferenceSuffix()): string {
  return `${kind === 'claim' ? 'CLM' : 'OVD'}-${year}-${String(sequence).padStart(6, '0')}-${suffix}`;
}

export function randomReferenceSuffix(): string {
  return Array.from({ length: 4 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
}

export const REFERENCE_PATTERN = /\b(CLM|OVD)-(\d{4})-(\d{6})-([0-9A-HJKMNP-TV-Z]{4})\b/i;

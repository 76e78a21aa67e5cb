import path from 'node:path';
import type { Middleware, Storage } from 'botbuilder';
import type { Logger } from 'pino';
import type { CaseStore } from '../dialogs/caseStore.js';
import type { ProcessedActivityStore } from '../bot/middleware/activityDedupe.js';
import type { HandoffStore } from '../handoff/types.js';
import type { PrivacyStore } from '../privacy/privacyStore.js';
import { sqliteMigrations as sqliteSchema } from './sqlite/migrations.js';
import { openSqlite, type SqliteDatabase } from './sqlite/sqliteDatabase.js';
import { GroupCommit } from './sqlite/groupCommit.js';
import { SqliteCaseStore } from './sqlite/sqliteCaseStore.js';
import { SqliteHandoffStore } from './sqlite/sqliteHandoffStore.js';
import { SqlitePrivacyStore } from './sqlite/sqlitePrivacyStore.js';
import { SqliteProcessedActivities } from './sqlite/sqliteProcessedActivities.js';
import { SqliteStorage } from './sqlite/sqliteStorage.js';
import { SqliteTranscriptStore } from './sqlite/sqliteTranscriptStore.js';
import type { TranscriptArchive } from './transcriptArchive.js';
import { SqliteStaffConversations } from './sqlite/sqliteStaffConversations.js';
import type { StaffConversationStore } from '../channels/teams/staffConversations.js';
import { SqliteInsightsStore } from './sqlite/sqliteInsightsStore.js';
import type { InsightsStore } from '../insights/types.js';
import type { IdentityStore } from '../identity/identityStore.js';
import { SqliteIdentityStore } from './sqlite/sqliteIdentityStore.js';
import type { OneTimeCodeStore } from '../identity/oneTimeCodeStore.js';
import { SqliteOneTimeCodeStore } from './sqlite/sqliteOneTimeCodeStore.js';
import type { UploadStore } from '../dialogs/uploadStore.js';
import type { SharedRuntime } from './sharedRuntime.js';
import { SqliteUploadStore } from './sqlite/sqliteUploadStore.js';

/** Everything the bot keeps durably, behind interfaces; SQLite (one process) or PostgreSQL (several). */
export interface Stores {
  kind: 'sqlite' | 'postgres';
  state: Storage;
  cases: CaseStore;
  handoffs: HandoffStore;
  processed: ProcessedActivityStore;
  transcripts: TranscriptArchive;
  privacy: PrivacyStore;
  /** Answer log, answer feedback and report events (the staff insights). */
  insights: InsightsStore;
  /** Managers' Teams chats, for proactive handoff cards. */
  staffConversations: StaffConversationStore;
  /** Verified clients bound to channel users, and used portal assertion ids. */
  identities: IdentityStore;
  /** One-time codes e-mailed to registered contacts (hashes only). */
  oneTimeCodes: OneTimeCodeStore;
  /** Files clients uploaded on the website, with their bytes (served to staff at /staff/files/:id). */
  uploads: UploadStore;
  /** The SQLite database, for stores added by other modules (absent on PostgreSQL). */
  sqlite?: SqliteDatabase;
  /** Serialises the turns of one conversation across instances (PostgreSQL only). */
  turnLock?: Middleware;
  /** Creates schemas / applies migrations; call before serving. */
  ready(): Promise<void>;
  /** The runtime state several instances share: website conversations, staff sessions, rate limits, cluster jobs (PostgreSQL only). */
  shared?: SharedRuntime;
  /** Wakes this instance when another one queued a relay message (PostgreSQL only). */
  onRelayMessage?(listener: (ticketId: string) => void): Promise<void>;
  close(): Promise<void>;
}

export function openSqliteStores(dataDir: string): Stores {
  const db = openSqlite(path.join(dataDir, 'bot.sqlite'), sqliteSchema);
  // One group commit for the small writes of every turn (transcripts, answer log, dedupe records).
  const writes = new GroupCommit(db);
  return {
    kind: 'sqlite',
    state: new SqliteStorage(db),
    cases: new SqliteCaseStore(db),
    handoffs: new SqliteHandoffStore(db),
    processed: new SqliteProcessedActivities(db, writes),
    transcripts: new SqliteTranscriptStore(db, writes),
    privacy: new SqlitePrivacyStore(db, writes),
    staffConversations: new SqliteStaffConversations(db),
    insights: new SqliteInsightsStore(db, writes),
    identities: new SqliteIdentityStore(db),
    oneTimeCodes: new SqliteOneTimeCodeStore(db),
    uploads: new SqliteUploadStore(db),
    sqlite: db,
    ready: async () => undefined,
    close: async () => {
      writes.flush();
      db.close();
    },
  };
}

export type { Logger };

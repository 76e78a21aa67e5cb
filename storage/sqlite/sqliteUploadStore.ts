import { newUploadId, type NewUpload, type StoredUpload, type UploadStore } from '../../dialogs/uploadStore.js';
import type { SqliteDatabase } from './sqliteDatabase.js';

interface UploadRow {
  id: string;
  conversation_id: string;
  user_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: string;
}

const COLUMNS = 'id, conversation_id, user_id, name, content_type, size, sha256, created_at';

function fromRow(row: UploadRow): StoredUpload {
  return { id: row.id, conversationId: row.conversation_id, userId: row.user_id, name: row.name, contentType: row.content_type, size: row.size, sha256: row.sha256, createdAt: row.created_at };
}

/** Website uploads in SQLite (table `uploads`, migration 10). */
export class SqliteUploadStore implements UploadStore {
  constructor(private readonly db: SqliteDatabase) {}

  async save(upload: NewUpload, at: Date): Promise<StoredUpload> {
    const stored: StoredUpload = { id: newUploadId(), conversationId: upload.conversationId, userId: upload.userId, name: upload.name, contentType: upload.contentType, size: upload.bytes.length, sha256: upload.sha256, createdAt: at.toISOString() };
    this.db
      .prepare('INSERT INTO uploads (id, conversation_id, user_id, name, content_type, size, sha256, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(stored.id, stored.conversationId, stored.userId, stored.name, stored.contentType, stored.size, stored.sha256, upload.bytes, stored.createdAt);
    return stored;
  }

  async info(id: string): Promise<StoredUpload | undefined> {
    const row = this.db.prepare<[string], UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE id = ?`).get(id);
    return row ? fromRow(row) : undefined;
  }

  async get(id: string): Promise<(StoredUpload & { bytes: Buffer }) | undefined> {
    const row = this.db.prepare<[string], UploadRow & { bytes: Buffer }>(`SELECT ${COLUMNS}, bytes FROM uploads WHERE id = ?`).get(id);
    return row ? { ...fromRow(row), bytes: row.bytes } : undefined;
  }

  async prune(before: Date, unreferencedBefore: Date): Promise<number> {
    const old = this.db.prepare('DELETE FROM uploads WHERE created_at < ?').run(before.toISOString()).changes;
    const unreferenced = this.db
      .prepare('DELETE FROM uploads WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM cases WHERE instr(cases.record, uploads.id) > 0)')
      .run(unreferencedBefore.toISOString()).changes;
    return old + unreferenced;
  }
}

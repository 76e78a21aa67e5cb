import { newUploadId, type NewUpload, type StoredUpload, type UploadStore } from '../../dialogs/uploadStore.js';
import type { PgPool } from './pgDatabase.js';
import { pgSafeString } from './pgSafeValues.js';

interface UploadRow {
  id: string;
  conversation_id: string;
  user_id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: Date;
}

const COLUMNS = 'id, conversation_id, user_id, name, content_type, size, sha256, created_at';

function fromRow(row: UploadRow): StoredUpload {
  return { id: row.id, conversationId: row.conversation_id, userId: row.user_id, name: row.name, contentType: row.content_type, size: Number(row.size), sha256: row.sha256, createdAt: row.created_at.toISOString() };
}

/** Website uploads in PostgreSQL (table `uploads`, migration 10), shared by every instance. */
export class PgUploadStore implements UploadStore {
  constructor(private readonly pool: PgPool) {}

  async save(upload: NewUpload, at: Date): Promise<StoredUpload> {
    const stored: StoredUpload = {
      id: newUploadId(),
      conversationId: pgSafeString(upload.conversationId),
      userId: pgSafeString(upload.userId),
      name: pgSafeString(upload.name),
      contentType: pgSafeString(upload.contentType),
      size: upload.bytes.length,
      sha256: upload.sha256,
      createdAt: at.toISOString(),
    };
    await this.pool.query('INSERT INTO uploads (id, conversation_id, user_id, name, content_type, size, sha256, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      stored.id,
      stored.conversationId,
      stored.userId,
      stored.name,
      stored.contentType,
      stored.size,
      stored.sha256,
      upload.bytes,
      at,
    ]);
    return stored;
  }

  async info(id: string): Promise<StoredUpload | undefined> {
    const { rows } = await this.pool.query<UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async get(id: string): Promise<(StoredUpload & { bytes: Buffer }) | undefined> {
    const { rows } = await this.pool.query<UploadRow & { bytes: Buffer }>(`SELECT ${COLUMNS}, bytes FROM uploads WHERE id = $1`, [id]);
    return rows[0] ? { ...fromRow(rows[0]), bytes: rows[0].bytes } : undefined;
  }

  async prune(before: Date, unreferencedBefore: Date): Promise<number> {
    const old = (await this.pool.query('DELETE FROM uploads WHERE created_at < $1', [before])).rowCount ?? 0;
    const unreferenced =
      (await this.pool.query('DELETE FROM uploads WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM cases WHERE strpos(cases.record::text, uploads.id) > 0)', [unreferencedBefore])).rowCount ?? 0;
    return old + unreferenced;
  }
}

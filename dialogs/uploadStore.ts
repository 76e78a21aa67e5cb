import { randomBytes } from 'node:crypto';
import { trimEndChars } from '../platform/text/trimChars.js';

/**
 * Files a client uploaded in a website conversation (the local Direct Line's `…/upload`), kept
 * in the bot's database so that the case they are attached to can be opened by staff at
 * `/staff/files/:id`. Only files that passed the attachment type and size checks are stored.
 */
export interface StoredUpload {
  /** Random and unguessable (24 random bytes, base64url): it appears in the staff URL. */
  id: string;
  conversationId: string;
  userId: string;
  name: string;
  contentType: string;
  /** The byte count actually stored. */
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  createdAt: string;
}

export type NewUpload = Omit<StoredUpload, 'id' | 'createdAt'> & { bytes: Buffer };

export interface UploadStore {
  save(upload: NewUpload, at: Date): Promise<StoredUpload>;
  /** The upload's metadata without its bytes; undefined when unknown. */
  info(id: string): Promise<StoredUpload | undefined>;
  /** The upload with its bytes; undefined when unknown. */
  get(id: string): Promise<(StoredUpload & { bytes: Buffer }) | undefined>;
  /**
   * Retention. Deletes every upload created before `before` (the transcripts' retention: an
   * upload goes with the conversation it was sent in), and every upload created before
   * `unreferencedBefore` (e.g. 7 days ago) that no filed case names — a file sent in a report
   * that was cancelled or abandoned, or outside any report. A case names an upload when its
   * record contains the upload's id (its `/staff/files/<id>` URL among the attachments).
   * Returns how many were deleted.
   */
  prune(before: Date, unreferencedBefore: Date): Promise<number>;
}

/** The path of an upload's staff download route. */
export const STAFF_FILES_PATH = '/staff/files';

export function newUploadId(): string {
  return randomBytes(24).toString('base64url');
}

/** Upload ids as newUploadId makes them (32 base64url characters). */
export const UPLOAD_ID = /^[A-Za-z0-9_-]{32}$/;

/** The URL a case records for an upload: absolute with the bot's public base URL, else a path on the bot. */
export function uploadUrl(id: string, publicBaseUrl?: string): string {
  return `${trimEndChars(publicBaseUrl ?? '', '/')}${STAFF_FILES_PATH}/${id}`;
}

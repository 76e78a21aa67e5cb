import type { Attachment } from 'botbuilder';
import type { AttachmentRecord } from '../reportSchemas.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Documents a claim can need: PDF, scans and photos, office files, text, e-mails. */
const ALLOWED_EXTENSIONS = new Set(['pdf', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'gif', 'heic', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'csv', 'txt', 'eml', 'msg']);
const ALLOWED_TYPES = [/^application\/pdf$/, /^image\/(jpeg|png|tiff|gif|heic)$/, /^text\/(plain|csv)$/, /^message\/rfc822$/, /^application\/(msword|vnd\.ms-excel|vnd\.ms-outlook)$/, /^application\/vnd\.openxmlformats-officedocument\./, /^application\/vnd\.oasis\.opendocument\./];

// Cards, mentions and other non-file attachments travel in the same list; they are not documents.
const NON_FILE_TYPES = /^application\/vnd\.microsoft\.card\.|^text\/html$/;

/** Whether a media type is one of the document types above (exactly; parameters not allowed). */
export function isDocumentType(contentType: string): boolean {
  return ALLOWED_TYPES.some((re) => re.test(contentType));
}

export type AttachmentCheck = { ok: true; record: AttachmentRecord } | { ok: false; reason: 'tooLarge' | 'unsupported'; name: string; type: string };

function sizeOf(attachment: Attachment): number | undefined {
  const content = attachment.content as { size?: unknown; fileSize?: unknown } | undefined;
  const declared = [content?.size, content?.fileSize, (attachment as { size?: unknown }).size].find((s) => typeof s === 'number');
  if (typeof declared === 'number') return declared;
  const url = attachment.contentUrl ?? '';
  const data = /^data:[^;,]*(;base64)?,(.*)$/s.exec(url);
  if (data) return data[1] ? Math.floor((data[2]!.length * 3) / 4) - (data[2]!.endsWith('==') ? 2 : data[2]!.endsWith('=') ? 1 : 0) : decodeURIComponent(data[2]!).length;
  return undefined;
}

/** Checks one attachment sent in the chat; records its name, type and size (the file stays where the channel keeps it). */
export function checkAttachment(attachment: Attachment): AttachmentCheck | undefined {
  if (NON_FILE_TYPES.test(attachment.contentType ?? '')) return undefined;
  const teamsFile = attachment.contentType === 'application/vnd.microsoft.teams.file.download.info';
  const name = (attachment.name ?? 'file').slice(0, 255);
  const extension = (teamsFile ? String((attachment.content as { fileType?: string } | undefined)?.fileType ?? '') : name.split('.').pop() ?? '').toLowerCase();
  const type = teamsFile ? extension : (attachment.contentType ?? 'application/octet-stream');
  const allowed = ALLOWED_EXTENSIONS.has(extension) || ALLOWED_TYPES.some((re) => re.test(type));
  if (!allowed) return { ok: false, reason: 'unsupported', name, type };
  const size = sizeOf(attachment);
  if (size !== undefined && size > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'tooLarge', name, type };
  const url = attachment.contentUrl && !attachment.contentUrl.startsWith('data:') ? attachment.contentUrl.slice(0, 2000) : undefined;
  return { ok: true, record: { name, contentType: type.slice(0, 100), size: size ?? 0, ...(url ? { url } : {}) } };
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}

/**
 * Channels where a client can actually attach a file to a message to the bot: the Emulator, and
 * the website ('directline', WEBSITE_CHANNEL_ID), whose page shows Web Chat's upload button and
 * whose local Direct Line stores the files (`…/upload`, checked with checkAttachment's rules).
 * The Teams app is packaged with supportsFiles: false, so Teams may not be told "attach the files here".
 */
const CHANNELS_WITH_UPLOADS = new Set(['emulator', 'directline']);

export function channelAcceptsFiles(channelId: string | undefined): boolean {
  return CHANNELS_WITH_UPLOADS.has(channelId ?? '');
}

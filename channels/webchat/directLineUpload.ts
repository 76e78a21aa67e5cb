import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Attachment } from 'botbuilder';
import busboy from 'busboy';
import { DirectLineHttpError } from './directLineErrors.js';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../../dialogs/forms/attachments.js';
import { uploadUrl, type UploadStore } from '../../dialogs/uploadStore.js';

/** The most files one upload may carry (Web Chat sends all files of one message in one request). */
export const MAX_UPLOAD_FILES = 10;

export interface UploadLimits {
  /** The whole request body, multipart framing included (DIRECT_LINE_MAX_UPLOAD_BYTES). */
  maxRequestBytes: number;
  /** The `activity` part (DIRECT_LINE_MAX_ACTIVITY_BYTES). */
  maxActivityBytes: number;
  /** One file's bytes; MAX_ATTACHMENT_BYTES unless a test says otherwise. */
  maxFileBytes?: number;
}

/** A file part as it came in: accepted files with their bytes, the others only described. */
export interface ReceivedFile {
  name: string;
  contentType: string;
  /** Bytes received; for a file over the limit, the limit + 1 (the rest was not read into memory). */
  size: number;
  /** Present only for a file that passed the type check and the size limit. */
  bytes?: Buffer;
  sha256?: string;
  status: 'accepted' | 'unsupported' | 'tooLarge';
}

export interface ParsedUpload {
  /** The JSON of the `activity` part, when there was one. */
  activity?: unknown;
  files: ReceivedFile[];
}

// A control character or a character Windows refuses in a file name.
// eslint-disable-next-line no-control-regex -- exactly the control characters are meant
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
const MEDIA_TYPE = /^[a-z0-9][\w.+-]{0,99}\/[a-z0-9][\w.+-]{0,99}$/;
const ACTIVITY_PART = 'activity';

/** A file name fit to be stored and shown: no path, no control characters, at most 255 characters. */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_NAME_CHARS, '_').trim().slice(0, 255);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'file';
}

/** A media type as sent, lower-cased and without parameters; application/octet-stream when it is not one. */
export function safeMediaType(raw: string | undefined): string {
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}

function fileTypeAllowed(name: string, contentType: string): boolean {
  const check = checkAttachment({ name, contentType, content: { size: 0 } });
  return check?.ok === true;
}

/**
 * Reads a Direct Line upload (multipart/form-data, as botframework-directlinejs sends it: an
 * optional part named `activity` of type application/vnd.microsoft.activity with the activity's
 * JSON, and one part per file with its file name and content type) with busboy, streaming, with
 * hard bounds: the request's bytes, the activity part's bytes, MAX_UPLOAD_FILES files, a few
 * fields and header pairs.
 *
 * A file over the per-file limit does not fail the request: its bytes are skipped (never held
 * in memory) and it is passed on to the bot as an attachment without a URL and with a size over
 * the limit, so that the bot tells the client, in their language and in the chat, that the file
 * is too large — the same check and message as on every other channel. Failing the request
 * instead (413) would only show Web Chat's "send failed" without a reason. What does fail the
 * request with 413 is exceeding a bound of the request itself (its bytes, the number of files,
 * the activity part), and a body that is not well-formed multipart gets 400.
 */
export function readUpload(req: IncomingMessage, limits: UploadLimits): Promise<ParsedUpload> {
  const maxFileBytes = limits.maxFileBytes ?? MAX_ATTACHMENT_BYTES;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxRequestBytes) {
    return Promise.reject(new DirectLineHttpError(413, 'BadArgument', `The upload is larger than ${limits.maxRequestBytes} bytes.`));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        fileSize: maxFileBytes,
        // The activity part comes as a file too (directlinejs appends it as a Blob).
        files: MAX_UPLOAD_FILES + 1,
        fields: 4,
        fieldSize: limits.maxActivityBytes,
        parts: MAX_UPLOAD_FILES + 5,
        headerPairs: 20,
      },
    });
  } catch {
    return Promise.reject(new DirectLineHttpError(400, 'BadArgument', 'The upload must be multipart/form-data with a boundary.'));
  }

  return new Promise<ParsedUpload>((resolve, reject) => {
    const files: ReceivedFile[] = [];
    let activityText: string | undefined;
    let received = 0;
    let settled = false;

    const fail = (error: DirectLineHttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.removeAllListeners();
      // Keep a listener so that a late parser error is not an uncaught exception.
      parser.on('error', () => undefined);
      req.off('data', count);
      // The rest of the body is read and discarded, so that the client sees the answer.
      req.resume();
      reject(error);
    };
    const tooLarge = (what: string) => fail(new DirectLineHttpError(413, 'BadArgument', what));
    const malformed = () => fail(new DirectLineHttpError(400, 'BadArgument', 'The upload is not well-formed multipart/form-data.'));

    function count(chunk: Buffer) {
      received += chunk.length;
      if (received > limits.maxRequestBytes) tooLarge(`The upload is larger than ${limits.maxRequestBytes} bytes.`);
    }
    req.on('data', count);
    req.on('aborted', malformed);
    req.on('error', malformed);

    const readActivity = (stream: NodeJS.ReadableStream) => {
      if (activityText !== undefined) return malformed();
      activityText = '';
      stream.on('error', malformed);
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > limits.maxActivityBytes) return tooLarge(`The activity is larger than ${limits.maxActivityBytes} bytes.`);
        chunks.push(chunk);
      });
      stream.on('end', () => {
        activityText = Buffer.concat(chunks).toString('utf8');
      });
    };

    parser.on('file', (field, stream, info) => {
      if (field === ACTIVITY_PART) return readActivity(stream);
      const name = safeFileName(info.filename);
      const contentType = safeMediaType(info.mimeType);
      const file: ReceivedFile = { name, contentType, size: 0, status: fileTypeAllowed(name, contentType) ? 'accepted' : 'unsupported' };
      files.push(file);
      if (files.length > MAX_UPLOAD_FILES) return tooLarge(`At most ${MAX_UPLOAD_FILES} files per upload.`);
      // A part cut off mid-file (the form ends early) errors on the file's stream too.
      stream.on('error', malformed);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        file.size += chunk.length;
        // Only files that will be stored are held; the others are just counted.
        if (file.status === 'accepted') {
          chunks.push(chunk);
          hash.update(chunk);
        }
      });
      stream.on('limit', () => {
        if (file.status === 'accepted') file.status = 'tooLarge';
        file.size = maxFileBytes + 1;
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (file.status !== 'accepted') return;
        file.bytes = Buffer.concat(chunks);
        file.size = file.bytes.length;
        file.sha256 = hash.digest('hex');
      });
    });
    parser.on('field', (field, value, info) => {
      if (field !== ACTIVITY_PART) return;
      if (info.valueTruncated) return tooLarge(`The activity is larger than ${limits.maxActivityBytes} bytes.`);
      if (activityText !== undefined) return malformed();
      activityText = value;
    });
    parser.on('filesLimit', () => tooLarge(`At most ${MAX_UPLOAD_FILES} files per upload.`));
    parser.on('partsLimit', () => tooLarge('Too many parts in the upload.'));
    parser.on('fieldsLimit', () => tooLarge('Too many fields in the upload.'));
    parser.on('error', malformed);
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      req.off('data', count);
      if (files.length === 0) return reject(new DirectLineHttpError(400, 'BadArgument', 'The upload carries no file.'));
      let activity: unknown;
      if (activityText !== undefined) {
        try {
          activity = JSON.parse(activityText);
        } catch {
          return reject(new DirectLineHttpError(400, 'BadArgument', 'The activity part is not JSON.'));
        }
      }
      resolve(activity === undefined ? { files } : { activity, files });
    });
    req.pipe(parser);
  });
}

export interface StoreFilesContext {
  uploads: UploadStore;
  conversationId: string;
  userId: string;
  publicBaseUrl?: string;
  now: Date;
}

/**
 * Stores the accepted files and describes every file as the attachment the bot receives:
 * `{ contentType, name, contentUrl, content: { size } }`; contentUrl (the staff download route)
 * only for a stored file, whose size is the stored byte count.
 */
export async function storeFiles(files: ReceivedFile[], context: StoreFilesContext): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  for (const file of files) {
    if (file.status === 'accepted' && file.bytes && file.sha256) {
      const stored = await context.uploads.save(
        { conversationId: context.conversationId, userId: context.userId, name: file.name, contentType: file.contentType, size: file.bytes.length, sha256: file.sha256, bytes: file.bytes },
        context.now,
      );
      attachments.push({ contentType: file.contentType, name: file.name, contentUrl: uploadUrl(stored.id, context.publicBaseUrl), content: { size: stored.size } });
    } else {
      attachments.push({ contentType: file.contentType, name: file.name, content: { size: file.size } });
    }
  }
  return attachments;
}

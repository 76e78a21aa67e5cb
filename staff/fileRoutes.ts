import type { ServerResponse } from 'node:http';
import type { Server } from 'restify';
import { isDocumentType } from '../dialogs/forms/attachments.js';
import { STAFF_FILES_PATH, UPLOAD_ID, type UploadStore } from '../dialogs/uploadStore.js';
import { errorBody } from '../platform/http/errors.js';
import type { StaffPages } from './pages/index.js';
import { sendJson } from './pages/responses.js';
import type { StaffRequest } from './pages/sessionGuard.js';

export interface StaffFileRoutesDeps {
  uploads: UploadStore;
  requireStaffSession: StaffPages['requireStaffSession'];
}

/** `filename=` for Content-Disposition: an ASCII fallback (no quotes, backslashes or controls) and the UTF-8 name. */
export function contentDisposition(name: string): string {
  const ascii = [...name].map((ch) => (ch >= ' ' && ch <= '~' && ch !== '"' && ch !== '\\' && ch !== '%' ? ch : '_')).join('') || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * `GET /staff/files/:id`: a file a client uploaded on the website (the URL its case records),
 * for signed-in staff only (the staff session guard: without a session, a redirect to the sign-in). Always a download
 * (Content-Disposition: attachment), never rendered by the browser: nosniff, a CSP that allows
 * nothing, and the stored content type only when it is one of the document types, else
 * application/octet-stream. An unknown id is a 404.
 */
export function registerStaffFileRoutes(server: Server, deps: StaffFileRoutesDeps): void {
  server.get(
    `${STAFF_FILES_PATH}/:id`,
    deps.requireStaffSession(async (req: StaffRequest, res: ServerResponse) => {
      const id = String(req.params?.id ?? '');
      const file = UPLOAD_ID.test(id) ? await deps.uploads.get(id) : undefined;
      if (!file) return sendJson(req, res, 404, errorBody('NotFound', 'No such file.'));
      res.setHeader('content-type', isDocumentType(file.contentType) ? file.contentType : 'application/octet-stream');
      res.setHeader('content-disposition', contentDisposition(file.name));
      res.setHeader('content-length', String(file.bytes.length));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-security-policy', "default-src 'none'; sandbox");
      res.setHeader('cache-control', 'no-store');
      res.setHeader('referrer-policy', 'same-origin');
      res.setHeader('cross-origin-resource-policy', 'same-origin');
      res.writeHead(200);
      res.end(file.bytes);
    }),
  );
}

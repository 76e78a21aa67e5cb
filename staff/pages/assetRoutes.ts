import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';
import { STAFF_ASSETS } from './layout.js';
import { sendFile, sendJson } from './responses.js';
import type { StaffRequest } from './sessionGuard.js';
import { errorBody } from '../../platform/http/errors.js';

/** The stylesheet, the page script and the icon live next to this file, in assets/. */
export const STAFF_ASSET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * GET /staff/assets/:name. The files are read once at start-up into a fixed map, so no
 * request path ever reaches the file system. Public (the sign-in page needs the stylesheet).
 */
export function registerStaffAssets(server: Server, assetDir = STAFF_ASSET_DIR): void {
  const assets = new Map<string, { body: Buffer; contentType: string }>();
  for (const name of fs.readdirSync(assetDir)) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    if (contentType) assets.set(name, { body: fs.readFileSync(path.join(assetDir, name)), contentType });
  }
  server.get(`${STAFF_ASSETS}/:name`, async (req: StaffRequest, res) => {
    const found = assets.get(String(req.params?.name ?? ''));
    if (!found) return sendJson(req, res, 404, errorBody('NotFound', 'No such file.'));
    sendFile(req, res, found.contentType, found.body);
  });
}

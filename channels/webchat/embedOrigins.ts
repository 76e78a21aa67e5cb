import type { Server } from 'restify';
import { DIRECT_LINE_BASE_PATH } from './directLineRoutes.js';

/**
 * Cross-origin access to the local Direct Line for the pages that embed the chat on another
 * origin (the client portal: its page gets a token from its own server, then talks to the bot's
 * /v3/directline directly). Only the configured origins, only the Direct Line routes; tokens go
 * in the Authorization header (no cookies), so no credentials are allowed.
 */
export function allowEmbeddingOrigins(server: Server, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins.map((o) => o.toLowerCase()));
  server.pre((req, res, next) => {
    const origin = req.headers.origin;
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!origin || !(path === DIRECT_LINE_BASE_PATH || path.startsWith(`${DIRECT_LINE_BASE_PATH}/`))) return next();
    res.header('vary', 'Origin');
    if (!allowed.has(origin.toLowerCase())) return next();
    res.header('access-control-allow-origin', origin);
    if (req.method === 'OPTIONS') {
      res.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.header('access-control-allow-headers', 'authorization, content-type, x-requested-with, x-ms-bot-agent');
      res.header('access-control-max-age', '600');
      res.writeHead(204);
      res.end();
      return next(false);
    }
    next();
  });
}

import type { Server } from 'restify';
import type { Logger } from 'pino';
import { guarded } from '../../platform/http/server.js';
import type { ReadyBot } from './ready.js';

/** GET /healthz: 503 while the index loads, then 200 with the answering mode (never a key). */
export function registerHealthRoute(server: Server, deps: { logger: Logger; ready: ReadyBot; mode: () => { mode: string; chatModel?: string; embeddingModel?: string } }): void {
  server.get('/healthz', guarded(deps.logger, async (_req, res) => {
    const ready = deps.ready();
    if (!ready) {
      res.status(503);
      res.json({ status: 'starting', ...deps.mode() });
      return;
    }
    res.json({ status: 'ok', ...deps.mode(), passages: ready.knowledge.index.size, embedding: ready.knowledge.embeddingId });
  }));
}

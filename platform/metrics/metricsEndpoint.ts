import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { bearerToken } from '../http/bearer.js';
import { sendError } from '../http/errors.js';
import type { BotMetrics } from './botMetrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time check of an `Authorization: Bearer <token>` header. */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  const presented = bearerToken(header);
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

/**
 * GET /metrics on the public port, only with METRICS_TOKEN: the scraper sends it as a bearer
 * token; anything else gets 401. Without a token the route does not exist (404), so the bot's
 * internals are never public by accident.
 */
export function registerMetricsRoute(server: Server, deps: { metrics: BotMetrics; token: string }): void {
  server.get('/metrics', async (req: Request, res: Response) => {
    if (!hasBearerToken(req.header('authorization'), deps.token)) {
      res.header('www-authenticate', 'Bearer realm="metrics"');
      sendError(res, 401, 'Unauthorized', 'A bearer token is required.');
      return;
    }
    const { contentType, body } = await deps.metrics.scrape();
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    res.writeHead(200);
    res.end(body);
  });
}

export interface InternalMetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A separate listener for GET /metrics (METRICS_PORT), bound to METRICS_HOST (127.0.0.1 by
 * default): reachable by a sidecar or node agent, not from outside. No token needed there.
 */
export async function startInternalMetricsServer(deps: { metrics: BotMetrics; host: string; port: number; logger: Logger }): Promise<InternalMetricsServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"NotFound","message":"Only GET /metrics here."}}');
      return;
    }
    deps.metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(body);
      },
      (error: unknown) => {
        deps.logger.error({ err: error }, 'metrics scrape failed');
        res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  deps.logger.info({ host: deps.host, port }, 'metrics listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

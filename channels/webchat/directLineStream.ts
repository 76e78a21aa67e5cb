import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { DIRECT_LINE_BASE_PATH } from './directLineRoutes.js';
import { DirectLineCapacityError, type ActivitySet, type ConversationListener, type DirectLineStore } from './directLineStore.js';
import { TokenError, type DirectLineTokenService } from './tokenService.js';

export interface DirectLineStreamDeps {
  store: DirectLineStore;
  tokens: DirectLineTokenService;
  logger: Logger;
  /** How often an idle socket is pinged; one that misses a pong is dropped. */
  heartbeatMs?: number;
  /** Live streams one conversation may hold (more are refused with 429). */
  maxStreamsPerConversation?: number;
}

export interface DirectLineStream {
  /** Closes every socket (server shutdown). */
  close(): void;
}

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_BASE_PATH}/conversations/([\\w-]{1,100})/stream$`);

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The Direct Line WebSocket stream: `{ activities, watermark }` sets pushed to the client.
 * Clients only listen here (they post over REST); what they send (directlinejs pings with empty
 * strings) is ignored. Authentication is the short-lived token in the stream URL, because a
 * browser cannot put an Authorization header on a WebSocket.
 */
export function attachDirectLineStream(httpServer: HttpServer, deps: DirectLineStreamDeps): DirectLineStream {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const alive = new WeakSet<WebSocket>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) {
      // Not ours. Leave it to another upgrade handler if there is one; otherwise refuse it.
      if (httpServer.listenerCount('upgrade') === 1) rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const conversationId = match[1]!;
    void (async () => {
      try {
        const grant = await deps.tokens.consumeStreamToken(url.searchParams.get('t') ?? '');
        if (grant.conversationId !== conversationId) return rejectUpgrade(socket, 403, 'Forbidden');
        const conversation = await deps.store.getConversation(conversationId);
        if (!conversation) return rejectUpgrade(socket, 404, 'Not Found');
        // One conversation's token must not turn one posted message into hundreds of sends.
        if (conversation.streams >= (deps.maxStreamsPerConversation ?? Infinity)) return rejectUpgrade(socket, 429, 'Too Many Requests');
        wss.handleUpgrade(req, socket, head, (ws) => void serve(ws, conversationId, url.searchParams.get('watermark') ?? undefined));
      } catch (error) {
        if (error instanceof TokenError) return rejectUpgrade(socket, 403, 'Forbidden');
        deps.logger.error({ err: error }, 'Direct Line stream upgrade failed');
        rejectUpgrade(socket, 500, 'Internal Server Error');
      }
    })();
  };
  httpServer.on('upgrade', onUpgrade);

  async function serve(ws: WebSocket, conversationId: string, watermark: string | undefined): Promise<void> {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', () => undefined);
    ws.on('error', (error) => deps.logger.debug({ err: error, conversationId }, 'Direct Line stream error'));

    // Subscribe before reading the backlog so nothing appended in between is lost; what arrives
    // meanwhile waits, and anything already sent is skipped: with a shared store a notice can
    // arrive after the backlog that already held its activity.
    let backlogWatermark: number | undefined = undefined;
    let sentWatermark = 0;
    const pending: ActivitySet[] = [];
    const send = (set: ActivitySet) => {
      if (set.watermark !== undefined) {
        if (Number(set.watermark) <= sentWatermark) return;
        sentWatermark = Number(set.watermark);
      }
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(set));
    };
    const listener: ConversationListener = {
      onActivities(set) {
        if (backlogWatermark === undefined) pending.push(set);
        else send(set);
      },
      onEnd(reason) {
        // 1000 with a reason: directlinejs reconnects, learns the conversation is gone (404) and ends.
        ws.close(1000, reason === 'expired' ? 'conversation expired' : 'server closing');
      },
    };
    let unsubscribe: () => void;
    try {
      unsubscribe = deps.store.subscribe(conversationId, listener);
    } catch (error) {
      // Two upgrades raced for the last stream slot.
      if (!(error instanceof DirectLineCapacityError)) throw error;
      ws.close(1008, 'too many connections');
      return;
    }
    ws.on('close', unsubscribe);

    const backlog = await deps.store.activitiesAfter(conversationId, watermark);
    backlogWatermark = Number(backlog?.watermark ?? 0);
    if (backlog && backlog.activities.length > 0) send(backlog);
    else sentWatermark = Math.max(sentWatermark, backlogWatermark, Number(watermark ?? 0));
    for (const set of pending) send(set);
    pending.length = 0;
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, deps.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    close() {
      clearInterval(heartbeat);
      httpServer.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

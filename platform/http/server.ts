import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response } from 'restify';
import type { Logger } from 'pino';
import type { InFlightWork } from '../shutdown/inFlight.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from './bodyDepth.js';
import { errorBody, sendError } from './errors.js';

export interface HttpServerOptions {
  logger: Logger;
  maxBodyBytes: number;
  /** Counts requests in progress; once it drains (shutdown), new requests get 503. */
  inFlight?: InFlightWork;
}

interface RestifyHttpError {
  statusCode?: number;
  name?: string;
  message?: string;
  body?: { code?: string };
  toJSON?: () => unknown;
}

export type Handler = (req: Request, res: Response) => Promise<void>;

/** A multipart body (the media type only, case-insensitive, parameters ignored). */
export function isMultipart(req: { headers: Record<string, string | string[] | undefined> }): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && type.trimStart().toLowerCase().startsWith('multipart/');
}

/** Each request's logger carries its correlation id. */
const requestLoggers = new WeakMap<Request, Logger>();

/** The request's own logger (with its request id), or the fallback outside a request. */
export function requestLogger(req: Request, fallback: Logger): Logger {
  return requestLoggers.get(req) ?? fallback;
}

/** Async handlers: restify awaits them; an exception becomes a JSON 500, never a crash. */
export function guarded(logger: Logger, handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      requestLogger(req, logger).error({ err: error, url: req.url }, 'request failed');
      sendError(res, 500, 'InternalError', 'The request could not be processed.');
    }
  };
}

/**
 * The restify server every route is registered on: one correlation id per request, JSON errors
 * everywhere (restify's own 404/405/413/bad JSON too), and graceful-shutdown accounting.
 */
export function createHttpServer(options: HttpServerOptions): restify.Server {
  const { logger, inFlight } = options;
  // restify's own logger follows LOG_LEVEL and redaction too (pino is bunyan-compatible enough for it).
  const server = restify.createServer({ name: 'support-bot', handleUncaughtExceptions: false, log: logger.child({ component: 'restify' }) as never });
  server.pre((req, res, next) => {
    const header = req.header('x-request-id');
    const id = header && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
    requestLoggers.set(req, logger.child({ requestId: id }));
    res.header('x-request-id', id);
    res.header('x-content-type-options', 'nosniff');
    // Graceful shutdown: a request counts until its response is done; once draining, new ones are refused.
    if (inFlight) {
      if (!inFlight.tryEnter()) {
        res.header('connection', 'close');
        res.header('retry-after', '5');
        sendError(res, 503, 'ShuttingDown', 'The bot is restarting; try again shortly.');
        return next(false);
      }
      let done = false;
      const leave = () => {
        if (done) return;
        done = true;
        inFlight.leave();
      };
      res.once('finish', leave);
      res.once('close', leave);
    }
    next();
  });
  server.use(restify.plugins.queryParser());
  // multipart/form-data is never parsed here (restify would hand it to formidable, which writes
  // files to disk): the one route that takes it (the Direct Line upload) streams it itself with
  // its own limits; on any other route the body stays unread.
  for (const parser of restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, rejectUnknown: false })) {
    server.use((req, res, next) => (isMultipart(req) ? next() : parser(req, res, next)));
  }
  // Every route: a body nested deeper than any real request would overflow a recursive walk
  // further on (validation, serialisation) and turn into a 500.
  server.use((req, res, next) => {
    if (req.body !== null && typeof req.body === 'object' && nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
      sendError(res, 400, 'BadRequest', 'The request body is nested too deeply.');
      return next(false);
    }
    next();
  });

  // restify's own errors (404, 405, 413, bad JSON) keep their status, in our JSON shape.
  server.on('restifyError', (req: Request, _res: Response, err: RestifyHttpError, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) requestLogger(req, logger).error({ err, url: req.url }, 'server error');
    const code = err.body?.code ?? err.name ?? 'Error';
    const message = status >= 500 ? 'Internal error.' : (err.message ?? 'Error');
    err.toJSON = () => errorBody(code, message);
    return callback();
  });
  return server;
}

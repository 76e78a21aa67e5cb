import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { AppConfig } from '../../platform/config.js';
import type { InFlightWork } from '../../platform/shutdown/inFlight.js';
import type { SupportBot } from '../../bot/supportBot.js';
import { RateLimits } from '../../platform/http/rateLimits.js';

export interface ServerDeps {
  config: AppConfig;
  logger: Logger;
  adapter: CloudAdapter;
  /** Null until the knowledge index is loaded; the bot endpoints answer 503 until then. */
  ready: () => { bot: SupportBot; knowledge: KnowledgeBase } | null;
  /** The answering mode and models for /healthz (never a key). */
  mode: () => { mode: string; chatModel?: string; embeddingModel?: string };
  /** Counts requests in progress; once it drains (shutdown), new requests get 503 (platform/shutdown/inFlight.ts). */
  inFlight?: InFlightWork;
}

const askSchema = z.object({
  question: z.string(),
  language: z.enum(['cs', 'en']).optional(),
});

/** The minimum an activity must have before the adapter sees it. */
const activitySchema = z
  .object({
    type: z.string().min(1).max(100),
    text: z.string().optional(),
    locale: z.string().max(100).optional(),
    deliveryMode: z.string().max(50).optional(),
    conversation: z.object({ id: z.string().min(1) }).passthrough().optional(),
  })
  .passthrough()
  // Without a serviceUrl, replies would go to the connector's default host: only batched replies can do without.
  .refine((a) => a.deliveryMode === 'expectReplies' || typeof (a as { serviceUrl?: unknown }).serviceUrl === 'string', {
    path: ['serviceUrl'],
    message: 'is required unless deliveryMode is expectReplies',
  });

/** Iterative on purpose: a recursive walk would overflow on the very input it guards against. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

interface RestifyHttpError {
  statusCode?: number;
  name?: string;
  message?: string;
  body?: { code?: string };
  toJSON?: () => unknown;
}

/** The website channel's in-process Direct Line address (channels/webchat); never accepted from outside. */
const IN_PROCESS_SERVICE_URL = 'https://directline.invalid/';

type Handler = (req: Request, res: Response) => Promise<void>;

function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  res.json({ error: { code, message } });
}

/** Turns SERVICE_URL_ALLOWLIST into a test; `*` stands for any run of characters except "/". */
export function serviceUrlMatcher(list: string): (url: string) => boolean {
  const patterns = list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}`, 'i'));
  return (url) => patterns.length === 0 || patterns.some((re) => re.test(url));
}

/** Each request's logger carries its correlation id. */
const requestLoggers = new WeakMap<Request, Logger>();

/** restify server with the bot's routes. JSON errors everywhere, one correlation id per request. */
export function createServer(deps: ServerDeps): restify.Server {
  const { config, logger } = deps;
  // restify's own logger follows LOG_LEVEL and redaction too (pino is bunyan-compatible enough for it).
  const server = restify.createServer({ name: 'support-bot', handleUncaughtExceptions: false, log: logger.child({ component: 'restify' }) as never });
  server.pre((req, res, next) => {
    const header = req.header('x-request-id');
    const id = header && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
    requestLoggers.set(req, logger.child({ requestId: id }));
    res.header('x-request-id', id);
    res.header('x-content-type-options', 'nosniff');
    // Graceful shutdown: a request counts until its response is done; once draining, new ones are refused.
    if (deps.inFlight) {
      if (!deps.inFlight.tryEnter()) {
        res.header('connection', 'close');
        res.header('retry-after', '5');
        sendError(res, 503, 'ShuttingDown', 'The bot is restarting; try again shortly.');
        return next(false);
      }
      let done = false;
      const leave = () => {
        if (done) return;
        done = true;
        deps.inFlight!.leave();
      };
      res.once('finish', leave);
      res.once('close', leave);
    }
    next();
  });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ maxBodySize: config.MAX_BODY_BYTES, mapParams: false, rejectUnknown: false }));

  const log = (req: Request): Logger => requestLoggers.get(req) ?? logger;
  const limits = new RateLimits({
    perIpPerMinute: config.RATE_LIMIT_PER_IP_PER_MINUTE,
    perUserPerMinute: config.RATE_LIMIT_PER_USER_PER_MINUTE,
    trustedProxies: config.WEBCHAT_TRUSTED_PROXIES,
    perIpOnMessages: !config.MicrosoftAppId,
  });
  // Staff API calls count per address and per bearer token (hashed by the limiter's key only in memory).
  // (restify wants a callback-style handler here: async handlers may not take `next`.)
  server.use((req, res, next) => {
    if (!req.path().startsWith('/api/staff/')) return next();
    const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    limits.allow(req, res, 'staff', token).then(
      (allowed) => next(allowed ? undefined : false),
      (error: unknown) => next(error as Error),
    );
  });
  const serviceUrlAllowed = serviceUrlMatcher(config.SERVICE_URL_ALLOWLIST);

  // Async handlers: restify awaits them; an exception becomes a JSON 500, never a crash.
  const guarded = (handler: Handler) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      log(req).error({ err: error, url: req.url }, 'request failed');
      sendError(res, 500, 'InternalError', 'The request could not be processed.');
    }
  };

  server.get('/healthz', guarded(async (_req, res) => {
    const ready = deps.ready();
    if (!ready) {
      res.status(503);
      res.json({ status: 'starting', ...deps.mode() });
      return;
    }
    res.json({ status: 'ok', ...deps.mode(), passages: ready.knowledge.index.size, embedding: ready.knowledge.embeddingId });
  }));

  server.post('/api/messages', guarded(async (req, res) => {
    const ready = deps.ready();
    if (!ready) {
      res.header('Retry-After', '5');
      sendError(res, 503, 'Starting', 'The bot is starting; try again shortly.');
      return;
    }
    if (nestsDeeperThan(req.body, 64)) {
      sendError(res, 400, 'BadRequest', 'Not a valid activity: nested too deeply');
      return;
    }
    const parsed = activitySchema.safeParse(req.body);
    const fromId = (req.body as { from?: { id?: unknown } } | undefined)?.from?.id;
    if (!(await limits.allow(req, res, 'messages', typeof fromId === 'string' ? fromId : undefined))) return;
    if (!parsed.success) {
      sendError(res, 400, 'BadRequest', `Not a valid activity: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`);
      return;
    }
    // Replies go to the activity's serviceUrl: only web URLs, and never the website's in-process channel.
    const serviceUrl = (parsed.data as { serviceUrl?: unknown }).serviceUrl;
    if (serviceUrl !== undefined && (typeof serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(serviceUrl) || serviceUrl.startsWith(IN_PROCESS_SERVICE_URL))) {
      sendError(res, 400, 'BadRequest', 'Not a valid activity: serviceUrl');
      return;
    }
    // A serviceUrl outside the allow-list is never called: the activity is refused before the bot runs.
    if (typeof serviceUrl === 'string' && !serviceUrlAllowed(serviceUrl)) {
      log(req).warn({ serviceUrl }, 'activity refused: serviceUrl not in SERVICE_URL_ALLOWLIST');
      sendError(res, 403, 'Forbidden', 'This serviceUrl is not allowed.');
      return;
    }
    await deps.adapter.process(req, res, async (context) => {
      context.turnState.set('logger', log(req));
      await ready.bot.run(context);
    });
  }));

  server.post('/api/ask', guarded(async (req, res) => {
    const ready = deps.ready();
    if (!ready) {
      res.header('Retry-After', '5');
      sendError(res, 503, 'Starting', 'The bot is starting; try again shortly.');
      return;
    }
    if (!(await limits.allow(req, res, 'ask'))) return;
    const parsed = askSchema.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, 'BadRequest', `Expected {"question": string, "language"?: "cs"|"en"}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}`);
      return;
    }
    const question = parsed.data.question.trim();
    if (!question) {
      sendError(res, 400, 'BadRequest', 'The question is empty.');
      return;
    }
    if (question.length > config.MAX_MESSAGE_CHARS) {
      sendError(res, 413, 'PayloadTooLarge', `The question is longer than ${config.MAX_MESSAGE_CHARS} characters.`);
      return;
    }
    const answer = await ready.knowledge.answerer.answer(question, { lang: parsed.data.language });
    res.json({
      answer: answer.text,
      language: answer.language,
      grounded: answer.grounded,
      kind: answer.kind,
      citations: answer.citations.map((c) => ({ title: c.title, source: c.source, section: c.headings.join(' › '), passage: c.passage, score: c.score })),
    });
  }));

  // restify's own errors (404, 405, 413, bad JSON) keep their status, in our JSON shape.
  server.on('restifyError', (req: Request, _res: Response, err: RestifyHttpError, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log(req).error({ err, url: req.url }, 'server error');
    const code = err.body?.code ?? err.name ?? 'Error';
    const message = status >= 500 ? 'Internal error.' : (err.message ?? 'Error');
    err.toJSON = () => ({ error: { code, message } });
    return callback();
  });
  return server;
}

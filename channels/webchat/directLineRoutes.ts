import type { Activity, Attachment, ChannelAccount } from 'botbuilder';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryLimiters, type LimiterFactory } from '../../platform/http/rateLimits.js';
import { activityFromClient, DIRECT_LINE_CHANNEL_ID, isTransient } from './directLineActivities.js';
import { DirectLineHttpError, sendDirectLineError } from './directLineErrors.js';
import { ConversationNotFoundError, DirectLineCapacityError, type DirectLineStore } from './directLineStore.js';
import type { DirectLineTurnRunner } from './directLineTurns.js';
import { clientAddress, requestOrigin } from '../../platform/http/requestOrigin.js';
import { TokenError, type DirectLineTokenService, type VerifiedToken } from './tokenService.js';
import { bearerToken } from '../../platform/http/bearer.js';
import type { UploadStore } from '../../dialogs/uploadStore.js';
import { readUpload, storeFiles } from './directLineUpload.js';

export const DIRECT_LINE_BASE_PATH = '/v3/directline';

export interface DirectLineRoutesDeps {
  store: DirectLineStore;
  tokens: DirectLineTokenService;
  turns: DirectLineTurnRunner;
  bot: ChannelAccount;
  logger: Logger;
  trustedProxies: number;
  /** Activities one conversation may post per minute; protects the bot from a runaway client. */
  activitiesPerMinute?: number;
  /** Largest activity a client may post, serialised, in bytes (channelData and value included). */
  maxActivityBytes?: number;
  /** Where uploaded files are kept; absent = `…/upload` answers 405 (no uploads). */
  uploads?: UploadStore;
  /** Largest upload request, in bytes (DIRECT_LINE_MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  /** Uploads being read at once on this instance (each may hold up to maxUploadBytes in memory); beyond, 429. */
  maxConcurrentUploads?: number;
  /** The bot's public base URL (PUBLIC_BASE_URL), for the attachments' staff download URLs. */
  publicBaseUrl?: string;
  now?: () => Date;
  /** Where the per-conversation post limit counts (shared by several instances); in memory by default. */
  limiters?: LimiterFactory;
}

const CAPACITY_MESSAGES: Record<DirectLineCapacityError['limit'], string> = {
  conversations: 'The chat is busy right now; please try again in a minute.',
  memory: 'The chat is busy right now; please try again in a minute.',
  conversationsPerAddress: 'Too many open conversations from this address; close some or try again later.',
  streams: 'Too many connections to this conversation.',
};

type Handler = (req: Request, res: Response) => Promise<void>;

const WATERMARK = /^\d{0,15}$/;

/** The part of Direct Line 3.0 that Web Chat and botframework-directlinejs use, served locally. */
export function registerDirectLineRoutes(server: Server, deps: DirectLineRoutesDeps): void {
  const { store, tokens, turns, bot } = deps;
  const postLimiter = (deps.limiters ?? memoryLimiters)({ keyPrefix: 'dl-post', points: deps.activitiesPerMinute ?? 60, duration: 60 });

  const requestLogger = (res: Response): Logger => deps.logger.child({ requestId: res.getHeader('x-request-id') });

  const handle = (handler: Handler) => async (req: Request, res: Response) => {
    try {
      res.header('cache-control', 'no-store');
      await handler(req, res);
    } catch (error) {
      if (error instanceof DirectLineHttpError) {
        sendDirectLineError(res, error.status, error.code, error.message);
      } else if (error instanceof DirectLineCapacityError) {
        res.header('retry-after', '60');
        requestLogger(res).warn({ limit: error.limit }, 'Direct Line bound reached');
        sendDirectLineError(res, 429, 'TooManyRequests', CAPACITY_MESSAGES[error.limit]);
      } else if (error instanceof ConversationNotFoundError) {
        sendDirectLineError(res, 404, 'NotFound', 'The conversation does not exist or has expired.');
      } else {
        requestLogger(res).error({ err: error, url: req.url }, 'Direct Line request failed');
        sendDirectLineError(res, 500, 'ServiceError', 'The request could not be processed.');
      }
    }
  };

  /** Checks the bearer token and, for a conversation's routes, that it is that conversation's. */
  const authorize = async (req: Request, conversationId?: string): Promise<{ token: string; grant: VerifiedToken }> => {
    const token = bearerToken(req.header('authorization'));
    if (!token) throw new DirectLineHttpError(401, 'Unauthorized', 'Send the Direct Line token as "Authorization: Bearer TOKEN".');
    let grant: VerifiedToken;
    try {
      grant = await tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenError && error.problem === 'expired') throw new DirectLineHttpError(403, 'TokenExpired', 'The token has expired.');
      throw new DirectLineHttpError(403, 'TokenInvalid', 'The token is not valid.');
    }
    if (conversationId !== undefined && grant.conversationId !== conversationId) {
      throw new DirectLineHttpError(403, 'Forbidden', 'The token is not valid for this conversation.');
    }
    return { token, grant };
  };

  const watermarkOf = (req: Request): string | undefined => {
    const value = (req.query as Record<string, unknown> | undefined)?.watermark;
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !WATERMARK.test(value)) throw new DirectLineHttpError(400, 'BadArgument', 'The watermark must be a number.');
    return value;
  };

  const streamUrl = async (req: Request, grant: VerifiedToken, watermark?: string): Promise<string> => {
    const { secure, host } = requestOrigin(req, deps.trustedProxies);
    const streamToken = await tokens.issueStreamToken(grant);
    const query = new URLSearchParams({ t: streamToken });
    if (watermark) query.set('watermark', watermark);
    return `${secure ? 'wss' : 'ws'}://${host}${DIRECT_LINE_BASE_PATH}/conversations/${encodeURIComponent(grant.conversationId)}/stream?${query}`;
  };

  /** The conversation, which must exist and belong to the token's user. */
  const requireConversation = async (conversationId: string, grant: VerifiedToken): Promise<void> => {
    const conversation = await store.getConversation(conversationId);
    if (!conversation) throw new ConversationNotFoundError(conversationId);
    if (conversation.userId !== grant.userId) throw new DirectLineHttpError(403, 'Forbidden', 'The token is not valid for this conversation.');
  };

  const conversationParam = (req: Request): string => {
    const id = (req.params as Record<string, string | undefined>).conversationId ?? '';
    if (!/^[\w-]{1,100}$/.test(id)) throw new DirectLineHttpError(404, 'NotFound', 'The conversation does not exist or has expired.');
    return id;
  };

  // Start a conversation. The token already names it (like Azure's generated tokens); starting it
  // twice (a reload before Web Chat connected) returns the same conversation without a second welcome.
  server.post(`${DIRECT_LINE_BASE_PATH}/conversations`, handle(async (req, res) => {
    const { token, grant } = await authorize(req);
    const { created, conversation } = await store.startConversation(grant.conversationId, grant.userId, { address: clientAddress(req, deps.trustedProxies) });
    if (conversation.userId !== grant.userId) throw new DirectLineHttpError(403, 'Forbidden', 'The token is not valid for this conversation.');
    if (created) {
      const body = (req.body ?? {}) as { locale?: unknown };
      const locale = typeof body.locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(body.locale) ? body.locale : undefined;
      // Direct Line tells the bot who joined as the conversation starts; the bot answers with its welcome.
      await runTurn(res, {
        type: 'conversationUpdate',
        id: `${grant.conversationId}|start`,
        timestamp: new Date(),
        channelId: DIRECT_LINE_CHANNEL_ID,
        conversation: { id: grant.conversationId } as Activity['conversation'],
        from: { id: grant.userId, role: 'user' } as ChannelAccount,
        recipient: bot,
        membersAdded: [bot, { id: grant.userId } as ChannelAccount],
        ...(locale ? { locale } : {}),
      });
    }
    res.status(created ? 201 : 200);
    res.json({ conversationId: grant.conversationId, token, expires_in: tokens.secondsLeft(grant), streamUrl: await streamUrl(req, grant) });
  }));

  // Resume: a fresh stream URL, replaying from the watermark (everything when there is none).
  server.get(`${DIRECT_LINE_BASE_PATH}/conversations/:conversationId`, handle(async (req, res) => {
    const conversationId = conversationParam(req);
    const { token, grant } = await authorize(req, conversationId);
    await requireConversation(conversationId, grant);
    res.json({ conversationId, token, expires_in: tokens.secondsLeft(grant), streamUrl: await streamUrl(req, grant, watermarkOf(req)) });
  }));

  /** The checks every post to a conversation passes first: its token, its owner, its rate. */
  const authorizePost = async (req: Request, res: Response): Promise<{ conversationId: string; grant: VerifiedToken }> => {
    const conversationId = conversationParam(req);
    const { grant } = await authorize(req, conversationId);
    await requireConversation(conversationId, grant);
    try {
      await postLimiter.consume(conversationId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      res.header('retry-after', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      throw new DirectLineHttpError(429, 'TooManyRequests', 'Too many activities; slow down.');
    }
    return { conversationId, grant };
  };

  /** Logs a client's activity, runs the bot's turn on it and answers its id (activities POST and upload alike). */
  const deliver = async (req: Request, res: Response, activity: Partial<Activity>, conversationId: string): Promise<void> => {
    // Kept in the conversation's history: a client's activity may not be a storage bucket.
    if (Buffer.byteLength(JSON.stringify(activity)) > (deps.maxActivityBytes ?? 32_768)) {
      throw new DirectLineHttpError(413, 'BadArgument', `The activity is larger than ${deps.maxActivityBytes ?? 32_768} bytes.`);
    }
    // The echo: clients see their own activity (with its server id) on the stream, and Web Chat
    // marks a message as sent when its echo, matched by channelData.clientActivityID, arrives.
    const stored = await store.append(conversationId, activity, { transient: isTransient(activity) });
    // As over HTTP, the bot sees the timestamp as the JSON string.
    await runTurn(res, { ...stored, recipient: bot } as unknown as Partial<Activity>, clientAddress(req, deps.trustedProxies));
    res.json({ id: stored.id });
  };

  server.post(`${DIRECT_LINE_BASE_PATH}/conversations/:conversationId/activities`, handle(async (req, res) => {
    const { conversationId, grant } = await authorizePost(req, res);
    const activity = activityFromClient(req.body, { conversationId, userId: grant.userId });
    // Files reach the bot only through the upload, which stores them and sets their URL: a file
    // attachment posted here would let a client name any URL (or another client's upload) as its document.
    if (Array.isArray(activity.attachments)) activity.attachments = activity.attachments.filter((a: Partial<Attachment> | null) => !a?.contentUrl);
    await deliver(req, res, activity, conversationId);
  }));

  // Polling: the activities after the watermark, and the watermark to ask with next time.
  server.get(`${DIRECT_LINE_BASE_PATH}/conversations/:conversationId/activities`, handle(async (req, res) => {
    const conversationId = conversationParam(req);
    const { grant } = await authorize(req, conversationId);
    await requireConversation(conversationId, grant);
    const set = await store.activitiesAfter(conversationId, watermarkOf(req));
    if (!set) throw new ConversationNotFoundError(conversationId);
    res.json(set);
  }));

  // Files sent with a message, as botframework-directlinejs posts them: multipart/form-data with
  // an optional `activity` part (the activity's JSON, without the files) and one part per file
  // (readUpload). `?userId=` is ignored: as for the activities POST, the token names the user.
  // Accepted files are stored (UploadStore) and reach the bot as attachments
  // `{ contentType, name, contentUrl: <PUBLIC_BASE_URL>/staff/files/<id>, content: { size } }`;
  // a file of a type the documents step refuses, or over 10 MB, comes without contentUrl and is
  // not stored, so the bot tells the client why. Answers `{ id }` like the activities POST.
  let uploadsInProgress = 0;
  server.post(`${DIRECT_LINE_BASE_PATH}/conversations/:conversationId/upload`, handle(async (req, res) => {
    const uploads = deps.uploads;
    if (!uploads) throw new DirectLineHttpError(405, 'MethodNotAllowed', 'This bot does not accept file uploads.');
    const { conversationId, grant } = await authorizePost(req, res);
    if (uploadsInProgress >= (deps.maxConcurrentUploads ?? 8)) {
      res.header('retry-after', '5');
      throw new DirectLineHttpError(429, 'TooManyRequests', 'Too many uploads at once; try again in a moment.');
    }
    uploadsInProgress++;
    let attachments: Attachment[];
    let activity: Partial<Activity>;
    try {
      const upload = await readUpload(req, { maxRequestBytes: deps.maxUploadBytes ?? 52_428_800, maxActivityBytes: deps.maxActivityBytes ?? 32_768 });
      const posted = upload.activity ?? { type: 'message' };
      if (posted && typeof posted === 'object') delete (posted as { attachments?: unknown }).attachments;
      // Checked before anything is stored.
      activity = activityFromClient(posted, { conversationId, userId: grant.userId });
      if (activity.type !== 'message') throw new DirectLineHttpError(400, 'BadArgument', 'Files can only be sent with a message.');
      attachments = await storeFiles(upload.files, { uploads, conversationId, userId: grant.userId, now: (deps.now ?? (() => new Date()))(), ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}) });
    } finally {
      uploadsInProgress--;
    }
    await deliver(req, res, { ...activity, attachments }, conversationId);
  }));

  // A still-valid token buys a new one for the same user and conversation, up to the session's maximum age.
  server.post(`${DIRECT_LINE_BASE_PATH}/tokens/refresh`, handle(async (req, res) => {
    const { grant } = await authorize(req);
    let token: string;
    try {
      token = await tokens.refresh(grant);
    } catch (error) {
      if (error instanceof TokenError) throw new DirectLineHttpError(403, 'TokenExpired', error.message);
      throw error;
    }
    res.json({ conversationId: grant.conversationId, token, expires_in: tokens.secondsLeft(await tokens.verify(token)) });
  }));

  async function runTurn(res: Response, activity: Partial<Activity>, address?: string): Promise<void> {
    const log = requestLogger(res);
    try {
      await turns.run(activity, log, address);
    } catch (error) {
      // onTurnError has already apologised to the client where it could; this is what is left.
      log.error({ err: error, conversationId: activity.conversation?.id }, 'Direct Line turn failed');
      throw new DirectLineHttpError(502, 'BotError', 'The bot could not process the activity.');
    }
  }
}

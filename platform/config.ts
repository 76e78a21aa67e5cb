import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { issueLines } from './zodIssues.js';

/** The folder of package.json: one up from platform/ in the sources, two up from dist/platform/. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}
const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Empty strings in the environment mean "unset", as in t3-env. */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), schema);

/** An absolute http: or https: base URL without query or fragment (parsed, not pattern-matched). */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.search && !url.hash;
  } catch {
    return false;
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z
  .object({
    PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3978),
    HOST: withDefault(z.string(), '0.0.0.0'),
    KNOWLEDGE_DIR: withDefault(z.string(), path.join(projectRoot, 'knowledge', 'documents')),
    DATA_DIR: withDefault(z.string(), path.join(process.cwd(), '.data')),
    LOG_LEVEL: withDefault(z.enum(logLevels), 'info'),
    /** `auto`: human-readable lines on a terminal, JSON (one object a line) anywhere else. */
    LOG_FORMAT: withDefault(z.enum(['auto', 'pretty', 'json']), 'auto'),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: optionalString,
    MicrosoftAppType: withDefault(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']), 'MultiTenant'),
    /**
     * Development only: with MicrosoftAppId empty, /api/messages normally refuses every activity
     * (nothing can be verified). true lets the Bot Framework Emulator in: requests from loopback
     * only, replies only to a loopback serviceUrl, never Teams or website identities. Logged at start.
     */
    DEV_ALLOW_ANONYMOUS_MESSAGES: withDefault(z.enum(['true', 'false']).transform((v) => v === 'true'), 'false'),
    /** Longest chat message or /api/ask question the bot will process, in characters. */
    MAX_MESSAGE_CHARS: withDefault(z.coerce.number().int().min(10).max(100_000), 2000),
    /** Largest HTTP request body accepted, in bytes; larger bodies get 413. */
    MAX_BODY_BYTES: withDefault(z.coerce.number().int().min(1024).max(50 * 1024 * 1024), 262_144),
    /** Clients, policies, terms and managers (see data/README.md). */
    POLICY_DIRECTORY_FILE: withDefault(z.string(), path.join(projectRoot, 'data', 'policy-directory.json')),
    /** Time zone in which the bot understands dates (due dates, deadlines) and states times. */
    TIME_ZONE: withDefault(
      z.string().refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'is not an IANA time zone (e.g. Europe/Prague)'),
      'Europe/Prague',
    ),
    /** relay: managers answer through the staff page/API (and Teams); protocol: Bot Framework handoff events to an agent hub. */
    HANDOFF_MODE: withDefault(z.enum(['relay', 'protocol']), 'relay'),
    /** How long a handoff waits for the manager to accept before the client is offered a callback. */
    HANDOFF_ACCEPT_TIMEOUT_SECONDS: withDefault(z.coerce.number().int().min(10).max(86_400), 180),
    /** Staff credentials for /staff and /api/staff (see data/README.md); the default is demo data. */
    STAFF_FILE: withDefault(z.string(), path.join(projectRoot, 'data', 'staff.demo.json')),
    // --- staff workspace (/staff) ---
    /** Absolute lifetime of a staff page session; after it the manager signs in again. */
    STAFF_SESSION_TTL_MINUTES: withDefault(z.coerce.number().int().min(5).max(7 * 24 * 60), 480),
    /** A staff session unused for this long ends (a forgotten browser tab on a shared desk). */
    STAFF_SESSION_IDLE_MINUTES: withDefault(z.coerce.number().int().min(1).max(7 * 24 * 60), 60),
    /** `Secure` on the staff cookies: auto = when the request came over HTTPS (incl. X-Forwarded-Proto). */
    STAFF_COOKIE_SECURE: withDefault(z.enum(['auto', 'true', 'false']), 'auto'),
    /** Failed sign-ins allowed per (staff id, client address) and per known browser within the window (staff/pages/loginThrottle.ts). */
    STAFF_LOGIN_MAX_FAILURES: withDefault(z.coerce.number().int().min(1).max(1000), 5),
    STAFF_LOGIN_WINDOW_MINUTES: withDefault(z.coerce.number().int().min(1).max(24 * 60), 15),
    // --- end staff workspace ---
    /**
     * Comma-separated serviceUrl patterns the bot may reply to (`*` matches within a host name,
     * e.g. https://*.botframework.com/,https://smba.trafficmanager.net/); empty = any.
     */
    SERVICE_URL_ALLOWLIST: withDefault(z.string(), ''),
    /** Requests one client address may make per minute to /api/messages (anonymous mode), /api/ask and /api/staff. */
    RATE_LIMIT_PER_IP_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(1_000_000), 600),
    /** Messages one channel user may send per minute (and staff API calls per staff member). */
    RATE_LIMIT_PER_USER_PER_MINUTE: withDefault(z.coerce.number().int().min(1).max(100_000), 60),
    /** PostgreSQL for state, cases, handoffs and transcripts (several instances); empty = SQLite in DATA_DIR. */
    DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
    /** Schema the bot's tables live in. */
    DATABASE_SCHEMA: withDefault(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case identifier'), 'public'),
    DATABASE_POOL_MAX: withDefault(z.coerce.number().int().min(2).max(200), 10),
    /** Conversation transcripts older than this are deleted. */
    TRANSCRIPT_RETENTION_DAYS: withDefault(z.coerce.number().int().min(1).max(3650), 180),
    // --- LLM mode (any OpenAI-compatible endpoint; all optional) ---
    /** Turns on LLM answers (and, with OPENAI_EMBEDDING_MODEL, LLM embeddings). */
    OPENAI_API_KEY: optionalString,
    /** OpenAI-compatible server (vLLM, Ollama, a proxy); empty = api.openai.com. */
    OPENAI_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
    OPENAI_CHAT_MODEL: withDefault(z.string(), 'gpt-4o-mini'),
    /** When set, the index is built with this embedding model instead of the offline one. */
    OPENAI_EMBEDDING_MODEL: optionalString,
    OPENAI_TIMEOUT_MS: withDefault(z.coerce.number().int().min(1000).max(300_000), 15_000),
    OPENAI_MAX_RETRIES: withDefault(z.coerce.number().int().min(0).max(10), 2),
    /** Azure OpenAI, as @langchain/openai reads it (key + instance or endpoint + deployments). */
    AZURE_OPENAI_API_KEY: optionalString,
    AZURE_OPENAI_API_INSTANCE_NAME: optionalString,
    AZURE_OPENAI_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
    AZURE_OPENAI_API_DEPLOYMENT_NAME: optionalString,
    AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME: optionalString,
    AZURE_OPENAI_API_VERSION: withDefault(z.string(), '2024-10-21'),
    // --- website channel (Direct Line) ---
    /** Signs the local Direct Line tokens (HS256, so at least 32 characters); unset = random per start. */
    DIRECT_LINE_TOKEN_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters (HS256 key)').optional()),
    /**
     * Lifetime of a Direct Line token in seconds. Web Chat (botframework-directlinejs) refreshes its
     * token every 15 minutes, so a shorter lifetime would cut conversations off.
     */
    DIRECT_LINE_TOKEN_TTL_SECONDS: withDefault(z.coerce.number().int().min(900).max(86_400), 1800),
    /** How long refreshing may keep one website conversation's tokens alive (then the page starts a new conversation). */
    DIRECT_LINE_SESSION_MAX_HOURS: withDefault(z.coerce.number().int().min(1).max(24 * 30), 24),
    /** Tokens one client IP may obtain from POST /api/directline/token per minute. */
    DIRECT_LINE_TOKEN_RATE_LIMIT: withDefault(z.coerce.number().int().min(1).max(10_000), 30),
    // --- client identity: the portal's sign-in ---
    /**
     * The client portal signs an assertion of its signed-in user (a JWT) and exchanges it for a
     * Direct Line token; the conversation is then verified as that client. HS256 key shared with
     * the portal (at least 32 characters), and/or a JWKS URL for RS256/ES256 keys. Neither = no
     * portal sign-in (website visitors are anonymous until they verify by a one-time code).
     */
    PORTAL_ASSERTION_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters (HS256 key)').optional()),
    PORTAL_JWKS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), 'must be https (plain http only on loopback)').optional()),
    /** The `aud` the portal's assertions must carry (required with either of the above). */
    PORTAL_ASSERTION_AUDIENCE: optionalString,
    /** The `iss` the portal's assertions must carry; unset = not checked. */
    PORTAL_ASSERTION_ISSUER: optionalString,
    /** Longest lifetime (exp − iat) an assertion may have, in seconds: assertions are exchanged at once. */
    PORTAL_ASSERTION_MAX_LIFETIME_SECONDS: withDefault(z.coerce.number().int().min(10).max(3600), 300),
    /** Policy numbers one client (address, else channel user) may look up per hour in forms and handoffs. */
    POLICY_LOOKUPS_PER_HOUR: withDefault(z.coerce.number().int().min(1).max(100_000), 30),
    /** How long a verified identity lasts in a conversation (portal, Teams or one-time code), in hours. */
    VERIFIED_IDENTITY_HOURS: withDefault(z.coerce.number().int().min(1).max(24 * 7), 8),
    // --- e-mail: one-time codes and filing confirmations ---
    /** SMTP server for outgoing e-mail, e.g. smtps://user:password@smtp.example.com:465; unset = the outbox below. */
    SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
    /** The sender of the bot's e-mail. */
    MAIL_FROM: withDefault(z.string().min(3), 'Zákaznický servis <noreply@localhost>'),
    /** Without SMTP_URL: write e-mail to DATA_DIR/outbox/*.eml (development). false = no e-mail at all (the bot offers the manager instead of a code). */
    MAIL_OUTBOX: withDefault(z.enum(['true', 'false']).transform((v) => v === 'true'), 'true'),
    /** Azure Bot Service Direct Line secret; set = production mode (the page talks to Azure, never sees it). */
    DIRECT_LINE_SECRET: optionalString,
    /** Azure Direct Line base URL (regional endpoints, or a loopback fake in tests). */
    DIRECT_LINE_ENDPOINT: withDefault(
      z.url().refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), 'must be https (plain http only on loopback)'),
      'https://directline.botframework.com',
    ),
    /**
     * Comma-separated origins of other sites' pages that embed the chat and talk to the local
     * Direct Line directly (the client portal, e.g. https://portal.example.com): CORS for
     * /v3/directline/* only. Empty = only the bot's own page.
     */
    WEBCHAT_EMBED_ORIGINS: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .refine((list) => list.split(',').every((o) => /^https?:\/\/[^/\s]+$/i.test(o.trim())), 'must be comma-separated origins like https://portal.example.com (scheme and host, no path)')
        .optional(),
    ),
    /** Comma-separated origins Azure may accept the page's tokens from (production mode). */
    DIRECT_LINE_TRUSTED_ORIGINS: optionalString,
    /** Activities kept per local Direct Line conversation (the oldest are dropped). */
    DIRECT_LINE_MAX_HISTORY: withDefault(z.coerce.number().int().min(10).max(100_000), 500),
    /** Local Direct Line conversations kept at once; past it new ones get 429 (active ones are never evicted). */
    DIRECT_LINE_MAX_CONVERSATIONS: withDefault(z.coerce.number().int().min(10).max(1_000_000), 10_000),
    /** Live local Direct Line conversations one client address may hold. */
    DIRECT_LINE_MAX_CONVERSATIONS_PER_ADDRESS: withDefault(z.coerce.number().int().min(1).max(100_000), 20),
    /** Bytes of history kept per conversation (oldest dropped past it) and in all of them (then 429 for new ones). */
    DIRECT_LINE_MAX_CONVERSATION_BYTES: withDefault(z.coerce.number().int().min(65_536).max(1_073_741_824), 1_048_576),
    DIRECT_LINE_MAX_TOTAL_BYTES: withDefault(z.coerce.number().int().min(1_048_576).max(68_719_476_736), 268_435_456),
    /** Largest activity a website client may post (serialised, channelData and value included). */
    DIRECT_LINE_MAX_ACTIVITY_BYTES: withDefault(z.coerce.number().int().min(1024).max(1_048_576), 32_768),
    /** Largest file upload request (all its files, up to 10, of at most 10 MB each, and the activity); beyond, 413. */
    DIRECT_LINE_MAX_UPLOAD_BYTES: withDefault(z.coerce.number().int().min(65_536).max(1_073_741_824), 52_428_800),
    /** WebSocket streams one conversation may hold at once (Web Chat uses one). */
    DIRECT_LINE_MAX_STREAMS_PER_CONVERSATION: withDefault(z.coerce.number().int().min(1).max(100), 3),
    /** Minutes after which an idle local Direct Line conversation is forgotten. */
    DIRECT_LINE_IDLE_MINUTES: withDefault(z.coerce.number().int().min(1).max(7 * 24 * 60), 240),
    /** Reverse proxies in front of the bot whose X-Forwarded-For / -Proto may be trusted (0 = none). */
    WEBCHAT_TRUSTED_PROXIES: withDefault(z.coerce.number().int().min(0).max(10), 0),
    // --- end website channel ---
    // --- operations and insights ---
    /** Bearer token that GET /metrics on the public port requires; unset = no /metrics there (404). */
    METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
    /** A separate listener for GET /metrics without a token (e.g. 9464); unset = none. */
    METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
    /** Interface of the METRICS_PORT listener: loopback by default, so only the host (or a sidecar) can scrape it. */
    METRICS_HOST: withDefault(z.string(), '127.0.0.1'),
    /** On SIGTERM, how long in-flight requests and turns may run before the process stops anyway. */
    SHUTDOWN_TIMEOUT_SECONDS: withDefault(z.coerce.number().int().min(1).max(600), 25),
    /** Answer log, 👍/👎 feedback and report events older than this are deleted. */
    INSIGHTS_RETENTION_DAYS: withDefault(z.coerce.number().int().min(1).max(3650), 365),
    // --- end operations and insights ---
    // --- Microsoft Teams ---
    /**
     * Microsoft Entra tenants whose Teams activities the bot serves (comma-separated tenant ids);
     * empty = every tenant. Others get no reply (see channels/teams/tenantRestriction.ts).
     */
    ALLOWED_TENANTS: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean) : (v ?? [])),
      z.array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be comma-separated tenant ids (GUIDs)')),
    ),
    /** The bot's public https address (its messaging endpoint's host): Teams cards link to the staff workspace there; the app package lists its domain. */
    PUBLIC_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/i.test(u), 'must be https (plain http only on loopback)').optional()),
    // --- end Microsoft Teams ---
    // --- business register (ARES): buyers' IČO in report forms ---
    /**
     * Base URL of the ARES REST API (GET {ARES_URL}/ekonomicke-subjekty/{ico}); http(s) only.
     * Empty string = no register lookups (forms go on without them); unset = the public ARES.
     */
    ARES_URL: z.preprocess(
      (v) => (v === undefined ? 'https://ares.gov.cz/ekonomicke-subjekty-v-be/rest' : v),
      z.string().trim().refine((u) => u === '' || isHttpUrl(u), 'must be an http(s) URL (no query), or empty to turn the lookup off'),
    ),
    /** Longest a register lookup may take (the form waits for it), in milliseconds. */
    ARES_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(10_000), 1500),
    /** How long a found (or not found) IČO is remembered, in hours. */
    ARES_CACHE_HOURS: withDefault(z.coerce.number().min(0).max(24 * 30), 24),
    /** After a timeout, network error or 5xx, minutes during which lookups answer "unavailable" without asking ARES. */
    ARES_BREAKER_MINUTES: withDefault(z.coerce.number().min(0).max(24 * 60), 5),
    // --- end business register ---
  })
  .superRefine((cfg, ctx) => {
    if (cfg.AZURE_OPENAI_API_KEY && !cfg.AZURE_OPENAI_API_INSTANCE_NAME && !cfg.AZURE_OPENAI_ENDPOINT) {
      ctx.addIssue({ code: 'custom', path: ['AZURE_OPENAI_API_INSTANCE_NAME'], message: 'or AZURE_OPENAI_ENDPOINT is required with AZURE_OPENAI_API_KEY' });
    }
    if (cfg.AZURE_OPENAI_API_KEY && !cfg.AZURE_OPENAI_API_DEPLOYMENT_NAME) {
      ctx.addIssue({ code: 'custom', path: ['AZURE_OPENAI_API_DEPLOYMENT_NAME'], message: 'is required with AZURE_OPENAI_API_KEY' });
    }
    if (cfg.MicrosoftAppId && !cfg.MicrosoftAppPassword && cfg.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (unless MicrosoftAppType=UserAssignedMSI)',
      });
    }
    if (cfg.DATABASE_URL && !cfg.DIRECT_LINE_TOKEN_SECRET && !cfg.DIRECT_LINE_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['DIRECT_LINE_TOKEN_SECRET'],
        message: 'is required when DATABASE_URL is set (every instance must sign and check the website tokens with the same key); or set DIRECT_LINE_SECRET to use Azure Direct Line',
      });
    }
    if ((cfg.PORTAL_ASSERTION_SECRET || cfg.PORTAL_JWKS_URL) && !cfg.PORTAL_ASSERTION_AUDIENCE) {
      ctx.addIssue({ code: 'custom', path: ['PORTAL_ASSERTION_AUDIENCE'], message: 'is required with PORTAL_ASSERTION_SECRET or PORTAL_JWKS_URL (assertions meant for another service must not work here)' });
    }
    if (cfg.MicrosoftAppType === 'SingleTenant' && cfg.MicrosoftAppId && !cfg.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType=SingleTenant',
      });
    }
  });

export type AppConfig = Readonly<z.output<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the whole environment once; every bad variable is reported at once, by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(issueLines(result.error, { root: '(environment)', separator: ': ' }));
  }
  return Object.freeze({
    ...result.data,
    KNOWLEDGE_DIR: path.resolve(result.data.KNOWLEDGE_DIR),
    DATA_DIR: path.resolve(result.data.DATA_DIR),
  });
}

/** The LLM settings, or undefined in offline mode (no key of either kind). */
/** What the LLM mode needs to reach a model; built from the environment by llmSettings below. */
export interface LlmSettings {
  provider: 'openai' | 'azure';
  apiKey: string;
  /** OpenAI-compatible base URL (vLLM, Ollama, a proxy); undefined = OpenAI. */
  baseURL?: string;
  /** Chat model, or the Azure chat deployment. */
  chatModel: string;
  /** Embedding model (or Azure deployment); undefined = keep the offline embeddings. */
  embeddingModel?: string;
  timeoutMs: number;
  maxRetries: number;
  azure?: { instanceName?: string; endpoint?: string; apiVersion: string };
}

export function llmSettings(config: AppConfig): LlmSettings | undefined {
  if (config.AZURE_OPENAI_API_KEY) {
    return {
      provider: 'azure',
      apiKey: config.AZURE_OPENAI_API_KEY,
      chatModel: config.AZURE_OPENAI_API_DEPLOYMENT_NAME!,
      embeddingModel: config.AZURE_OPENAI_API_EMBEDDINGS_DEPLOYMENT_NAME,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
      maxRetries: config.OPENAI_MAX_RETRIES,
      azure: { instanceName: config.AZURE_OPENAI_API_INSTANCE_NAME, endpoint: config.AZURE_OPENAI_ENDPOINT, apiVersion: config.AZURE_OPENAI_API_VERSION },
    };
  }
  if (!config.OPENAI_API_KEY) return undefined;
  return {
    provider: 'openai',
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    chatModel: config.OPENAI_CHAT_MODEL,
    embeddingModel: config.OPENAI_EMBEDDING_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
  };
}

import { randomBytes } from 'node:crypto';
import type { DirectLineTokenService } from './tokenService.js';
import { trimEndChars } from '../../platform/text/trimChars.js';
import { DIRECT_LINE_CHANNEL_ID } from './directLineActivities.js';

/** What the page needs to open (or later resume) its conversation. */
export interface WebChatSession {
  conversationId: string;
  token: string;
  expires_in: number;
  /** The `dl_…` user the token is bound to. */
  userId: string;
  /** The Direct Line base URL for Web Chat's `createDirectLine({ domain })`. */
  domain: string;
}

export interface WebChatSessionIssuer {
  /** The channel id the conversation's activities will carry (identity bindings are per channel). */
  readonly channelId: string;
  /** `origin` is where the page was served from (`http://localhost:3978`). */
  issue(origin: string): Promise<WebChatSession>;
}

/** `dl_` marks a user id as embedded in a token by the server (Web Chat refuses it from a page). */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** Local mode: our own Direct Line, tokens signed here. */
export class LocalSessionIssuer implements WebChatSessionIssuer {
  readonly channelId = DIRECT_LINE_CHANNEL_ID;

  constructor(private readonly tokens: DirectLineTokenService) {}

  async issue(origin: string): Promise<WebChatSession> {
    const userId = newUserId();
    const conversationId = newConversationId();
    const token = await this.tokens.issue({ userId, conversationId });
    return { conversationId, token, expires_in: this.tokens.ttlSeconds, userId, domain: `${origin}/v3/directline` };
  }
}

export class DirectLineServiceError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'DirectLineServiceError';
  }
}

export interface AzureSessionIssuerOptions {
  /** The Direct Line secret: sent to Azure only, never to the browser or a log. */
  secret: string;
  /** `https://directline.botframework.com` or a regional endpoint. */
  endpoint: string;
  trustedOrigins: string[];
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Production mode: exchanges the Direct Line secret for a token bound to a server-chosen user
 * (`POST /v3/directline/tokens/generate`), so the page talks to Azure with a token only.
 */
export class AzureSessionIssuer implements WebChatSessionIssuer {
  /** Azure Direct Line delivers the page's activities to /api/messages with this channel id. */
  readonly channelId = 'directline';
  private readonly endpoint: string;

  constructor(private readonly options: AzureSessionIssuerOptions) {
    this.endpoint = trimEndChars(options.endpoint, '/');
  }

  async issue(): Promise<WebChatSession> {
    const userId = newUserId();
    const body: Record<string, unknown> = { user: { id: userId } };
    if (this.options.trustedOrigins.length > 0) body.trustedOrigins = this.options.trustedOrigins;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(`${this.endpoint}/v3/directline/tokens/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new DirectLineServiceError(`Direct Line did not answer: ${(error as Error).name}`);
    }
    if (!response.ok) throw new DirectLineServiceError('Direct Line refused to generate a token.', response.status);
    const generated = (await response.json().catch(() => ({}))) as { conversationId?: unknown; token?: unknown; expires_in?: unknown };
    if (typeof generated.token !== 'string' || typeof generated.conversationId !== 'string') {
      throw new DirectLineServiceError('Direct Line answered without a token.');
    }
    return {
      conversationId: generated.conversationId,
      token: generated.token,
      expires_in: typeof generated.expires_in === 'number' ? generated.expires_in : 1800,
      userId,
      domain: `${this.endpoint}/v3/directline`,
    };
  }
}

import type { Activity, ChannelAccount } from 'botbuilder';
import { errorBody } from '../../platform/http/errors.js';
// botframework-connector is botbuilder's own dependency (same version); botbuilder does not re-export it.
import { ConnectorClient, ConnectorFactory, type ConnectorClientOptions } from 'botframework-connector';
import { activityForClient, isTransient } from './directLineActivities.js';
import type { DirectLineStore } from './directLineStore.js';
import { trimEndChars } from '../../platform/text/trimChars.js';

/**
 * The serviceUrl of local Direct Line conversations: recognisable, and under `.invalid`, a name
 * reserved never to resolve (RFC 2606), so a request that somehow bypassed the in-process client
 * would fail at name resolution instead of reaching a server.
 */
export const DIRECT_LINE_SERVICE_URL = 'https://directline.invalid/in-process/';

export function isInProcessServiceUrl(serviceUrl: string | undefined): boolean {
  return !!serviceUrl && trimEndChars(serviceUrl, '/') === trimEndChars(DIRECT_LINE_SERVICE_URL, '/');
}

// The ConnectorClient's pluggable HTTP client (an @azure/core-http-compat RequestPolicy), typed
// from the connector's own options so no transitive package has to be imported.
type HttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type WebResource = Parameters<HttpClient['sendRequest']>[0];
type HttpResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;
type HttpHeaders = HttpResponse['headers'];

class JsonHeaders implements HttpHeaders {
  private readonly map = new Map<string, { name: string; value: string }>();
  constructor(raw: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(raw)) this.set(name, value);
  }
  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray() {
    return [...this.map.values()];
  }
  headerNames(): string[] {
    return [...this.map.values()].map((h) => h.name);
  }
  headerValues(): string[] {
    return [...this.map.values()].map((h) => h.value);
  }
  clone(): JsonHeaders {
    return new JsonHeaders(this.toJson({ preserveCase: true }));
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [key, { name, value }] of this.map) result[options.preserveCase ? name : key] = value;
    return result;
  }
}

export interface InProcessConnectorOptions {
  store: DirectLineStore;
  /** The bot's account, as clients see it on its activities. */
  bot: ChannelAccount;
}

/** Puts one of the bot's activities into the conversation's log (and onto its live streams). */
async function deliver(options: InProcessConnectorOptions, conversationId: string, botActivity: Partial<Activity>): Promise<{ id: string }> {
  const activity = activityForClient(botActivity, conversationId, options.bot);
  // A repeated delivery (handoff relay after a crash) carries the same channelData.deliveryId.
  const deliveryId = (botActivity.channelData as { deliveryId?: unknown } | undefined)?.deliveryId;
  const stored = await options.store.append(conversationId, activity, { transient: isTransient(activity), ...(typeof deliveryId === 'string' ? { idempotencyKey: deliveryId } : {}) });
  return { id: stored.id };
}

/**
 * The HTTP side of the in-process connector: answers the Bot Connector REST calls that are not
 * activity sends (members) and refuses the rest, so no connector call for a Direct Line
 * conversation ever goes to the network.
 */
export class InProcessDirectLineHttpClient implements HttpClient {
  constructor(private readonly options: InProcessConnectorOptions) {}

  async sendRequest(request: WebResource): Promise<HttpResponse> {
    const url = new URL(request.url);
    const base = new URL(DIRECT_LINE_SERVICE_URL);
    const path = url.pathname.startsWith(base.pathname) ? url.pathname.slice(base.pathname.length - 1) : url.pathname;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    // v3/conversations/{conversationId}/members[/{memberId}]
    if (request.method === 'GET' && parts[0] === 'v3' && parts[1] === 'conversations' && parts[2] && parts[3] === 'members' && parts.length <= 5) {
      const conversation = await this.options.store.getConversation(parts[2]);
      if (!conversation) return this.respond(request, 404, errorBody('ConversationNotFound', 'The conversation has ended or expired.'));
      const members = [{ id: conversation.userId, role: 'user' }, this.options.bot];
      if (!parts[4]) return this.respond(request, 200, members);
      const member = members.find((m) => m.id === parts[4]);
      return member ? this.respond(request, 200, member) : this.respond(request, 404, errorBody('NotFound', 'No such member.'));
    }
    // Direct Line cannot update or delete activities, nor create conversations from the bot's side.
    return this.respond(request, 405, errorBody('MethodNotAllowed', `Not supported by Direct Line: ${request.method} ${path}`));
  }

  private respond(request: WebResource, status: number, body: unknown): HttpResponse {
    return {
      request,
      status,
      headers: new JsonHeaders({ 'content-type': 'application/json; charset=utf-8' }),
      bodyAsText: JSON.stringify(body),
    } as HttpResponse;
  }
}

/**
 * Makes the ConnectorClient for Direct Line conversations. Its two sending operations hand the
 * activity object straight to the store: sending it through the client's HTTP pipeline would
 * serialize it first, and the connector's serializer (botframework-connector 4.23 on
 * @azure/core-client) keeps only `type`, `text` and `mentioned` of each entity, which would strip
 * the schema.org citations from every answer. Everything else goes through the in-memory HTTP client.
 */
export class InProcessConnectorFactory extends ConnectorFactory {
  private readonly client: ConnectorClient;

  constructor(options: InProcessConnectorOptions) {
    super();
    // No credentials: nothing leaves the process, so there is nothing to sign.
    const noCredentials = { signRequest: async <T>(webResource: T) => webResource };
    const client = new ConnectorClient(noCredentials, {
      baseUri: DIRECT_LINE_SERVICE_URL,
      httpClient: new InProcessDirectLineHttpClient(options),
      noRetryPolicy: true,
    });
    const { conversations } = client;
    conversations.sendToConversation = ((conversationId: string, activity: Partial<Activity>) =>
      deliver(options, conversationId, activity)) as typeof conversations.sendToConversation;
    conversations.replyToActivity = ((conversationId: string, _activityId: string, activity: Partial<Activity>) =>
      deliver(options, conversationId, activity)) as typeof conversations.replyToActivity;
    this.client = client;
  }

  async create(): Promise<ConnectorClient> {
    return this.client;
  }
}

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string }[];
  tools?: { function: { name: string } }[];
  response_format?: { json_schema?: { name: string } };
}

/** What the fake does with one chat request. */
export type ChatBehaviour =
  | { arguments: unknown; /** Pause between streamed pieces. */ chunkDelayMs?: number }
  | { status: number; body?: string; retryAfter?: string }
  | { delayMs: number; arguments: unknown }
  | { malformed: true };

export interface FakeOpenAI {
  baseURL: string;
  chatRequests: ChatRequest[];
  embeddingRequests: { model: string; input: string[] }[];
  /** Decides the reply to each chat request, by the structured-output name ("grounded_answer", …). */
  onChat: (name: string, request: ChatRequest) => ChatBehaviour;
  /** Optional failures for embedding requests (e.g. one 429 first). */
  onEmbeddings?: (callIndex: number) => { status: number; retryAfter?: string } | undefined;
  close(): Promise<void>;
}

/** A deterministic embedding: texts sharing words get similar vectors. */
export function fakeVector(text: string, dims = 32): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = createHash('md5').update(word).digest();
    v[h[0]! % dims]! += 1;
  }
  const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0)) || 1;
  return v.map((x) => x / norm);
}

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat completions answering
 * structured-output requests (tool calls or json_schema), and embeddings (float or base64).
 * The real @langchain/openai client talks to it; nothing leaves the machine.
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const fake: FakeOpenAI = {
    baseURL: '',
    chatRequests: [],
    embeddingRequests: [],
    onChat: () => ({ status: 500 }),
    close: async () => undefined,
  };
  let embeddingCalls = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        return send(400, '{"error":{"message":"bad json"}}');
      }
      if (req.url?.endsWith('/embeddings')) {
        const input = (Array.isArray(body.input) ? body.input : [body.input]) as string[];
        fake.embeddingRequests.push({ model: String(body.model), input });
        const failure = fake.onEmbeddings?.(embeddingCalls++);
        if (failure) return send(failure.status, JSON.stringify({ error: { message: 'fake failure' } }), failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {});
        const data = input.map((text, index) => {
          const vector = fakeVector(text);
          const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
          return { object: 'embedding', index, embedding };
        });
        return send(200, JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      }
      if (req.url?.endsWith('/chat/completions')) {
        const request = body as unknown as ChatRequest;
        fake.chatRequests.push(request);
        const name = request.tools?.[0]?.function.name ?? request.response_format?.json_schema?.name ?? '';
        const behaviour = fake.onChat(name, request);
        const reply = (args: unknown) => {
          const toolCall = request.tools ? { tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }], content: null } : { content: JSON.stringify(args) };
          send(200, JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: request.model, choices: [{ index: 0, message: { role: 'assistant', ...toolCall }, finish_reason: request.tools ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
        };
        if ('malformed' in behaviour) return send(200, '{"id": "chatcmpl-1", "choices": [ {');
        if (request.stream && 'arguments' in behaviour) {
          // Server-sent events: the JSON answer in small content deltas, as a streaming model sends it.
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const text = JSON.stringify(behaviour.arguments);
          const event = (delta: object, finish: string | null = null) =>
            `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
          res.write(event({ role: 'assistant', content: '' }));
          const pieces = text.match(/[\s\S]{1,12}/g) ?? [];
          const delay = 'chunkDelayMs' in behaviour ? (behaviour.chunkDelayMs ?? 0) : 0;
          const finish = () => {
            res.write(event({}, 'stop'));
            res.end('data: [DONE]\n\n');
          };
          if (!delay) {
            for (const piece of pieces) res.write(event({ content: piece }));
            finish();
            return;
          }
          let i = 0;
          const timer = setInterval(() => {
            if (i < pieces.length) res.write(event({ content: pieces[i++]! }));
            else {
              clearInterval(timer);
              finish();
            }
          }, delay);
          return;
        }
        if ('status' in behaviour) {
          return send(behaviour.status, behaviour.body ?? JSON.stringify({ error: { message: 'fake failure' } }), behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {});
        }
        if ('delayMs' in behaviour) {
          setTimeout(() => reply(behaviour.arguments), behaviour.delayMs);
          return;
        }
        return reply(behaviour.arguments);
      }
      send(404, '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

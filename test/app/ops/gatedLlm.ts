import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 that holds the first chat request until the test
 * releases it: a turn that is "slow" exactly as long as the test needs, without timing. Every
 * chat request then fails with 500, so the bot answers with its offline fallback.
 */
export interface GatedLlm {
  baseURL: string;
  /** Resolves when the first chat request has arrived (the turn is in progress). */
  firstRequest: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function startGatedLlm(): Promise<GatedLlm> {
  let arrived!: () => void;
  const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrived();
      void gate.then(() => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"gated test failure"}}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    firstRequest,
    release: open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChannelStub {
  /** Use as the activities' serviceUrl. */
  url: string;
  /** Replies the bot sent to it (bodies not kept: only a count is needed). */
  readonly received: number;
  close(): Promise<void>;
}

/**
 * A Bot Framework channel on loopback that accepts every reply at once. Turns that are not
 * batched (deliveryMode other than expectReplies) POST their replies to the serviceUrl; without
 * a listener there the connector would retry a refused connection for seconds.
 */
export async function startChannelStub(): Promise<ChannelStub> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `stub-${received}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

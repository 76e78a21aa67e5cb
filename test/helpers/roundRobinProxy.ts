import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A plain round-robin load balancer on 127.0.0.1 for the multi-instance tests: every HTTP request
 * and every WebSocket upgrade goes to the next backend, with no stickiness of any kind. Like a
 * real balancer's health check, a backend that refuses the connection (a killed instance) is
 * skipped for that request; a request already sent to a backend that dies answers 502.
 */
export interface RoundRobinProxy {
  url: string;
  /** The backends by URL (http://127.0.0.1:port); replace one after a restart. */
  backends: string[];
  /** How many requests and upgrades each backend got, by URL. */
  readonly served: Map<string, number>;
  /** Drops every WebSocket passing through (as a balancer's restart or idle timeout would). */
  dropSockets(): void;
  /** The backend URLs holding WebSockets now, one entry per socket. */
  socketBackends(): string[];
  /** WebSocket upgrades passed on so far. */
  readonly upgrades: number;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served = new Map<string, number>();
  const tunnels = new Map<Duplex, string>();
  let upgrades = 0;
  const proxy: Omit<RoundRobinProxy, 'url' | 'upgrades'> & { url?: string } = {
    backends: [...backends],
    served,
    dropSockets() {
      for (const s of tunnels.keys()) s.destroy();
      tunnels.clear();
    },
    socketBackends: () => [...tunnels.values()],
    close: async () => undefined,
  };

  /** Connects to the next backend that accepts a connection, starting with the next in turn. */
  const connectNext = (): Promise<{ socket: net.Socket; backend: string }> =>
    new Promise((resolve, reject) => {
      const order = proxy.backends.map((_, i) => proxy.backends[(next + i) % proxy.backends.length]!);
      next = (next + 1) % proxy.backends.length;
      const attempt = (i: number) => {
        if (i >= order.length) return reject(new Error('no backend accepted the connection'));
        const backend = order[i]!;
        const { hostname, port } = new URL(backend);
        const socket = net.connect(Number(port), hostname);
        socket.once('connect', () => {
          socket.removeAllListeners('error');
          served.set(backend, (served.get(backend) ?? 0) + 1);
          resolve({ socket, backend });
        });
        socket.once('error', () => attempt(i + 1));
      };
      attempt(0);
    });

  const server = http.createServer((req, res) => {
    connectNext().then(
      ({ socket, backend }) => {
        const { port } = new URL(backend);
        const upstream = http.request(
          { createConnection: () => socket, host: '127.0.0.1', port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', () => {
          if (res.headersSent) return res.destroy();
          res.statusCode = 502;
          res.end();
        });
        req.pipe(upstream);
      },
      () => {
        res.statusCode = 502;
        res.end();
      },
    );
  });

  server.on('upgrade', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    connectNext().then(
      ({ socket, backend }) => {
        upgrades++;
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) socket.write(head);
        tunnels.set(client, backend);
        const end = () => {
          tunnels.delete(client);
          client.destroy();
          socket.destroy();
        };
        socket.on('error', end);
        client.on('error', end);
        socket.on('close', end);
        client.on('close', end);
        socket.pipe(client);
        client.pipe(socket);
      },
      () => client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A getter, defined (Object.assign would copy its value once).
  Object.defineProperty(proxy, 'upgrades', { get: () => upgrades });
  return Object.assign(proxy, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.dropSockets();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as RoundRobinProxy;
}

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface ChildBot {
  url: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown handler runs, exactly like a crash. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the real entry point (app/index.ts) as a separate process and waits until /healthz says ok. */
export async function startChildBot(env: Record<string, string>, timeoutMs = 60_000, options: { imports?: string[] } = {}): Promise<ChildBot> {
  const port = await freePort();
  const imports = (options.imports ?? []).flatMap((file) => ['--import', file]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, path.resolve('app/index.ts')], {
    // The child gets SQLite in its DATA_DIR unless the caller asks for PostgreSQL: CI's
    // DATABASE_URL (for the PostgreSQL tests) is not inherited. Nor is the public ARES: the
    // register lookup is off unless the caller passes a fake's URL (test/helpers/fakeAres.ts).
    // The tests post unsigned activities, as the Emulator does (the development opt-in).
    env: { ...process.env, DATABASE_URL: '', ARES_URL: '', LOG_LEVEL: 'warn', DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot did not become healthy: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    url,
    process: child,
    async crash() {
      child.kill('SIGKILL');
      await exited();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited();
    },
  };
}

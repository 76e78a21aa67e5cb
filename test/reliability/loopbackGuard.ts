import net from 'node:net';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface LoopbackGuard {
  /** Hosts something in this process tried to reach, other than loopback. */
  readonly blocked: readonly string[];
  restore(): void;
}

/** The host a `Socket.prototype.connect` call names; undefined for a local (IPC) path. */
function hostOf(args: unknown[]): string | undefined {
  // net.createConnection passes its normalised arguments as one array.
  const list = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const [first, second] = list;
  if (first && typeof first === 'object') {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined;
    return options.host ?? 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof second === 'string' ? second : 'localhost';
  return undefined;
}

/**
 * Makes every TCP connection this process opens to anything but loopback fail at once, and
 * records the host. The tests run the real bot in process: this proves that no generated input
 * makes it call out, and keeps the run offline even if one does.
 */
export function guardLoopback(): LoopbackGuard {
  const original = net.Socket.prototype.connect;
  const blocked: string[] = [];
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK_HOSTS.has(host)) {
      blocked.push(host);
      process.nextTick(() => this.destroy(new Error(`connection to ${host} blocked: tests stay on loopback`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    blocked,
    restore() {
      net.Socket.prototype.connect = original;
    },
  };
}

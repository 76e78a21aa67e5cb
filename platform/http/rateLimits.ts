import type { Request, Response } from 'restify';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { sendError } from './errors.js';
import { clientAddress } from './requestOrigin.js';

/** Makes a limiter of `points` per `duration` seconds; keyPrefix keeps limiters sharing one store apart. */
export type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/** One instance: counts in this process. */
export const memoryLimiters: LimiterFactory = (options) => new RateLimiterMemory(options);

export interface RateLimitOptions {
  perIpPerMinute: number;
  perUserPerMinute: number;
  trustedProxies: number;
  /** Channel traffic (Teams, Azure Direct Line) all arrives from Microsoft's addresses: no per-IP limit then. */
  perIpOnMessages: boolean;
  /** Where the counts live; in memory by default, shared (PostgreSQL) with several instances. */
  limiters?: LimiterFactory;
}

/** The outcome of a check: undefined to go on, or the seconds to wait. */
type Verdict = number | undefined;

async function consume(limiter: RateLimiterAbstract, key: string): Promise<Verdict> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/**
 * Per-IP and per-user request limits for the chat, ask and staff endpoints: beyond them, 429 with
 * Retry-After. In memory for one instance, in the shared store with several (`limiters`).
 */
export class RateLimits {
  private readonly perIp: RateLimiterAbstract;
  private readonly perUser: RateLimiterAbstract;

  constructor(private readonly o: RateLimitOptions) {
    const limiters = o.limiters ?? memoryLimiters;
    this.perIp = limiters({ keyPrefix: 'ip', points: o.perIpPerMinute, duration: 60 });
    this.perUser = limiters({ keyPrefix: 'user', points: o.perUserPerMinute, duration: 60 });
  }

  /** Checks a request; sends the 429 itself and returns false when over a limit. */
  async allow(req: Request, res: Response, kind: 'messages' | 'ask' | 'staff', userId?: string): Promise<boolean> {
    let wait: Verdict;
    if (kind !== 'messages' || this.o.perIpOnMessages) wait = await consume(this.perIp, clientAddress(req, this.o.trustedProxies));
    if (wait === undefined && userId) wait = await consume(this.perUser, `${kind}:${userId}`);
    if (wait === undefined) return true;
    res.header('Retry-After', String(wait));
    sendError(res, 429, 'TooManyRequests', `Too many requests; try again in ${wait} s.`);
    return false;
  }
}

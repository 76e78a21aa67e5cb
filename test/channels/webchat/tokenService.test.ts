import { describe, expect, it } from 'vitest';
import { DirectLineTokenService, TokenError } from '../../../channels/webchat/tokenService.js';

const secret = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes!!');
const grant = { userId: 'dl_abc', conversationId: 'conv1' };

function serviceAt(start: string, options: { secret?: Uint8Array; ttlSeconds?: number } = {}) {
  let now = Date.parse(start);
  const service = new DirectLineTokenService({ secret: options.secret ?? secret, ttlSeconds: options.ttlSeconds ?? 1800, now: () => now });
  return { service, advance: (seconds: number) => (now += seconds * 1000) };
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).problem;
  }
}

describe('DirectLineTokenService', () => {
  it('round-trips the user and the conversation', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    const token = await service.issue(grant);
    const verified = await service.verify(token);
    expect(verified).toEqual({ ...grant, expiresAt: Date.parse('2026-03-02T09:30:00Z') / 1000 });
    expect(service.secondsLeft(verified)).toBe(1800);
  });

  it('expires after its lifetime (injected clock, no waiting)', async () => {
    const { service, advance } = serviceAt('2026-03-02T09:00:00Z');
    const token = await service.issue(grant);
    advance(1799);
    expect((await service.verify(token)).userId).toBe('dl_abc');
    advance(2);
    expect(await problemOf(service.verify(token))).toBe('expired');
  });

  it('rejects tokens signed with another key, even expired ones, as invalid', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    const forger = serviceAt('2026-03-02T08:00:00Z', { secret: new TextEncoder().encode('the-forgers-own-secret-0123456789abc') }).service;
    expect(await problemOf(service.verify(await forger.issue(grant)))).toBe('invalid');
  });

  it('keeps stream tokens and conversation tokens apart', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    expect(await problemOf(service.verify(await service.issueStreamToken(grant)))).toBe('invalid');
    expect(await problemOf(service.verifyStreamToken(await service.issue(grant)))).toBe('invalid');
    expect((await service.verifyStreamToken(await service.issueStreamToken(grant))).conversationId).toBe('conv1');
  });

  it('stream tokens live for minutes only', async () => {
    const { service, advance } = serviceAt('2026-03-02T09:00:00Z');
    const token = await service.issueStreamToken(grant);
    advance(301);
    expect(await problemOf(service.verifyStreamToken(token))).toBe('expired');
  });

  it('refuses a key too short for HS256', () => {
    expect(() => new DirectLineTokenService({ secret: new Uint8Array(16), ttlSeconds: 60 })).toThrow(/32 bytes/);
  });

  it('rejects garbage', async () => {
    const { service } = serviceAt('2026-03-02T09:00:00Z');
    for (const token of ['', 'abc', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJ1c2VyIjoiZGxfYSIsImNvbnYiOiJjIn0.']) {
      expect(await problemOf(service.verify(token))).toBe('invalid');
    }
  });
});

/**
 * How many policy numbers one requester (a client address, else a channel user) may look up an
 * hour in forms and the handoff dialog. "Found / not found" is all a lookup tells, but unbounded
 * it would let a script list which numbers exist. In memory, per instance: a bound on abuse, not
 * an exact quota.
 */
export class PolicyLookupGuard {
  private readonly lookups = new Map<string, number[]>();

  constructor(
    private readonly perHour: number,
    private readonly now: () => Date,
    /** Requesters remembered at once; the longest-idle are forgotten first. */
    private readonly maxRequesters = 10_000,
  ) {}

  /** Counts a lookup; false when the requester is over the limit (the lookup must not happen). */
  allow(requester: string): boolean {
    const now = this.now().getTime();
    const recent = (this.lookups.get(requester) ?? []).filter((at) => at > now - 3_600_000);
    this.lookups.delete(requester);
    if (recent.length >= this.perHour) {
      this.lookups.set(requester, recent);
      return false;
    }
    recent.push(now);
    this.lookups.set(requester, recent);
    // A Map iterates in insertion order: the first key is the one idle longest.
    if (this.lookups.size > this.maxRequesters) this.lookups.delete(this.lookups.keys().next().value!);
    return true;
  }
}

/**
 * Polls /healthz while an attack or fuzz run is going on: every answer must come, and be 200,
 * so a request that stalls or crashes the server shows up here even when its own response is fine.
 * The timeout is a liveness bound (a stalled event loop), generous enough for a loaded CI machine.
 */
export interface HealthMonitor {
  /** Stops polling; resolves with what was seen. */
  stop(): Promise<{ polls: number; failures: string[] }>;
}

export function monitorHealth(baseUrl: string, intervalMs = 50, timeoutMs = 10_000): HealthMonitor {
  let running = true;
  let polls = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        if (res.status !== 200) failures.push(`status ${res.status}`);
      } catch (error) {
        failures.push(`no answer within ${timeoutMs} ms: ${(error as Error).message}`);
      }
      polls++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { polls, failures };
    },
  };
}
